"""The campaign record of a routed push: where it lives, how it is read back, and the errors it raises.

The campaign against a real server is in tests/integration/test_doccano_routing.py.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from khabar.doccano.campaign import CampaignRecord, annotator_project, campaign_path, load_campaign, push_routed
from khabar.errors import ConfigError, InputError

URL = "http://127.0.0.1:8999"


def test_a_record_is_saved_privately_and_read_back(tmp_path) -> None:
    record = CampaignRecord("حملة/1", URL, ["amal", "bilal"], 1, 0.5, projects={"amal": "حملة/1--amal"})
    router = record.router()
    routed = router.route(["d1", "d2", "d3", "d4"])
    record.assignments = {d: list(a) for d, a in routed.items()}
    record.shared_ids = sorted(router.shared_ids)
    path = campaign_path(tmp_path, URL, "حملة/1")
    assert path.parent == tmp_path / "pushes" and "/" not in path.name[:-5]
    record.save(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = load_campaign(tmp_path, URL, "حملة/1")
    assert again == record
    assert again.router().loads == router.loads and len(again.shared_ids) == 2
    assert load_campaign(tmp_path, URL, "another") is None
    assert load_campaign(tmp_path, "http://127.0.0.1:9000", "حملة/1") is None  # another server, another record
    assert annotator_project("حملة/1", "amal") == "حملة/1--amal"


@pytest.mark.parametrize("content", ["{not json", json.dumps({"campaign": "c", "unknown": 1}), "\udcff"])
def test_a_damaged_record_is_e394_naming_its_file(tmp_path, content) -> None:
    path = campaign_path(tmp_path, URL, "c")
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    with pytest.raises(ConfigError) as caught:
        load_campaign(tmp_path, URL, "c")
    assert caught.value.code == "E394" and caught.value.path == path


def test_a_record_of_another_campaign_at_the_path_is_e394(tmp_path) -> None:
    CampaignRecord("other", URL, ["a"], 1, 0.0).save(campaign_path(tmp_path, URL, "c"))
    with pytest.raises(ConfigError) as caught:
        load_campaign(tmp_path, URL, "c")
    assert caught.value.code == "E394" and "'other'" in str(caught.value)


def test_a_first_routed_push_needs_annotators_and_k_and_a_later_one_keeps_them(tmp_path) -> None:
    session = SimpleNamespace(url=URL, username="admin")  # both errors come before any request
    with pytest.raises(InputError) as caught:
        push_routed(session, "c", [], None, None, state_dir=tmp_path)
    assert caught.value.code == "E395" and caught.value.field == "per_document"
    CampaignRecord("c", URL, ["a", "b", "d"], 2, 0.1).save(campaign_path(tmp_path, URL, "c"))
    with pytest.raises(ConfigError) as caught:
        push_routed(session, "c", [], ["b", "a"], 2, 0.2, state_dir=tmp_path)
    message = str(caught.value)
    assert caught.value.code == "E393"
    assert "annotators ['a', 'b'] instead of ['a', 'b', 'd']" in message and "--shared 0.2 instead of 0.1" in message
    assert "--per-document" not in message


def test_an_annotator_missing_from_their_projects_export_is_e396(tmp_path, monkeypatch) -> None:
    from khabar.doccano import campaign
    from khabar.doccano.pull import Manifest

    def export_without_the_annotator(session, project, out, only_confirmed=False, state_dir=None):
        return Manifest(project, 7, URL, "2026-01-01T00:00:00+00:00", only_confirmed)  # only the admin was there

    monkeypatch.setattr(campaign, "pull", export_without_the_annotator)
    record = CampaignRecord("c", URL, ["amal"], 1, 0.0, projects={"amal": "c--amal"})
    with pytest.raises(ConfigError) as caught:
        campaign.pull_campaign(SimpleNamespace(url=URL), record, tmp_path / "out")
    assert caught.value.code == "E396" and "'c--amal'" in str(caught.value) and "'amal'" in str(caught.value)
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize(("field", "value"), [
    ("annotators", "amalbilal"),  # was routed letter by letter
    ("annotators", ["amal", 5]),
    ("per_document", "1"),  # was blamed on --per-document (E390)
    ("shared", None),
    ("assignments", [["d1", "amal"]]),
    ("assignments", {"d1": "amal"}),
    ("shared_ids", "d1"),
    ("projects", ["c--amal"]),
    ("seed", 7),
])
def test_a_record_with_a_value_of_the_wrong_type_is_e394_naming_the_field(tmp_path, field, value) -> None:
    path = campaign_path(tmp_path, URL, "c")
    good = CampaignRecord("c", URL, ["amal", "bilal"], 1, 0.0, assignments={"d1": ["amal"]})
    good.save(path)
    assert load_campaign(tmp_path, URL, "c") == good
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, field: value}), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_campaign(tmp_path, URL, "c")
    assert caught.value.code == "E394" and caught.value.path == path and caught.value.field == field
    assert "restore it" in caught.value.message

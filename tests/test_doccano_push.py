"""Unit tests of :mod:`khabar.doccano.push` that need no server (the pipeline itself is tested on a real one in
tests/integration)."""

from __future__ import annotations

import pytest

from khabar.doccano.push import ROUTES, push
from khabar.errors import InputError


class _NoServer:
    """A session that fails any request: the push must refuse before it talks to the server."""

    username = "admin"
    url = "http://127.0.0.1:9"

    def __getattr__(self, name: str):
        raise AssertionError(f"the push used the session ({name}) before checking its options")


def test_an_unknown_route_is_refused_before_the_server_is_asked() -> None:
    with pytest.raises(InputError) as caught:
        push(_NoServer(), "p", [], route="celery")  # type: ignore[arg-type]
    assert caught.value.code == "E365" and "celery" in str(caught.value) and caught.value.field == "route"
    assert ROUTES == ("upload", "database", "auto")


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), SystemExit(143)])
def test_an_interrupted_push_says_to_run_it_again(monkeypatch: pytest.MonkeyPatch, tmp_path, stop) -> None:
    # Ctrl-C or SIGTERM mid-push ended it without a word, while doccano went on importing the batch it had.
    from types import SimpleNamespace

    import khabar.doccano.push as push_module
    from khabar.cli import doccano as cli

    def interrupted(*args, **kwargs):
        raise stop

    monkeypatch.setattr(cli, "_session", lambda *args: SimpleNamespace(url="http://127.0.0.1:1"))
    monkeypatch.setattr(push_module, "push", interrupted)
    messages: list[str] = []
    monkeypatch.setattr(cli.typer, "echo", lambda message, err=False: messages.append((message, err)))
    with pytest.raises(type(stop)):
        typed = SimpleNamespace(params={"corpus": str(tmp_path / "corpus.jsonl")})  # click's context: what was typed
        cli.push(typed, tmp_path / "corpus.jsonl", "p", state_dir=tmp_path, url=None, username=None)
    assert messages == [(cli.INTERRUPTED_PUSH, True)]


def test_a_project_name_doccano_would_refuse_is_E386() -> None:
    from khabar.doccano.project import MAX_PROJECT_NAME, check_project_name

    assert check_project_name("ن" * MAX_PROJECT_NAME) == "ن" * MAX_PROJECT_NAME
    with pytest.raises(InputError) as info:
        check_project_name("campaign--" + "a" * MAX_PROJECT_NAME)
    assert (info.value.code, info.value.field) == ("E386", "project")
    assert f"{MAX_PROJECT_NAME + 10} characters" in str(info.value)


def test_push_names_the_corpus_as_typed(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # A routed push reads every document before the server is asked anything: a bad line said bad.jsonl:2.
    import json
    from pathlib import Path
    from types import SimpleNamespace

    from typer.testing import CliRunner

    from khabar.cli import app
    from khabar.cli import doccano as cli

    monkeypatch.chdir(tmp_path)
    record = json.dumps({"id": "a", "text": "قال الوزير إن الاجتماع انتهى."}, ensure_ascii=False)
    Path("bad.jsonl").write_text(record + "\n{broken\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_session", lambda *args: SimpleNamespace(url="http://127.0.0.1:9"))
    result = CliRunner().invoke(app, ["doccano", "push", "./bad.jsonl", "--project", "p", "--per-document", "1",
                                      "--annotators", "ann", "--dir", "state"])
    assert isinstance(result.exception, InputError), result.output
    assert str(result.exception).startswith("[E001] ./bad.jsonl:2: not valid JSON")
    assert not list(Path("state").glob("**/*.json"))  # nothing routed

"""The push's lock and journal in the state folder (no server needed)."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from khabar.doccano.push_state import PushJournal, project_lock, push_state_stem
from khabar.errors import ConfigError


def _hold(stem: Path, ready, release) -> None:
    with project_lock(stem, "p", timeout=None):
        ready.set()
        release.wait(30)


def test_a_second_push_waits_then_fails_naming_the_holder(tmp_path: Path) -> None:
    stem = push_state_stem(tmp_path, "http://127.0.0.1:8000", 7)
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(stem, ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        started = time.monotonic()
        with pytest.raises(ConfigError) as err:
            with project_lock(stem, "p", timeout=0.5):
                pass
        assert 0.5 <= time.monotonic() - started < 5
        assert err.value.code == "E381" and f"pid {holder.pid}" in str(err.value) and "'p'" in str(err.value)
    finally:
        release.set()
        holder.join(30)
    # Released when the holder ends: the lock is taken at once.
    with project_lock(stem, "p", timeout=0):
        assert (stem.with_suffix(".lock")).read_text().strip() == str(os.getpid())


def test_the_lock_dies_with_its_holder(tmp_path: Path) -> None:
    stem = push_state_stem(tmp_path, "http://127.0.0.1:8000", 1)
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(stem, ready, release))
    holder.start()
    assert ready.wait(30)
    holder.kill()  # SIGKILL: no finally block runs
    holder.join(30)
    with project_lock(stem, "p", timeout=2):
        pass


def test_lock_and_journal_are_private_and_per_server_and_project(tmp_path: Path) -> None:
    a = push_state_stem(tmp_path, "http://127.0.0.1:8000/", 3)
    assert a == push_state_stem(tmp_path, "http://127.0.0.1:8000", 3)
    assert a != push_state_stem(tmp_path, "http://127.0.0.1:8001", 3) != push_state_stem(tmp_path, "http://127.0.0.1:8000", 4)
    # The same id in a new database (a fresh server on the same port): a journal of its own.
    assert push_state_stem(tmp_path, "http://127.0.0.1:8000", 3, "2026-12-04T03:00:00Z") != a
    assert oct(a.parent.stat().st_mode & 0o777) == "0o700"
    with project_lock(a, "p", timeout=0):
        pass
    journal = PushJournal(a)
    journal.commit(["x"])
    for path in (a.with_suffix(".lock"), a.with_suffix(".journal")):
        assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_journal_remembers_verified_batches_and_pending_uploads(tmp_path: Path) -> None:
    stem = push_state_stem(tmp_path, "http://h", 1)
    journal = PushJournal(stem)
    assert journal.verified == set() and journal.pending_uploads == set()
    journal.commit(["b", "a"])
    journal.commit([])
    journal.upload_started("u1")
    journal.upload_imported("u1")
    journal.upload_started("u2")
    journal.commit(["c"])
    again = PushJournal(stem)
    assert again.verified == {"a", "b", "c"}
    assert again.pending_uploads == {"u2"}
    again.uploads_settled(again.pending_uploads)
    assert PushJournal(stem).pending_uploads == set()
    lines = [json.loads(line) for line in stem.with_suffix(".journal").read_text().splitlines()]
    assert lines[0] == {"verified": ["a", "b"]}


def test_a_journal_line_cut_short_by_a_crash_is_ignored(tmp_path: Path) -> None:
    stem = push_state_stem(tmp_path, "http://h", 1)
    PushJournal(stem).commit(["a"])
    with open(stem.with_suffix(".journal"), "a", encoding="utf-8") as handle:
        handle.write('{"verified": ["b", "c')  # the batch after it was never committed
    assert PushJournal(stem).verified == {"a"}


def test_an_append_after_a_cut_line_starts_a_line_of_its_own(tmp_path: Path) -> None:
    stem = push_state_stem(tmp_path, "http://h", 1)
    PushJournal(stem).commit(["a"])
    path = stem.with_suffix(".journal")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"verified": ["b", "c')
    PushJournal(stem).commit(["d"])  # it used to continue the cut line, and both were lost
    assert PushJournal(stem).verified == {"a", "d"}
    assert path.read_text(encoding="utf-8") == '{"verified": ["a"]}\n{"verified": ["d"]}\n'


def test_a_whole_last_line_without_its_line_feed_is_kept_and_ended(tmp_path: Path) -> None:
    stem = push_state_stem(tmp_path, "http://h", 1)
    path = stem.with_suffix(".journal")
    path.write_text('{"verified": ["a"]}', encoding="utf-8")
    PushJournal(stem).commit(["b"])
    assert PushJournal(stem).verified == {"a", "b"}
    assert path.read_text(encoding="utf-8").splitlines() == ['{"verified": ["a"]}', '{"verified": ["b"]}']


@pytest.mark.parametrize(("content", "line", "field"), [
    ('{"verified": ["a"]}\n{"verif\n{"verified": ["b"]}\n', 2, None),  # damaged in the middle: no crash does that
    ('{"verified": ["a"]}\nnot json\n', 2, None),
    ('"verified"\n', 1, None),
    ('[1, 2]\n', 1, None),
    ('{"verified": "abc"}\n', 1, "verified"),  # was read as the ids "a", "b" and "c"
    ('{"verified": [1]}\n', 1, "verified"),
    ('{"upload": ["u"]}\n', 1, "upload"),
    ('{"imported": 5}\n', 1, "imported"),
    ('{"verified": ["a"]}\n\xff\n', 2, None),
])
def test_a_damaged_journal_is_e308_not_an_empty_one(tmp_path: Path, content: str, line: int, field: str | None) -> None:
    stem = push_state_stem(tmp_path, "http://h", 1)
    path = stem.with_suffix(".journal")
    path.write_bytes(content.encode("latin-1" if "\xff" in content else "utf-8"))
    with pytest.raises(ConfigError) as caught:
        PushJournal(stem)
    assert caught.value.code == "E308"
    assert (caught.value.path, caught.value.line, caught.value.field) == (path, line, field)
    assert "restore it" in caught.value.message
    assert path.read_bytes() == content.encode("latin-1" if "\xff" in content else "utf-8")  # left as it was

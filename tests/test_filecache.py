"""A long-running build remembers what it read from a file only while the file is unchanged."""

from __future__ import annotations

import os
import time

import generator.inputs.filecache as filecache
from generator.inputs.filecache import FileCache


def _counting() -> tuple[FileCache[str], list[bytes]]:
    calls: list[bytes] = []

    def compute(data: bytes) -> str:
        calls.append(data)
        return data.decode()

    return FileCache(compute), calls


def test_a_settled_unchanged_file_is_read_once_and_a_change_is_seen(tmp_path, monkeypatch):
    path = tmp_path / "a.yml"
    path.write_text("one")
    cache, calls = _counting()
    assert cache(path) == cache(path) == "one"
    assert len(calls) == 2, "a file written just now is read every time"
    monkeypatch.setattr(filecache, "SETTLE_NS", 0)  # as if it had been left alone long enough
    assert cache(path) == cache(path) == "one"
    assert len(calls) == 3
    path.write_text("two")  # the same size,
    then = time.time() - 3600
    os.utime(path, (then, then))  # and an old modification time: its change time still tells
    assert cache(path) == "two"


def test_a_file_changed_within_the_settle_time_is_always_read_again(tmp_path):
    path = tmp_path / "b.yml"
    cache, calls = _counting()
    for text in ("x", "y", "z"):
        path.write_text(text)
        assert cache(path) == text
    assert len(calls) == 3

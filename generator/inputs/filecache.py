"""What a long-running process (``img-guide build --watch``, a benchmark) learns from a file,
remembered while the file stays the same, so a rebuild reads only the files that changed.

A file counts as the same while its size, modification and change times and inode are; this is
how git's index and make decide. A file changed less than ``SETTLE`` seconds before it was read
is not remembered: two writes within one tick of the file system's clock would leave the same
times, so such a file is read again until its times are old enough to tell any later write apart.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
SETTLE_NS = 2_000_000_000  # 2 s: longer than any file system's timestamp granularity in use


class FileCache(Generic[T]):
    """``compute(bytes)`` of each file, computed again only when the file changed."""

    def __init__(self, compute: Callable[[bytes], T]) -> None:
        self.compute = compute
        self._known: dict[str, tuple[tuple[int, int, int, int], T]] = {}

    def __call__(self, path: str | os.PathLike[str]) -> T:
        name = os.fspath(path)
        st = os.stat(name)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        known = self._known.get(name)
        if known is not None and known[0] == stamp:
            return known[1]
        with open(name, "rb") as f:
            value = self.compute(f.read())
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLE_NS:
            self._known[name] = (stamp, value)
        else:
            self._known.pop(name, None)
        return value


def file_names(folder: str | os.PathLike[str], follow_symlinks: bool = True) -> set[str]:
    """The names of the regular files in ``folder``, from one listing (none if it is unreadable);
    without ``follow_symlinks``, a link is not a regular file."""
    try:
        with os.scandir(folder) as entries:
            return {e.name for e in entries if e.is_file(follow_symlinks=follow_symlinks)}
    except OSError:
        return set()

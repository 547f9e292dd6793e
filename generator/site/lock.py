"""One build of a project at a time, and worker processes that die with their build.

The lock is the maintained, cross-platform ``filelock`` library (an OS lock: ``flock`` on POSIX,
``msvcrt`` on Windows), imported only when a command takes the lock, so commands that read the
project (``validate``, ``explain``) run wherever Python does. The operating system releases the
lock when the holding process dies, even by SIGKILL, so a crashed build never blocks the next.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import LockedError

LOCK = ".img-guide.lock"


_HELD: set[Path] = set()


@contextmanager
def project_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's build lock, waiting up to ``wait`` seconds for another build."""
    from filelock import FileLock, Timeout

    path = (root / LOCK).resolve()
    if path in _HELD:
        raise LockedError(_BUSY)
    lock = FileLock(str(path), timeout=max(0.0, wait), mode=0o644)
    try:
        lock.acquire(poll_interval=0.2)
    except Timeout:
        raise LockedError(_BUSY) from None
    _HELD.add(path)
    try:
        yield
    finally:
        _HELD.discard(path)
        lock.release()


_BUSY = "another img-guide build of this project is running; wait for it to finish, or pass --wait SECONDS"


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a worker process: be killed when the build that started it dies (Linux)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)
        if os.getppid() == 1:  # the build died before this worker asked to follow it
            os._exit(1)

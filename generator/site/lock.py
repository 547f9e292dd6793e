"""One build of a project at a time, and an atomic swap of the built site into place."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import LockedError

LOCK = ".img-guide.lock"


_HELD: set[Path] = set()


@contextmanager
def project_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the project's build lock. It is a POSIX record lock: the operating system releases
    it when the holding process dies (even by SIGKILL), and forked workers do not inherit it, so
    a crashed build never blocks the next one."""
    path = (root / LOCK).resolve()
    if path in _HELD:
        raise LockedError(_busy(str(os.getpid())))
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                if time.monotonic() >= deadline:
                    raise LockedError(_busy(os.pread(fd, 64, 0).decode("ascii", "replace").strip())) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        _HELD.add(path)
        try:
            yield
        finally:
            _HELD.discard(path)
    finally:
        os.close(fd)  # closing releases the lock


def _busy(holder: str) -> str:
    return (f"another img-guide build of this project is running (process {holder or 'unknown'}); "
            "wait for it to finish, or pass --wait SECONDS")


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a worker process: be killed when the build that started it dies (Linux)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def swap_in(staging: Path, site_dir: Path) -> None:
    """Put ``staging`` where ``site_dir`` is. At no moment is there no complete site: the
    exchange is atomic, and the two-step fallback is undone by ``recover`` after a crash."""
    if site_dir.exists() and _exchange(staging, site_dir):
        shutil.rmtree(staging)  # now the previous site
        return
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)


def recover(site_dir: Path) -> None:
    """After a crash between the fallback's two steps, put the previous site back."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    if not site_dir.exists() and old.is_dir():
        os.replace(old, site_dir)

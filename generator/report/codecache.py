"""Compiled report templates, kept for the life of the process and on disk across runs.

Each ``Renderer`` makes its own Jinja environment, and a build makes several (the reports, the
cohort pages, the rule reference of each MkDocs build): without a cache each compiled the same
templates again. Jinja checks every cached entry against its template's source, so an edited
template is compiled afresh. The folder is ``engine.bookcache.cache_dir``'s.
"""

from __future__ import annotations

import contextlib
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from ..engine.bookcache import cache_dir


class TemplateCodeCache(jinja2.BytecodeCache):
    """Jinja's file cache behind a dictionary for this process."""

    def __init__(self) -> None:
        self.memory: dict[str, tuple[str, CodeType]] = {}
        self.disk: jinja2.FileSystemBytecodeCache | None = None
        folder = cache_dir()
        if folder is not None:
            with contextlib.suppress(OSError):
                (folder / "report-templates").mkdir(parents=True, exist_ok=True)
                self.disk = jinja2.FileSystemBytecodeCache(str(folder / "report-templates"))

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.memory.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.memory[bucket.key] = (bucket.checksum, bucket.code)
        if self.disk is not None:
            with contextlib.suppress(OSError):
                self.disk.dump_bytecode(bucket)


TEMPLATE_CODE = TemplateCodeCache()

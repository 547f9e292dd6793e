"""Jinja code compiled once per process: the sandbox rule conditions and reasons run in.

Compiling an expression or a template (parse, generate Python, ``compile``) is most of the cost
of loading the rulebook. ``CodeCachingSandbox`` keeps the code object of every source it compiled
in ``CODES``, shared by every environment of the class (they all have the same settings, from
``rulebook.make_env``), so a second load of the same rules compiles nothing. ``bookcache`` saves
``CODES`` to disk with the parsed rules file, so a new process compiles nothing either.
"""

from __future__ import annotations

from types import CodeType
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

CODES: dict[str, CodeType] = {}  # source (or an expression's node tree) -> code object
USED: set[str] = set()  # the keys compiled or found since the caller last cleared it


def source_key(source: str | nodes.Template) -> str:
    """A key for a template source, or for the node tree ``compile_expression`` makes."""
    return source if isinstance(source, str) else "\0node " + repr(source)


class CodeCachingSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox that compiles each source once per process (see ``CODES``)."""

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        if defer_init or name is not None or filename is not None:
            return super().compile(source, name, filename, False, defer_init)
        key = source_key(source)
        USED.add(key)
        code = CODES.get(key)
        if code is None:
            code = CODES[key] = super().compile(source)
        return code

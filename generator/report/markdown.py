"""Escaping text from profiles so that it renders as text in Markdown, never as structure.

Free text (names, notes, topics, weak areas, exam names) can hold ``<script>``, ``[x](javascript:)``,
``{: attr }``, table pipes or a leading ``#``. Every value a report template prints goes through
``escape`` unless it is ``Markup`` made by our own code (links, tables we build).
"""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

# Characters Python-Markdown (and its tables/attr_list extensions) give meaning inline.
_INLINE = re.compile(r"([\\`*_{}\[\]()#|!])")
# What a line may start with to become a block: lists, headings, quotes, definitions, setext rules.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=:~>])")


def escape(text: object) -> str:
    """One line of plain text as literal Markdown (whitespace folded)."""
    if isinstance(text, Markup):
        return str(text)
    if isinstance(text, (int, float, date)) and not isinstance(text, bool):
        return str(text)
    s = re.sub(r"\s+", " ", str(text))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _INLINE.sub(r"\\\1", s)
    return _LINE_START.sub(_lead, s)


def _lead(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{m.group(1)}\\{m.group(2)}" if m.group(2) == "." else f"{m.group(1)}&#41;"
    return f"&#{ord(m.group(3))};"


def escape_lines(text: str) -> Markup:
    """Multi-line free text (notes) as escaped lines joined by hard line breaks."""
    lines = [escape(line) for line in str(text).strip().splitlines()]
    return Markup("<br>\n".join(line for line in lines if line))

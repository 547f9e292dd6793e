"""Read a YAML file into plain data while remembering where every value came from.

The file is *composed* (parsed into nodes) by ruamel.yaml and then built into plain
Python values here, so that:

- only the standard YAML tags are accepted: a ``!!python/...`` or any other custom tag
  is reported, never constructed or executed;
- every mapping key, value and list item keeps its line and column;
- duplicate keys, non-scalar keys, alias bombs, deep nesting, huge files, binary and
  non-UTF-8 files are reported as located problems instead of crashing;
- dates stay strings (``"2026-06-20"``), as JSON Schema and editors see them.
"""

from __future__ import annotations

import errno
import io
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from ..errors import InputError, Problem, display_path

MAX_BYTES = 1024 * 1024  # a profile or catalog file is a few KB; refuse anything over 1 MiB
MAX_VALUES = 100_000  # values built from one file, aliases expanded (stops "billion laughs")
MAX_DEPTH = 64  # nesting of mappings and lists

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def printable(text: str) -> str:
    """Text from a file as a message shows it: control, format and line-separator characters
    escaped (``\\x1b``, ``\\u2028``), so a message is one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def format_path(path: Path_) -> str:
    """``("practice", 2, "score")`` -> ``practice[2].score``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{printable(part)}" if out else printable(str(part))
    return out


@dataclass
class Document:
    """Plain data from one YAML file, with the position of every value and key."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the value at ``path`` (or of its key), else its nearest parent."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, format_path(path), message)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.count = 0
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._constructor = YAML(typ="safe", pure=True).constructor

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def fail(self, node: Node, path: Path_, message: str) -> None:
        line, col = self._at(node)
        self.problems.append(Problem(self.file, line, col, format_path(path), message))

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(node, f"more than {MAX_VALUES:,} values (aliases expanded); refusing")
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"nested more than {MAX_DEPTH} levels deep; refusing")
        self.positions.setdefault(path, self._at(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                self.fail(node, path, f"the tag {_short(node.tag)} is not allowed here")
                return None
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any] | None:
        if node.tag != _TAG + "map":
            self.fail(node, path, f"the tag {_short(node.tag)} is not allowed here")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.fail(key_node, path, "merge keys (<<) are not supported; write the fields out")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.fail(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in out:
                first = self.key_positions[child]
                self.fail(key_node, child, f"duplicate key (first given on line {first[0]})")
                continue
            self.key_positions[child] = self._at(key_node)
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.fail(node, path, f"the tag {_short(tag)} is not allowed (only plain YAML values)")
            return None
        if tag == _TAG + "str" or tag == _TAG + "timestamp":
            return str(node.value)
        try:
            value = self._constructor.construct_object(node, deep=True)
        except Exception:  # ruamel fails in many ways on odd text ("!!int ", "!!bool ")
            return str(node.value)  # kept as text: the schema then says what was expected
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(node, path, f"{node.value} is not a usable number")
            return None
        return value


class _TooBig(Exception):
    def __init__(self, node: Node, message: str):
        self.node = node
        self.message = message


class _Refused(Exception):
    """Composition stopped early: too deep or too many nodes (located at the offending node)."""

    def __init__(self, mark: Any, message: str):
        self.line, self.col = mark.line + 1, mark.column + 1
        self.message = message


class _LimitedComposer(Composer):
    """Refuses deep nesting and huge node counts while composing, before reading further.

    Composing is recursive, ruamel's scanner slows down with every open flow level (``[[[[...``
    2,000 deep took seconds) and a 1 MiB file of short items takes ~10 s to compose whole, so
    the limits are enforced here, not only when building values.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.nesting = 0
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.nesting += 1
        self.nodes += 1
        try:
            if self.nesting > MAX_DEPTH + 1:  # the root is level 0, as in _Builder
                raise _Refused(self._mark(), f"nested more than {MAX_DEPTH} levels deep; refusing")
            if self.nodes > MAX_VALUES:
                raise _Refused(self._mark(), f"more than {MAX_VALUES:,} keys and values; refusing")
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1

    def _mark(self) -> Any:
        return self.parser.peek_event().start_mark


def _short(tag: str | None) -> str:
    tag = printable(tag or "?")
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder (``*.yml``/``*.yaml`` in any case, not hidden), by name."""
    return sorted(
        x for x in folder.iterdir() if x.suffix.lower() in (".yml", ".yaml") and not x.name.startswith(".")
    )


class NotARegularFile(OSError):
    """A symbolic link or a special file where a regular file must be (its message names which)."""


def not_regular(path: Path, what: str = "file") -> str | None:
    """Why ``path`` is not a plain file of its own (a symbolic link, a pipe, a device), or None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # missing or unreadable: told when it is read
    if stat.S_ISLNK(mode):
        return f"is a symbolic link; a {what} must be a regular file inside the project (copy it here)"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return f"is a special file (a pipe, device or socket), not a {what}"
    return None


def read_regular(path: Path, what: str, limit: int) -> bytes:
    """The first ``limit`` bytes of a regular file; a link or a special file is never opened
    for reading (nothing of what it points at can reach a message), and never waited on."""
    reason = not_regular(path, what)
    if reason:
        raise NotARegularFile(reason)
    flags = (
        os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link after the check
            raise NotARegularFile(
                f"is a symbolic link; a {what} must be a regular file inside the project"
            ) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        if not stat.S_ISREG(mode):
            raise NotARegularFile(f"is a special file (a pipe, device or socket), not a {what}")
        return fh.read(limit)


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file, or raise an InputError located at the file."""
    name = display_path(path)

    def bad(message: str, line: int = 1, col: int = 1) -> InputError:
        return InputError([Problem(name, line, col, "", message)])

    try:
        raw = read_regular(path, what, MAX_BYTES + 1)
    except FileNotFoundError:
        raise bad(f"no such {what}") from None
    except IsADirectoryError:
        raise bad(f"is a folder, not a {what}") from None
    except NotARegularFile as exc:
        raise bad(str(exc)) from None
    except OSError as exc:
        raise bad(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise bad(f"is larger than {MAX_BYTES // 1024} KiB; a {what} is a small text file")
    if b"\x00" in raw:
        raise bad(f"is a binary file, not a YAML {what}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise bad("is not valid UTF-8 text (save it as UTF-8)", line, col) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path, what: str = "file") -> Document:
    """Load one YAML document from ``path`` as plain data with positions.

    Raises InputError with every problem found (syntax, tags, duplicate keys, size).
    """
    return parse_yaml(read_text(path, what), display_path(path), what)


def parse_yaml(text: str, name: str, what: str = "file") -> Document:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _LimitedComposer
    nodes: list[Node] = []
    try:
        for node in yaml.compose_all(io.StringIO(text)):
            if node is not None:
                nodes.append(node)
            if len(nodes) > 1:  # no need to read on
                break
    except _Refused as exc:
        raise InputError([Problem(name, exc.line, exc.col, "", exc.message)]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError([Problem(name, line, col, "", f"YAML syntax error: {message}")]) from None
    except ReaderError as exc:  # a character YAML does not allow, at a character offset
        line, col = _line_col(text, exc.position)
        raise InputError([Problem(name, line, col, "", f"YAML error: {_reader_reason(exc)}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, "", "nested too deeply; refusing")]) from None
    except YAMLError as exc:
        raise InputError([Problem(name, 1, 1, "", f"YAML error: {exc}")]) from None
    if not nodes:
        raise InputError([Problem(name, 1, 1, "", f"is empty; a {what} needs at least its required fields")])
    if len(nodes) > 1:
        second = nodes[1].start_mark
        raise InputError(
            [
                Problem(
                    name,
                    second.line + 1,
                    second.column + 1,
                    "",
                    f"holds several YAML documents; a {what} holds one",
                )
            ]
        )
    builder = _Builder(name)
    try:
        data = builder.build(nodes[0], ())
    except _TooBig as exc:
        line, col = builder._at(exc.node)
        raise InputError([Problem(name, line, col, "", exc.message)]) from None
    if builder.problems:
        raise InputError(builder.problems)
    return Document(name, data, builder.positions, builder.key_positions)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, col) of a character offset in ``text``."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


def _reader_reason(exc: ReaderError) -> str:
    char = exc.character
    if isinstance(char, str) and len(char) == 1:
        char = ord(char)
    shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return f"the character {shown} is not allowed in YAML ({exc.reason})"

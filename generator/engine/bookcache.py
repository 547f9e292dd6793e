"""The rulebook loaded once per process, and its parsed and compiled form kept across runs.

Reading ``content/rules.yml`` with positions (ruamel in pure Python) and compiling every rule's
condition, reason and advice were about a quarter of a one-profile rebuild, done by each MkDocs
build of the run. Here:

- in a process, one ``Rulebook`` per file and content hash, shared by every ``Project``;
- across runs, the parsed document (plain data and positions) and the code Jinja generated for
  each rule (``codecache.CODES``) are saved with ``marshal`` in a cache folder, under a name made
  of the file's hash and the Python, Jinja and engine versions; a changed file, a new Python or a
  changed engine gets a new name, so a stale entry is never read. ``IMG_GUIDE_CACHE_DIR`` sets the
  folder (default ``$XDG_CACHE_HOME/img-guide``); ``IMG_GUIDE_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
from pathlib import Path

import jinja2

from ..errors import display_path
from ..inputs.yamlio import Document, load_yaml
from . import codecache, required, rulebook
from .required import check_required
from .rulebook import Rulebook, parse_rulebook

CACHE_ENV = "IMG_GUIDE_CACHE_DIR"
_BOOKS: dict[tuple[str, str], Rulebook] = {}  # (resolved path, hash) -> rulebook
_ENGINE = b"".join(Path(m.__file__ or "").read_bytes() for m in (rulebook, codecache, required))


def cache_dir() -> Path | None:
    """Where compiled rulebooks are kept across runs (None: not kept)."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "img-guide"


def load_checked(path: Path) -> Rulebook:
    """The rulebook at ``path`` with every rule the code names (``required.check_required``)."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    key = (str(path.resolve()), digest)
    book = _BOOKS.get(key)
    if book is None:
        book = _BOOKS[key] = _load(path, digest)
    return book


def _versions() -> bytes:
    return b"\0".join([importlib.util.MAGIC_NUMBER, jinja2.__version__.encode(), _ENGINE])


def _load(path: Path, digest: str) -> Rulebook:
    folder = cache_dir()
    name = hashlib.sha256(digest.encode() + _versions()).hexdigest()[:32]
    stored = folder / f"rulebook-{name}.marshal" if folder else None
    doc = _read(stored, path) if stored else None
    fresh = doc is None
    if doc is None:
        doc = load_yaml(path, "rules file")
    before = len(codecache.CODES)
    codecache.USED.clear()
    book = parse_rulebook(doc)
    check_required(book, doc)
    if stored and (fresh or len(codecache.CODES) > before):
        _write(stored, doc, {k: codecache.CODES[k] for k in sorted(codecache.USED)})
    return book


def _read(stored: Path, path: Path) -> Document | None:
    try:
        data, positions, key_positions, codes = marshal.loads(stored.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    for key, code in codes.items():
        codecache.CODES.setdefault(key, code)
    return Document(display_path(path), data, positions, key_positions)


def _write(stored: Path, doc: Document, codes: dict[str, object]) -> None:
    """Save the document and the rules' code; a cache that cannot be written is no error."""
    with contextlib.suppress(OSError, ValueError):
        blob = marshal.dumps((doc.data, doc.positions, doc.key_positions, codes))
        stored.parent.mkdir(parents=True, exist_ok=True)
        tmp = stored.with_name(f".{stored.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, stored)

"""One theme environment for every site a process builds.

MkDocs makes a new Jinja environment for each build (``Theme.get_env``), so Material's templates
were parsed and compiled again for each site, and the theme's folders walked again for its
files: about half of a small site's build. ``share_env`` makes a theme hand out one environment
per set of theme folders and locale for the life of the process, with its compiled templates and
its list of files; the compiled templates are also kept across runs in the cache folder
(``engine.bookcache.cache_dir``; Jinja checks each against its template's source). Only for
``img-guide build``: ``mkdocs serve`` keeps MkDocs' fresh environment
so that an edited override shows.
"""

from __future__ import annotations

from typing import Any

import jinja2

from ..engine.bookcache import cache_dir

_ENVS: dict[tuple[Any, ...], jinja2.Environment] = {}  # theme folders, locale, static templates


class _ListedLoader(jinja2.FileSystemLoader):
    """A file loader that walks its folders for the list of templates once."""

    _listed: list[str] | None = None

    def list_templates(self) -> list[str]:
        if self._listed is None:
            self._listed = super().list_templates()
        return list(self._listed)


_THEME_FILES = "Files.add_files_from_theme.<locals>.filter"  # MkDocs' choice of a theme's static files


def _remember_lists(env: jinja2.Environment) -> None:
    """The theme's static files, listed and filtered once (the filter depends only on the key)."""
    listed: dict[tuple[Any, ...], list[str]] = {}
    plain = env.list_templates

    def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
        if getattr(filter_func, "__qualname__", None) != _THEME_FILES:
            return plain(extensions, filter_func)
        key = (tuple(extensions or ()), filter_func.__module__)
        if key not in listed:
            listed[key] = plain(extensions, filter_func)
        return list(listed[key])

    env.list_templates = list_templates  # type: ignore[method-assign]


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled theme templates kept across runs (checked against each template's source)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / "templates"))


def cache_templates(theme: Any) -> None:
    """For ``mkdocs serve``: a fresh environment each rebuild (an edited override shows), whose
    templates come compiled from the bytecode cache when their source is unchanged."""
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = _SERVE_CACHE.setdefault("cache", _bytecode_cache())
        return env

    theme.get_env = get_env


_SERVE_CACHE: dict[str, jinja2.BytecodeCache | None] = {}


def share_env(theme: Any) -> None:
    """Make ``theme.get_env()`` return this process's environment for the theme's folders."""
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        key = (tuple(theme.dirs), str(theme.locale), frozenset(theme.static_templates))
        env = _ENVS.get(key)
        if env is None:
            env = make()
            env.loader = _ListedLoader(list(theme.dirs))
            env.bytecode_cache = _bytecode_cache()
            _remember_lists(env)
            _ENVS[key] = env
        return env

    theme.get_env = get_env

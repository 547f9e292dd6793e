"""The ``img-guide`` MkDocs plugin: adds the guide, the rule reference and the reports to a site.

In ``preview`` mode (``mkdocs serve`` at the project root) every page is generated in memory
with ``File.generated`` on each rebuild, and the profiles and content folders are watched, so
editing a profile regenerates the reports without writing into ``docs_dir`` (which would make
``serve`` rebuild forever). ``img-guide build`` uses the other modes: the reports are already
written under ``docs/`` and the plugin only adds the shared guide and sets the navigation.
"""

from __future__ import annotations

import gzip
import os
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..errors import ImgGuideError
from ..project import Project
from ..report.render import CALENDAR, REPORT_PAGES
from .config import ImgGuideConfig
from .reportsearch import ReportSearch, point_base_at_folder, report_meta, script_index, search_root
from .themes import cache_templates, share_env

ASSET_CSS = "assets/img-guide/img-guide.css"
SHIM = "assets/img-guide/iframe-worker-shim.js"
ASSET_JS = "assets/img-guide/img-guide.js"
ASSETS = {
    ASSET_CSS: "stylesheets/img-guide.css",
    SHIM: "javascripts/iframe-worker-shim.js",
    ASSET_JS: "javascripts/img-guide.js",
}
REPORT_SEARCH = ("assets/img-guide/report-search.js", "javascripts/report-search.js")  # report site only
DOWNLOAD = "downloads/img-guide-offline.zip"
_EXTERNAL_LINK = re.compile(r'<a (?![^>]*\brel=)([^>]*\bhref="(?:https?:)?//[^"]*")')
REPORT_TITLES = ("Overview", "Study plan", "Narrative guidance", "Program tiers")
RULES_PAGE = "rules.md"
PROFILE_POLL = 0.1  # seconds between looks at the profiles and content folders under `mkdocs serve`


class ImgGuidePlugin(BasePlugin[ImgGuideConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.generated: dict[str, str] = {}
        self.command: str | None = None
        self.search = ReportSearch(None)
        self.given: Project | None = None  # the builder's project, its files already read (in-process builds)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    # -- configuration --------------------------------------------------------------------------
    @event_priority(100)  # before Material's offline plugin, which looks for the shim we ship
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        overrides = str(resources.files("generator") / "overrides")
        if not os.path.isfile(os.path.join(overrides, "main.html")):
            raise PluginError(
                f"img-guide is installed without its theme overrides ({overrides}); reinstall it"
            )
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(0, overrides)
        if self.config.site != "preview":
            share_env(config.theme)  # one environment for every site this process builds
        else:
            cache_templates(config.theme)  # compiled once, checked against the source each rebuild
        config.extra["img_guide_private"] = self.config.private and self.config.site != "reports"
        polyfills = config.extra.get("polyfills") or []  # search from file:// on every site
        if SHIM not in polyfills:
            config.extra["polyfills"] = [*polyfills, SHIM]
        if self.config.site == "reports":  # the logo of a guide page leads to the guide
            config.extra["homepage"] = "guide/index.html"
        self.search = ReportSearch(config.plugins.get("material/search"))
        root = Path(config.config_file_path or ".").resolve().parent
        given = self.given
        self.project = given if given is not None and given.root.resolve() == root else Project(root)
        try:
            self._as_of()
        except ValueError:
            raise PluginError(f"img-guide: as_of '{self.config.as_of}' is not a date as YYYY-MM-DD") from None
        site = self.config.site
        if site == "preview" and self.command == "gh-deploy":
            raise PluginError(
                "img-guide: the preview holds every report of a cohort, with names; it must not be "
                "pushed to a gh-pages branch. Run `img-guide build` and publish site/public/ (see README)."
            )
        try:
            if site == "preview":
                self.generated = self._preview_pages()
            config.nav = self._nav()
        except ImgGuideError as exc:
            raise PluginError(f"img-guide could not generate the site:\n{exc}") from None
        if ASSET_CSS not in config.extra_css:
            config.extra_css.append(ASSET_CSS)
        if ASSET_JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(ASSET_JS)
        return config

    def _as_of(self) -> date:
        return date.fromisoformat(self.config.as_of) if self.config.as_of else date.today()

    def _guide_nav(self, prefix: str) -> list[Any]:
        assert self.project is not None
        return [f"{prefix}{p}" for p in self.project.guide_pages] + [
            {"Rule reference": f"{prefix}{RULES_PAGE}"}
        ]

    def _report_nav(self, prefix: str) -> list[Any]:
        return [{t: f"{prefix}{p}"} for t, p in zip(REPORT_TITLES, REPORT_PAGES, strict=True)]

    def _nav(self) -> list[Any]:
        site = self.config.site
        if site == "guide":
            return self._guide_nav("")
        if site == "reports":
            return self._guide_nav("guide/")
        if site == "applicant":
            return [*self._report_nav(""), {"Guide": self._guide_nav("guide/")}]
        members = self._members()
        nav: list[Any] = [{"Cohort summary": "index.md"}]
        if members:
            nav.append({"Reports": [{m: self._report_nav(f"applicants/{m}/")} for m in members]})
        nav.append({"Guide": self._guide_nav("guide/")})
        return nav

    def _members(self) -> list[str]:
        if self.config.site == "preview":
            return sorted({p.split("/")[1] for p in self.generated if p.startswith("applicants/")})
        return list(self.config.members) if self.config.site == "cohort" else []

    # -- pages ----------------------------------------------------------------------------------
    def _preview_pages(self) -> dict[str, str]:
        """The chosen cohort's summary as the home page, with its members' reports. Every profile
        is validated; only the members shown are decided and rendered (a rebuild per saved file)."""
        from ..inputs.profiles import load_profiles
        from ..report.pages import Everything, Generated, applicant_pages, calendar_salt, cohort_pages
        from ..report.render import Renderer
        from ..share.links import load_secret

        assert self.project is not None
        profiles = load_profiles([self._profiles_dir()])
        cohorts: dict[str, list[str]] = {}
        for p in profiles:
            if p.cohort:
                cohorts.setdefault(p.cohort, []).append(p.id)
        chosen = self.config.cohort or (min(cohorts) if cohorts else None)
        if chosen is not None and chosen not in cohorts:
            known = ", ".join(sorted(cohorts))
            raise PluginError(f"img-guide: no profile is in the cohort '{chosen}' (cohorts: {known})")
        salt = calendar_salt(self.project.docs_dir, load_secret(self.project.root), keep=False)
        gen, renderer = Generated(), Renderer(self.project, salt)
        shown = [p for p in profiles if chosen is None or p.cohort == chosen]
        applicant_pages(self.project, renderer, shown, self._as_of(), gen)
        if chosen is None:
            return gen.pages
        out = {
            "index.md": cohort_pages(
                renderer, {chosen: cohorts[chosen]}, gen.summaries, self._as_of(), Everything()
            )[f"cohorts/{chosen}/index.md"]
        }
        for member in cohorts[chosen]:
            for page in (*REPORT_PAGES, CALENDAR):
                path = f"applicants/{member}/{page}"
                if path in gen.pages:
                    out[path] = gen.pages[path]
        return out

    def _profiles_dir(self) -> Path:
        assert self.project is not None
        return self.project.root / self.config.profiles

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.project is None:
            return None
        try:
            return self._files(files, config)
        except ImgGuideError as exc:
            raise PluginError(f"img-guide could not add its pages:\n{exc}") from None

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self.config.site
        if site == "preview":
            for f in list(files):  # reports written by `img-guide build` are not part of the preview
                if f.src_uri.startswith(("applicants/", "cohorts/")) or f.src_uri in self.generated:
                    files.remove(f)
            for path, text in sorted(self.generated.items()):
                files.append(File.generated(config, path, content=text))
        if site == "reports":
            self._add_reports(files, config)
        if site == "cohort":
            assert self.project is not None
            docs = self.project.docs_dir
            for member in self.config.members:
                for page in (*REPORT_PAGES, CALENDAR):
                    path = f"applicants/{member}/{page}"
                    if (docs / path).is_file():
                        files.append(File(path, str(docs), config.site_dir, config.use_directory_urls))
        self._add_guide(files, config, site == "guide")
        self._add_assets(files, config)
        if self.config.trim_theme:
            _trim_theme_files(files, config)
        if self.config.offline_zip:
            files.append(File.generated(config, DOWNLOAD, abs_src_path=self.config.offline_zip))
        return files

    def _add_reports(self, files: Files, config: MkDocsConfig) -> None:
        """Each report's pages in its own folder, left out of the navigation and of search."""
        assert self.project is not None
        for pid, folder in sorted(self.config.reports.items()):
            source = self.project.docs_dir / "applicants" / pid
            if not source.is_dir():
                raise PluginError(f"img-guide: no generated report for '{pid}' in {source}")
            for path in sorted(source.iterdir()):
                if path.name.startswith("."):
                    continue
                level = InclusionLevel.NOT_IN_NAV if path.suffix == ".md" else InclusionLevel.UNDEFINED
                files.append(
                    File.generated(config, f"{folder}/{path.name}", abs_src_path=str(path), inclusion=level)
                )
        self._report_folders = tuple(f"{folder}/" for folder in self.config.reports.values())

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled:
            report_meta(page)
        if self.config.enabled and self.config.site == "reports" and self._is_report(page.file.src_uri):
            page.meta["search"] = {"exclude": True}  # a private report is in no search index
            page.meta["img_guide_private"] = True
            search_root(page)  # but in its own folder's, merged with the guide's in the browser
        if self.config.enabled and self.config.offline_zip and page.file.src_uri == "index.md":
            return markdown + (
                "\n## The guide offline\n\n"
                f"[Download the guide as a zip]({DOWNLOAD}) to read and search it without a connection: "
                "unzip it and open `index.html`.\n"
            )
        return None

    def on_page_context(self, context: Any, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        """A report page of the shared report site goes into its own folder's search index."""
        if self.config.enabled and self.config.site == "reports":
            for folder in getattr(self, "_report_folders", ()):
                if page.file.src_uri.startswith(folder):
                    self.search.add(folder.rstrip("/"), page)
        return context

    def _is_report(self, src_uri: str) -> bool:
        return src_uri.startswith(getattr(self, "_report_folders", ()) or ("\0",))

    @event_priority(-50)  # after Material's search plugin has written the site's index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Private reports stay out of the sitemap (it lists every page when site_url is set);
        each report gets its own search index; every index is also a script, for file://."""
        if not self.config.enabled:
            return
        script_index(Path(config.site_dir))
        if self.config.site == "reports" and self.config.reports:
            _strip_sitemap(Path(config.site_dir), tuple(self.config.reports.values()))
            self.search.write(Path(config.site_dir))

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str | None:
        """Links to other hosts open without handing over the page's address."""
        if not self.config.enabled:
            return None
        output = _EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer" \1', output)
        if self.config.site == "reports" and self._is_report(page.file.src_uri):
            output = point_base_at_folder(output)
        if self.config.trim_theme and "<pre" not in output and "<textarea" not in output:
            output = _INDENT.sub("\n", output)  # the same page, without its indentation
        return output

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """The package's own stylesheets and scripts (no CDN: everything ships with the site)."""
        assets = resources.files("generator") / "assets"
        wanted = [*ASSETS.items(), *([REPORT_SEARCH] if self.config.site == "reports" else [])]
        for site_path, package_path in wanted:
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path, content=(assets / package_path).read_bytes()))

    def _add_guide(self, files: Files, config: MkDocsConfig, at_root: bool) -> None:
        """The guide's pages (already the docs of the guide site) and the rule reference."""
        from ..report.render import Renderer

        assert self.project is not None
        prefix = "" if at_root else "guide/"
        # A chunk of reports whose guide another build writes only links to it: its pages are
        # there for the links (MkDocs resolves them) and the navigation, never rendered. (The
        # anchors the reports link to are the guide's own `{#rule-id}` markers, and the build
        # that renders the guide checks them.)
        linked_only = self.config.site == "reports" and self.config.reports_only
        level = InclusionLevel.EXCLUDED if linked_only else InclusionLevel.UNDEFINED
        if not at_root:
            content = str(self.project.content_dir)
            for page in self.project.guide_pages:
                f = File(f"guide/{page}", content, config.site_dir, config.use_directory_urls)
                f.inclusion = level
                files.append(f)
        text = "" if linked_only else Renderer(self.project).rules_page()
        files.append(File.generated(config, f"{prefix}{RULES_PAGE}", content=text, inclusion=level))

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """A chunk of reports whose shared files another build writes: every page has been read
        (the navigation needs the guide's titles), now only the reports' own files are written."""
        if self.config.enabled and self.config.site == "reports" and self.config.reports_only:
            for f in list(files):
                if not self._is_report(f.src_uri):
                    files.remove(f)
            config.theme.static_templates.clear()  # no 404 page, no sitemap
        return env

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled and self.project is not None:
            observer = getattr(server, "observer", None)
            if observer is not None and hasattr(observer, "_timeout"):
                observer._timeout = PROFILE_POLL  # the folders watched below: a saved profile shows sooner
            for folder in (self._profiles_dir(), self.project.content_dir):
                if folder.is_dir():
                    server.watch(os.fspath(folder))
        return server


_INDENT = re.compile(r"\n[ \t]+")
_SITEMAP_URL = re.compile(r"\s*<url>.*?</url>", re.S)


def _strip_sitemap(site_dir: Path, folders: tuple[str, ...]) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    kept = _SITEMAP_URL.sub(
        lambda m: "" if any(f"/{f}/" in m.group(0) for f in folders) else m.group(0), text
    )
    if kept != text:
        sitemap.write_text(kept, encoding="utf-8")
        with (
            open(site_dir / "sitemap.xml.gz", "wb") as raw,
            gzip.GzipFile(
                fileobj=raw,
                mode="wb",
                filename="",
                mtime=max(0, int(os.environ.get("SOURCE_DATE_EPOCH", "0"))),
            ) as gz,
        ):
            gz.write(kept.encode("utf-8"))


def _trim_theme_files(files: Files, config: MkDocsConfig) -> None:
    """Leave out theme files no page uses: source maps, and search language packs for English-only
    search. They were most of each site's size (about 2 MB a site)."""
    search = config.plugins.get("material/search")
    langs = list(getattr(search, "config", {}).get("lang") or ["en"]) if search else ["en"]
    english_only = langs == ["en"]
    for f in list(files):
        uri = f.src_uri
        if (
            uri.endswith(".map")
            and uri.startswith("assets/")
            or english_only
            and uri.startswith("assets/javascripts/lunr/")
        ):
            files.remove(f)

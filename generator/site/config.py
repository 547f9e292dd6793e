"""Options of the ``img-guide`` MkDocs plugin (declared like MkDocs' own config options)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

SITES = ("preview", "guide", "cohort", "applicant", "reports")


class ImgGuideConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Switch the plugin off (the site then holds only what is in docs_dir)."""
    profiles = c.Type(str, default="profiles")
    """Folder of applicant profiles, relative to mkdocs.yml."""
    as_of = c.Optional(c.Type(str))
    """The date reports reason from (YYYY-MM-DD); default: today."""
    cohort = c.Optional(c.Type(str))
    """Which cohort the preview shows (default: the first by name)."""
    publish_reports = c.ListOfItems(c.Type(str), default=[])
    """Cohorts whose sites include their applicants' reports (opt-in; default: none)."""
    site = c.Choice(SITES, default="preview")
    """What to build: ``preview`` (mkdocs serve), or one site of ``img-guide build``: ``guide``,
    ``cohort``, ``applicant`` (one report with its own guide, for zips) or ``reports`` (the guide
    with many reports beside it, each in its own folder, sharing the theme's assets)."""
    subject = c.Optional(c.Type(str))
    """The cohort name or applicant id of a cohort or applicant site."""
    members = c.ListOfItems(c.Type(str), default=[])
    """Applicant ids whose reports a cohort site includes (set by ``img-guide build``)."""
    reports = c.DictOfItems(c.Type(str), default={})
    """``reports`` site: applicant id -> the folder its report goes to (set by ``img-guide build``)."""
    trim_theme = c.Type(bool, default=True)
    """Leave out theme files no page uses (source maps, unused search languages) and fold the
    indentation of pages without preformatted text."""
    private = c.Type(bool, default=False)
    """A private report: pages carry noindex (set by ``img-guide build``)."""
    reports_only = c.Type(bool, default=False)
    """``reports`` site: write only the reports' own pages (not the guide, the theme's files, the
    404 page, the sitemap), for a chunk of reports whose shared files another build writes."""
    offline_zip = c.Optional(c.Type(str))
    """The guide's offline zip, offered for download on a cohort site (set by ``img-guide build``)."""

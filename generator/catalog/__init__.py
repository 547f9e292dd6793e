"""The program catalog: loading, CSV import, hard filters, tiers per applicant, cohort aggregates.

A catalog is one or more YAML files in ``content/programs/`` (see its README.md and
``generator/schema/catalog.schema.json``). Loading collects every located problem of every file
and raises them together as one InputError. Placement is pure: it reads the decision's
``as_of`` date, never the clock.

API:

- ``load_catalog(path) -> list[Program]``: a folder (its *.yml/*.yaml files; a missing folder is
  an empty catalog) or one file.
- ``read_csv(path) -> list[Program]`` and ``parse_csv(text, name)``: an advisor's spreadsheet,
  problems located by CSV line, column number and header name. ``dump_catalog(programs, ...)``
  writes programs as catalog YAML that ``load_catalog`` reads back unchanged.
- ``exclusions(decision, program) -> list[Reason]``: the hard filters that exclude the program.
- ``place(decision, programs, book) -> ProgramPlan``: per track (own and parallel), per tier,
  with the numbers and reasons, the excluded programs with reasons, region and stale flags.
- ``img_friendliness(share)``, ``stale_cutoff(as_of)``, ``STATES`` (code -> (name, region)).

Modules: ``model`` (Program, states and regions, loading and checking, staleness), ``csvimport``
(CSV reading, header mapping, located row and column problems, YAML export) and ``placement``
(hard filters, tiers per track). Cohort counts come from the applicants' summaries
(``report.cohort.program_fits``).
"""

from .csvimport import FIELDS, REQUIRED, dump_catalog, parse_csv, read_csv
from .model import (
    REGIONS,
    SCHEMA,
    STATES,
    TRACKS,
    Program,
    catalog_files,
    img_friendliness,
    is_stale,
    load_catalog,
    stale_cutoff,
)
from .placement import FILTERS, exclusions, place

__all__ = [
    "FIELDS",
    "FILTERS",
    "REGIONS",
    "REQUIRED",
    "SCHEMA",
    "STATES",
    "TRACKS",
    "Program",
    "catalog_files",
    "dump_catalog",
    "exclusions",
    "img_friendliness",
    "is_stale",
    "load_catalog",
    "parse_csv",
    "place",
    "read_csv",
    "stale_cutoff",
]

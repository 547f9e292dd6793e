"""img-guide: residency strategy reports for international medical graduates.

Layers, each importing only the ones below it: ``cli`` (the command) and ``site`` (MkDocs builds,
the plugin) over ``share`` (links, PDFs) and ``report`` (the Report model, pages, cohort
summaries) and ``charts``, over ``project`` and ``catalog``, over the pure core: ``engine``
(rulebook, facts, decision, tiers, study plan) and ``inputs`` (YAML, validation, profiles).
"""

__version__ = "0.1.0"

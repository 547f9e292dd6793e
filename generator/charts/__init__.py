"""Charts as inline SVG (no JavaScript): they work offline, in print and in the zip bundles.

Pure functions: a decision, its study plan and the rulebook in, ``Markup`` out. The output is
deterministic (element ids come from chart names, never from counters or random numbers).

Every position is computed by a :class:`Scale`, a linear map from data to SVG user units::

    x = r0 + (value - d0) * (r1 - r0) / (d1 - d0)    (clamped to [r0, r1], rounded to 0.1)

Each chart's root ``<svg>`` carries the scales it used as ``data-x-domain``/``data-x-range``
(and ``data-y-...`` for two-axis charts), and every data mark carries the value it shows
(``data-value``, ``data-date``), so anyone can check that a mark sits where its number says.
Dates are mapped by their ordinal day number (``date.toordinal()``).

Each chart is a block-level ``<figure class="img-chart">`` on lines of its own (so Python-Markdown
passes it through as raw HTML): a caption, the SVG (with ``<title>`` and ``<desc>``), and a
``<details>`` holding a data table with the same numbers. Colours are the Okabe-Ito palette,
always with a text label (and a hatch pattern for the lowest band), and the stylesheet
(``assets/stylesheets/img-guide.css``) adapts them to Material's light and dark schemes; text and
axes use ``currentColor``. Every piece of text is XML-escaped, and the characters Markdown gives
meaning to are written as character references, so free text from a profile stays text.

The modules: ``svg`` (palette, sizes, :class:`Scale`, text escaping, ids and the SVG building
blocks every chart uses), ``scale``, ``practice`` and ``timeline`` (one chart of a report each),
``report`` (:func:`report_charts`, the charts of one report) and ``cohort`` (:func:`cohort_chart`,
the cohort dashboard).
"""

from .cohort import cohort_chart
from .report import report_charts
from .scale import BANDS
from .svg import Scale, chart_id, score_domain, text

__all__ = ["BANDS", "Scale", "chart_id", "cohort_chart", "report_charts", "score_domain", "text"]

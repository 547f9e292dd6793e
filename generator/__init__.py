"""img-guide: residency strategy reports for international medical graduates.

The package is a small pure core (``yamlio``, ``profiles``, ``facts``, ``engine``,
``render``) with thin edges (``cli``, ``plugin``, ``sites``).
"""

__version__ = "0.1.0"

"""``python -m generator``: the ``img-guide`` command."""

from .cli import main

raise SystemExit(main())

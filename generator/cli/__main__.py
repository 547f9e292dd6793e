"""``python -m generator.cli``."""

from . import main

raise SystemExit(main())

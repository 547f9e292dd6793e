"""Where a build puts things inside the site folder."""

from pathlib import Path

PUBLIC = Path("public")
LOCAL = Path("local")
OFFLINE_GUIDE = "img-guide-offline.zip"
STATE = ".img-guide-state.json"
STATE_VERSION = 2
PDFS = "pdf"  # `img-guide pdf` writes here by default; kept by every build, never published

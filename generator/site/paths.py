"""Where a build puts things inside the site folder."""

from pathlib import Path

PUBLIC = Path("public")
LOCAL = Path("local")
OFFLINE_GUIDE = "img-guide-offline.zip"
STATE = ".img-guide-state.json"
STATE_VERSION = 2

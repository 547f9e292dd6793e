"""Private report links: an unguessable, stable token per applicant, derived with HMAC-SHA256.

The token is ``base64url(HMAC-SHA256(secret, "img-guide/report-link/v1" | id | link_version))``
cut to 32 characters (192 bits). It is stable across builds, differs per applicant and per secret,
and changes when the secret is rotated or the profile's ``link_version`` is bumped, which revokes
the old link. The secret comes from the environment or a file outside the repository; there is
no default, and a short one is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

from ..errors import ImgGuideError, UsageError
from ..inputs.profiles import Profile

ENV_SECRET = "IMG_GUIDE_LINK_SECRET"
ENV_SECRET_FILE = "IMG_GUIDE_LINK_SECRET_FILE"
MIN_SECRET_CHARS = 32
MIN_DISTINCT_CHARS = 16  # 32 x "a" is 32 characters and no secret at all
GENERATE = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
TOKEN_CHARS = 32  # 32 base64url characters = 192 bits
_CONTEXT = b"img-guide/report-link/v1"


class SecretError(ImgGuideError):
    """The link secret is missing, too short or kept where it must not be."""


def token(secret: bytes, applicant_id: str, link_version: int = 1) -> str:
    message = b"\0".join((_CONTEXT, applicant_id.encode("utf-8"), str(link_version).encode("ascii")))
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:TOKEN_CHARS]


def profile_token(secret: bytes, profile: Profile) -> str:
    return token(secret, profile.id, profile.link_version)


def load_secret(
    project_root: Path, env: Mapping[str, str] | None = None, required: bool = False
) -> bytes | None:
    """The link secret from ``IMG_GUIDE_LINK_SECRET`` or the file named by ``IMG_GUIDE_LINK_SECRET_FILE``.

    Returns None when neither is set and ``required`` is false. Never logs or returns the value
    in a message.
    """
    env = os.environ if env is None else env
    value = env.get(ENV_SECRET)
    file = env.get(ENV_SECRET_FILE)
    if value and file:
        raise SecretError(f"set {ENV_SECRET} or {ENV_SECRET_FILE}, not both")
    if file:
        path = Path(file).expanduser().resolve()
        root = project_root.resolve()
        if path == root or root in path.parents:
            raise SecretError(
                f"{ENV_SECRET_FILE} points inside the project ({path}); keep the secret outside the "
                "repository so it is never committed"
            )
        try:
            value = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise SecretError(
                f"{ENV_SECRET_FILE}: cannot read {path}: {getattr(exc, 'strerror', exc)}"
            ) from None
    if not value:
        if required:
            raise UsageError(
                f"no link secret: set {ENV_SECRET} (or {ENV_SECRET_FILE} to a file outside the repository), "
                f"for example with: {GENERATE}"
            )
        return None
    if not value.strip():
        raise SecretError(f"the link secret is only whitespace; generate one with: {GENERATE}")
    if len(value) < MIN_SECRET_CHARS:
        raise SecretError(
            f"the link secret has {len(value)} characters; use at least {MIN_SECRET_CHARS} "
            f"(generate one with: {GENERATE})"
        )
    if len(set(value)) < MIN_DISTINCT_CHARS:
        raise SecretError(
            f"the link secret has only {len(set(value))} different characters; a secret needs at least "
            f"{MIN_DISTINCT_CHARS} (generate one with: {GENERATE})"
        )
    return value.encode("utf-8")

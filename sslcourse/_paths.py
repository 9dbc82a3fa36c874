"""Where the course keeps files on this machine: the user's cache folder, by the platform's rules."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def user_cache(*parts: str, env: str | None = None) -> Path:
    """$`env` if that variable is set, else the user cache + sslcourse/`parts`.

    The user cache is $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS and %LOCALAPPDATA% on
    Windows. The folder is not created here.
    """
    if env and os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    if sys.platform == "win32":
        cache = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        cache = Path.home() / "Library" / "Caches"
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache.joinpath("sslcourse", *parts)

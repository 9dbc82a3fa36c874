"""Writing a file so that no reader ever sees it half-written, whatever else runs at the same time."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a unique temporary file beside `path`, then rename it to `path` (atomic on one file system).

    Two processes writing the same path both succeed (the last rename wins); an interrupted write (Ctrl-C
    included) removes its temporary file and leaves `path` as it was. The file is readable by everyone (0o644).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

"""Files a build may read: regular files inside the seeds folder, never through a link that
leads out of it, never a device or pipe (which could hang a build), never huge."""
from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 256 * 1024 * 1024  # one seeds file or source document


class Unsafe(ValueError):
    """Why a file is not read."""


def check_file(path: Path, root: Path, name: str) -> None:
    """Raise Unsafe unless ``path`` is a regular file inside ``root`` once links are followed."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Unsafe(f"no such file: {name}") from None
    if not real.is_relative_to(root.resolve()):
        raise Unsafe(f"{name} leads outside {root.name}/ (through a link): not read")
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        raise Unsafe(f"{name} is not a regular file: not read")
    if info.st_size > MAX_BYTES:
        raise Unsafe(f"{name} has {info.st_size:,} bytes, more than the {MAX_BYTES:,} a seeds file may have")

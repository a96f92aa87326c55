"""Files a build may read: regular files inside the seeds folder, never through a link that
leads out of it, never a device or pipe (which could hang a build), never huge. And the small
files a build or a check keeps beside the database, written whole or not at all."""
from __future__ import annotations

import errno
import os
import stat
from functools import cache
from pathlib import Path

MAX_BYTES = 256 * 1024 * 1024  # one seeds file or source document


class Unsafe(ValueError):
    """Why a file is not read."""


@cache
def _real(root: Path) -> Path:
    return root.resolve()


def check_file(path: Path, root: Path, name: str) -> None:
    """Raise Unsafe unless ``path`` is a regular file inside ``root`` once links are followed."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Unsafe(f"no such file: {name}") from None
    if not real.is_relative_to(_real(root.absolute())):  # cached per absolute path: cwd may change
        raise Unsafe(f"{name} leads outside {root.name}/ (through a link): not read")
    _check_stat(os.stat(real), name)


def _check_stat(info: os.stat_result, name: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise Unsafe(f"{name} is not a regular file: not read")
    if info.st_size > MAX_BYTES:
        raise Unsafe(f"{name} has {info.st_size:,} bytes, more than the {MAX_BYTES:,} a seeds file may have")


def read_inside(root: Path, relative: str, name: str) -> bytes:
    """The bytes of ``root/relative``, checked as ``check_file`` does. A file directly in
    ``root`` (the common case) is opened without following a link and checked on its open
    descriptor, which costs no walk of the path; anything else takes the full check."""
    path = root / relative
    if "/" in relative:
        check_file(path, root, name)
        return path.read_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link: allowed only if it stays inside
            check_file(path, root, name)
            return path.read_bytes()
        raise Unsafe(f"no such file: {name}") from None
    with os.fdopen(fd, "rb") as f:
        _check_stat(os.fstat(fd), name)
        return f.read()


def write_beside(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically; a folder that cannot be written to keeps no
    such file (what it records is only ever a shortcut)."""
    try:
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(text)
        os.replace(partial, path)
    except OSError:
        pass

"""Files a build may read: regular files inside the seeds folder, never through a link that
leads out of it, never a device or pipe (which could hang a build), never huge; texts holding
no NUL or other control character. Files a command writes into the seeds: never through a
link. And the small files a build or a check keeps beside the database, written whole or not
at all."""
from __future__ import annotations

import errno
import itertools
import os
import re
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MAX_BYTES = 256 * 1024 * 1024  # one seeds file or source document


class Unsafe(ValueError):
    """Why a file is not read (or not written)."""


@cache
def _real(root: Path) -> Path:
    return root.resolve()


def check_file(path: Path, root: Path, name: str, limit: int | None = None) -> None:
    """Raise Unsafe unless ``path`` is a regular file inside ``root`` once links are followed,
    of at most ``limit`` bytes (MAX_BYTES unless given)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if os.path.islink(path):
            raise Unsafe(f"{name} is a link leading nowhere: not read") from None
        raise Unsafe(f"no such file: {name}") from None
    outside = not real.is_relative_to(_real(root.absolute()))  # cached per absolute path: cwd may change
    if real.is_dir() and os.path.islink(path):
        raise Unsafe(f"{name} is a link to a folder{f' outside {root.name}/' if outside else ''}: its files are "
                     "not read (links to folders are not followed: move the folder itself here)")
    if outside:
        raise Unsafe(f"{name} leads outside {root.name}/ (through a link): not read")
    _check_stat(os.stat(real), name, MAX_BYTES if limit is None else limit)


def _check_stat(info: os.stat_result, name: str, limit: int = MAX_BYTES) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise Unsafe(f"{name} is not a regular file: not read")
    if info.st_size > limit:
        raise Unsafe(f"{name} has {info.st_size:,} bytes, more than the {limit:,} a seeds file may have")


def _check_root(root: Path) -> None:
    """A folder of documents (``seeds/sources``) that is itself a link must stay inside the
    folder holding it."""
    if os.path.islink(root) and not _real(root.absolute()).is_relative_to(_real(root.parent.absolute())):
        raise Unsafe(f"{root.name}/ is a link leading outside {root.parent.name}/: its files are not read")


def read_inside(root: Path, relative: str, name: str) -> bytes:
    """The bytes of the document ``root/relative``, checked as ``check_file`` does, and
    refused if its text holds a control character (``check_text_bytes``). A file directly in
    ``root`` (the common case) is opened without following a link and checked on its open
    descriptor, which costs no walk of the path; anything else takes the full check."""
    _check_root(root)
    path = root / relative
    if "/" in relative:
        check_file(path, root, name)
        data = path.read_bytes()
    else:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a link: allowed only if it stays inside
                check_file(path, root, name)
                data = path.read_bytes()
            else:
                raise Unsafe(f"no such file: {name}") from None
        else:
            with os.fdopen(fd, "rb") as f:
                _check_stat(os.fstat(fd), name)
                data = f.read()
    check_text_bytes(data, name)
    return data


def read_regular(path: Path, name: str) -> bytes:
    """The bytes of a file named on the command line (anywhere): a regular file, never a pipe
    or device, which would hang the command."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise Unsafe(f"cannot read {name}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        _check_stat(os.fstat(fd), name)
        return f.read()


# -- characters -----------------------------------------------------------------------------
# C0 controls, DEL and C1 controls, but tab, line feed and carriage return: never in a text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
_C1_BYTES = re.compile(b"\xc2[\x80-\x9f]")  # a C1 control, in UTF-8
_NOT_CONTROL = bytes(b for b in range(256) if b in (9, 10, 13) or 0x20 <= b != 0x7F)  # translate() keeps the rest
# Embeddings, overrides and isolates reorder the text around them wherever it is shown.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_CHARS = tuple(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
_C0 = ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"]
_BIDI_NAMES = {0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING",
               0x202C: "POP DIRECTIONAL FORMATTING", 0x202D: "LEFT-TO-RIGHT OVERRIDE",
               0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE", 0x2067: "RIGHT-TO-LEFT ISOLATE",
               0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE"}
TEXT_RULE = "a text holds no NUL or other control character (tab, line feed and carriage return aside)"


def describe(char: str) -> str:
    """'U+0000 (NUL)'."""
    code = ord(char)
    label = (_C0[code] if code < 0x20 else "DEL" if code == 0x7F else "a C1 control" if code <= 0x9F
             else _BIDI_NAMES.get(code, ""))
    return f"U+{code:04X}" + (f" ({label})" if label else "")


def check_text_bytes(data: bytes, name: str) -> None:
    """Raise Unsafe, with line, column and byte, if the UTF-8 text ``data`` holds a control
    character (a text that is not UTF-8 is left to the reader's own message)."""
    if not data.translate(None, _NOT_CONTROL) and _C1_BYTES.search(data) is None:  # fast: no control
        return
    found = _CONTROL_BYTES.search(data)
    if found is None:
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    at = found.start()
    line_start = data.rfind(b"\n", 0, at) + 1
    column = len(data[line_start:at].decode("utf-8")) + 1
    char = data[at:found.end()].decode("utf-8")
    line = data.count(b"\n", 0, at) + 1
    raise Unsafe(f"{name} holds the control character {describe(char)} at line {line}, "
                 f"column {column} (byte {at}): {TEXT_RULE}; register a cleaned copy as a new source")


def text_problem(value: str, verbatim: bool = False) -> str | None:
    """Why a curated text is refused, if it is: a control character, or (unless the text is
    copied ``verbatim`` from a source, where the source decides) a bidirectional control."""
    found = CONTROL.search(value)
    if found:
        return f"holds the control character {describe(found.group())} at character {found.start()}: {TEXT_RULE}"
    found = None if verbatim else BIDI.search(value)
    if found:
        return (f"holds the bidirectional control {describe(found.group())} at character {found.start()}, which "
                "reorders the text around it wherever it is shown: write the text without it")
    return None


# -- writing into the seeds -----------------------------------------------------------------
def check_writable(path: Path, root: Path, name: str) -> None:
    """Raise Unsafe unless ``path`` may be written: not a link (even one leading nowhere), a
    regular file if it exists, and in a folder inside ``root`` once links are followed."""
    if os.path.islink(path):
        raise Unsafe(f"{name} is a link: nothing is written through a link (replace it by the file itself)")
    if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
        raise Unsafe(f"{name} is not a regular file: not written")
    parent = path.parent
    while not parent.exists() and parent != root and parent != parent.parent:  # created later
        parent = parent.parent
    if parent.exists() and not parent.resolve().is_relative_to(root.resolve()):
        raise Unsafe(f"{name} leads outside {root.name}/ (through a link): not written")


def create_inside(path: Path, data: bytes, root: Path, name: str) -> None:
    """Write ``data`` to a new file ``path``, never through a link (not even one leading
    nowhere) and never over a file already there."""
    check_writable(path, root, name)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    except FileExistsError:
        raise Unsafe(f"{name} already exists: not written") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def append_inside(path: Path, data: bytes | Iterable[bytes], root: Path, name: str) -> None:
    """Add ``data`` (bytes, or chunks of them written one after the other: no copy of them all
    is made) at the end of ``path`` (created if missing), in place, never through a link: what
    is there already is not read or written again. A file whose last line has no newline gets
    one first."""
    check_writable(path, root, name)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    try:
        size = os.fstat(fd).st_size
        chunks = [data] if isinstance(data, bytes) else data
        if size and os.pread(fd, 1, size - 1) != b"\n":
            chunks = itertools.chain([b"\n"], chunks)
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def replace_inside(path: Path, text: str, root: Path, name: str) -> None:
    """Replace ``path`` with ``text`` atomically (a new file renamed over it), never writing
    through a link."""
    check_writable(path, root, name)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        create_inside(partial, text.encode("utf-8"), root, name)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_beside(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically; a folder that cannot be written to keeps no
    such file (what it records is only ever a shortcut), nor a partial one."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        partial.write_text(text)
        os.replace(partial, path)
    except OSError:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass


# -- leftovers ------------------------------------------------------------------------------
def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process (or no pid at all): left alone
    return True


def leftovers(db_path: Path) -> list[Path]:
    """The temporary files a killed build, check or server left beside ``db_path``, each named
    by the process that wrote it, that process no longer running: the database being built
    (``.facts.db.tmp-PID``) and the partial copies ``write_beside`` and the server make of the
    files kept beside it (``..facts.db.digests.PID``, ``.facts.db.checked.json.PID``,
    ``.facts.inspect.json.PID``…)."""
    db = re.escape(db_path.name)
    stem = re.escape(db_path.stem)
    pattern = re.compile(rf"(?:\.{db}\.tmp-|\.\.?{db}\.[a-z][a-z.]*\.|\.{stem}\.inspect\.json\.)([0-9]{{1,10}})")
    found = []
    try:
        with os.scandir(db_path.parent if str(db_path.parent) else ".") as scan:
            for entry in scan:
                match = pattern.fullmatch(entry.name)
                if match and entry.is_file(follow_symlinks=False) and not _running(int(match.group(1))):
                    found.append(Path(entry.path))
    except OSError:
        return []
    return sorted(found)


def remove_leftovers(db_path: Path) -> None:
    """Remove ``leftovers(db_path)``; what cannot be removed stays."""
    for path in leftovers(db_path):
        try:
            path.unlink()
        except OSError:
            pass

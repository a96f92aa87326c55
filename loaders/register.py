"""Register a new source document: copy it byte for byte into ``seeds/sources/``, hash it, and
append its registration to ``sources.yaml`` without touching what is already written there
(comments, layout and order stay as the curators left them)."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..schema import Source
from ..schema.jsonschemas import schema_file
from .build import registry
from .locate import parse
from .problems import dotted
from .safefiles import (
    Unsafe,
    check_file,
    check_text_bytes,
    check_writable,
    create_inside,
    read_regular,
    replace_inside,
    text_problem,
)

HEADER = """\
# yaml-language-server: $schema={schema}
# The source documents. Each file in seeds/sources/ is kept byte for byte as it was received;
# sha256 is the hash of those bytes and the build fails if a file no longer matches it.
sources:
"""


class RegisterFailed(Exception):
    """The document cannot be registered; nothing was copied or written."""


@dataclass(frozen=True)
class Registered:
    source: Source
    path: Path  # the copy in seeds/sources/
    registry: Path


def slug(text: str, limit: int = 60) -> str:
    """'Russia's Putin, PM Imran discuss…' -> 'russias-putin-pm-imran-discuss…'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "source"


def _registered(path: Path) -> list[dict[str, Any]]:
    """The records already in a registry, as written (the build validates them, not this),
    read by the build's own YAML reader (no aliases, bounded depth)."""
    if not os.path.lexists(path):
        return []
    try:
        check_file(path, path.parent, path.name)
        data = parse(path.read_text(encoding="utf-8-sig")).data
    except Unsafe as exc:
        raise RegisterFailed(f"{exc}: add-source reads the seeds as the build does") from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise RegisterFailed(f"{path} cannot be read ({exc}): fix it with facts build first") from None
    records = data.get("sources") if isinstance(data, dict) else None
    return [r for r in records or [] if isinstance(r, dict)]


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None


def register_source(seeds: Path, document: Path, fields: dict[str, Any]) -> Registered:
    """Copy ``document`` into ``seeds/sources/`` and register it with ``fields`` (title,
    publisher, author, url, published, retrieved, language, kind, notes; ``id`` optional)."""
    seeds, document = Path(seeds), Path(document)
    try:
        data = read_regular(document, str(document))
    except Unsafe as exc:
        raise RegisterFailed(str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RegisterFailed(f"{document} is not UTF-8 ({exc.reason} at byte {exc.start}): "
                             "convert it first, then register the converted file") from None
    try:
        check_text_bytes(data, str(document))
    except Unsafe as exc:
        raise RegisterFailed(str(exc).replace("register a cleaned copy as a new source", "clean it first, then register the cleaned file")) from None
    digest = hashlib.sha256(data).hexdigest()
    path = registry(seeds, "sources")
    if path.suffix == ".jsonl":
        raise RegisterFailed(f"{path} is JSON Lines: add-source appends to a YAML registry only")
    folder = seeds / "sources"
    try:  # nothing read or written through a link: the build's rules, and no write out of the seeds
        check_writable(path, seeds, str(path))
    except Unsafe as exc:
        raise RegisterFailed(str(exc)) from None
    if os.path.islink(folder):
        raise RegisterFailed(f"{folder} is a link: nothing is written through a link (replace it by the folder itself)")
    if os.path.lexists(folder) and not folder.is_dir():
        raise RegisterFailed(f"{folder} is not a folder: nothing was written")
    known = _registered(path)
    for record in known:
        if record.get("sha256") == digest:
            raise RegisterFailed(f"{document} is already registered, as source '{record.get('id')}' "
                                 f"(same SHA-256 {digest})")
    ids = {r.get("id") for r in known}
    target = folder / document.name
    if os.path.islink(target):
        raise RegisterFailed(f"{target} is a link: nothing is written through a link (remove it, then register again)")
    if os.path.lexists(target):
        target = folder / f"{document.stem}-{digest[:12]}{document.suffix}"
    if os.path.lexists(target):
        what = " (a link)" if os.path.islink(target) else ""
        raise RegisterFailed(f"{target} already exists{what} and is not registered: register it, or remove it")
    title = fields.get("title") or _first_line(text)
    if not title:
        raise RegisterFailed(f"{document} is empty: there is nothing to register")
    given = {k: v for k, v in fields.items() if v is not None and k != "id"}
    source_id = fields.get("id") or _unique(slug(title), ids)
    if source_id in ids:
        raise RegisterFailed(f"--id {source_id}: a source with this id is already registered")
    record = {"id": source_id, "file": target.relative_to(folder).as_posix(), "sha256": digest,
              **given, "title": title}
    try:
        source = Source.model_validate(record)
    except ValidationError as exc:
        raise RegisterFailed("; ".join(f"--{dotted(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors())) from None
    for name, value in source.model_dump(exclude_none=True).items():
        problem = text_problem(value) if isinstance(value, str) else None
        if problem:
            raise RegisterFailed(f"--{name}: {problem}")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        create_inside(target, data, seeds, str(target))  # the bytes hashed, never through a link
    except Unsafe as exc:
        raise RegisterFailed(str(exc)) from None
    try:
        _append(path, source)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Registered(source, target, path)


def _schema_path(seeds: Path) -> str:
    """The registry's JSON Schema, as a path from the seeds folder (for editors)."""
    return os.path.relpath(schema_file("sources"), seeds.resolve())


def _unique(base: str, taken: set) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _append(path: Path, source: Source) -> None:
    """Append one registration in the layout of those already there; the file is parsed
    again, and restored as it was if the result does not hold the new record."""
    before = path.read_text(encoding="utf-8") if path.exists() else None
    text = before if before is not None else HEADER.format(schema=_schema_path(path.parent))
    if re.search(r"^sources:\s*\[\]\s*$", text, flags=re.M):
        text = re.sub(r"^sources:\s*\[\]\s*$", "sources:", text, flags=re.M)
    indent = re.search(r"^sources:\s*\n(?:\s*#.*\n|\s*\n)*( *)- ", text, flags=re.M)
    pad = indent.group(1) if indent else "  "
    order = ("id", "file", "sha256", "title", "publisher", "author", "url", "published", "retrieved", "language", "kind", "notes")
    values = source.model_dump(exclude_none=True)
    block = yaml.safe_dump([{k: values[k] for k in order if k in values}], sort_keys=False,
                           allow_unicode=True, width=100, default_flow_style=False)
    block = "".join(pad + line for line in block.splitlines(keepends=True))
    if not text.endswith("\n"):
        text += "\n"
    seeds = path.parent
    try:
        replace_inside(path, text + block, seeds, str(path))  # a new file renamed over it: never through a link
    except Unsafe as exc:
        raise RegisterFailed(str(exc)) from None
    try:
        ok = any(r.get("id") == source.id for r in _registered(path))
    except RegisterFailed:
        ok = False
    if not ok:
        if before is None:
            path.unlink()
        else:
            replace_inside(path, before, seeds, str(path))
        raise RegisterFailed(f"{path} could not take a new registration in its layout; nothing was changed")

"""How much of each source the facts rest on, and what in it no fact cites yet: the share of
its text inside an excerpt, every quoted passage no quote's excerpt covers, and every
sentence naming a known entity that no excerpt touches. Read from a built database."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..schema.kinds import KINDS, RECORD_KINDS
from ..schema.sqltext import ident
from .passages import Names, Span, quotations, sentences
from .readonly import connect_read_only


@dataclass
class Coverage:
    source: str
    file: str
    length: int
    cited: int  # characters inside at least one excerpt
    unquoted: list[tuple[int, str]] = field(default_factory=list)  # (line, passage) with no quote row
    uncited: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (line, sentence, entities)

    @property
    def share(self) -> float:
        return self.cited / self.length if self.length else 0.0


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def coverage(db_path: Path, source: str | None = None) -> list[Coverage]:
    conn = connect_read_only(db_path)
    try:
        names = Names(conn.execute("SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM entity_aliases"))
        where, args = ("WHERE id = ?", (source,)) if source else ("", ())
        out = []
        for sid, file, text in conn.execute(f"SELECT id, file, text FROM sources {where} ORDER BY id", args).fetchall():
            out.append(_one(conn, names, sid, file, text))
        return out
    finally:
        conn.close()


def _one(conn: sqlite3.Connection, names: Names, sid: str, file: str, text: str) -> Coverage:
    evidence = dict.fromkeys(k.evidence.table.name for k in RECORD_KINDS)
    spans = [(a, b) for table in evidence for a, b in conn.execute(
        f"SELECT start, [end] FROM {ident(table)} WHERE source_id = ?", (sid,))]
    quoted_kinds = [k.name for k in KINDS if k.in_every_excerpt]
    quote_spans = [(a, b) for kind in quoted_kinds for a, b in conn.execute(
        "SELECT start, [end] FROM citations WHERE source_id = ? AND fact_type = ?", (sid, kind))]
    merged = _merged(spans)
    unquoted, uncited = gaps(text, merged, quote_spans, names)
    return Coverage(sid, file, len(text), sum(b - a for a, b in merged),
                    [(line_of(text, q.start), q.text) for q in unquoted],
                    [(line_of(text, s.start), _short(s), named) for s, named in uncited])


def line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def gaps(text: str, spans: list[tuple[int, int]], quote_spans: list[tuple[int, int]],
         names: Names) -> tuple[list[Span], list[tuple[Span, list[str]]]]:
    """The quoted passages no quote excerpt covers, and the sentences naming known entities
    that no excerpt touches (with those entities), in the order of the text."""
    unquoted, uncited = [], []
    for sentence in sentences(text):
        unquoted += [q for q in quotations(sentence)
                     if not any(a <= q.start and q.end <= b for a, b in quote_spans)]
        if not any(a < sentence.end and sentence.start < b for a, b in spans):
            named = sorted({n.entity for n in names.find(sentence.text, sentence.start)})
            if named:
                uncited.append((sentence, named))
    return unquoted, uncited


def _short(sentence: Span, limit: int = 160) -> str:
    return sentence.text if len(sentence.text) <= limit else sentence.text[:limit - 1] + "…"


def report(results: list[Coverage], folder: str = "sources") -> str:
    """The command's text: each source's gaps (``folder/FILE:LINE``), then a table for the corpus."""
    out = []
    for r in results:
        if r.unquoted or r.uncited:
            out.append(f"{r.source} ({folder}/{r.file}): {r.share:.0%} of the text cited")
        for line, passage in r.unquoted:
            out.append(f"  {folder}/{r.file}:{line}: quoted, no quote row: \u201c{passage}\u201d")
        for line, sentence, named in r.uncited:
            out.append(f"  {folder}/{r.file}:{line}: names {', '.join(named)}, no citation: {sentence}")
        if r.unquoted or r.uncited:
            out.append("")
    label = f"all {len(results)} source{'' if len(results) == 1 else 's'}"
    width = max([len("source"), len(label), *(len(r.source) for r in results)])
    out.append(f"{'source':<{width}}  cited  quoted, no row  uncited sentences naming entities")
    for r in results:
        out.append(f"{r.source:<{width}}  {r.share:>5.0%}  {len(r.unquoted):>14}  {len(r.uncited):>33}")
    total = sum(r.length for r in results)
    cited = sum(r.cited for r in results)
    out.append(f"{label:<{width}}  {cited / total if total else 0:>5.0%}  "
               f"{sum(len(r.unquoted) for r in results):>14}  {sum(len(r.uncited) for r in results):>33}")
    return "\n".join(out) + "\n"

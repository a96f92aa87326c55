"""Curation rules a reader checks, run over a built database: warnings, each located at the
record it is about (``path:line``), never errors that stop a build.

- **Evidence names its speaker**: a statement or quote has at least one excerpt that names
  its speaker by name or alias, so the excerpts alone say who spoke.
- **A quote is cited wherever it is printed**: every source whose text holds the quoted words
  (quotation marks or not) is among its citations, so its source count is not understated.
- **One excerpt, one fact of a kind**: two facts of one kind citing the same span of the same
  source are one fact twice, or rest on too little.

Which kinds have a speaker, and which field every excerpt of a kind must hold, come from the
kinds' declarations."""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..schema.kinds import KINDS, Kind
from .problems import Problem

# Typographic variants a printed text and a curated one may differ by.
_SAME = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                       "\u2013": "-", "\u2014": "-"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normal(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_SAME)).strip()


def lint(db_path: Path) -> list[Problem]:
    """Every warning for a built database, sorted by place."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return sorted([*unnamed_speakers(conn), *quotes_not_cited_everywhere(conn), *shared_excerpts(conn)])
    finally:
        conn.close()


def _speaker_column(kind: Kind) -> str | None:
    return next((c.name for c in kind.table.columns if c.bound == "speaker"), None)


def _name_patterns(conn: sqlite3.Connection) -> dict[str, re.Pattern[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for entity_id, name in conn.execute("SELECT id, name FROM entities UNION ALL "
                                        "SELECT entity_id, alias FROM entity_aliases"):
        names[entity_id].add(normal(name).casefold())
    return {e: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(ns, key=len, reverse=True)) + r")(?!\w)")
            for e, ns in names.items()}


def _excerpts(conn: sqlite3.Connection, kind: Kind, columns: str) -> Iterator[tuple]:
    """(the fact's ``columns``…, its excerpts joined) for every fact of a kind."""
    yield from conn.execute(
        f"SELECT {columns}, group_concat(c.exact, char(10)) FROM [{kind.table.name}] t"
        f" JOIN citations c ON c.fact_type = ? AND c.fact_id = t.id GROUP BY t.id ORDER BY t.id",
        (kind.name,))


def unnamed_speakers(conn: sqlite3.Connection) -> list[Problem]:
    patterns = _name_patterns(conn)
    warnings = []
    for kind in KINDS:
        column = _speaker_column(kind)
        if column is None:
            continue
        for record, speaker, excerpts in _excerpts(conn, kind, f"t.record, t.[{column}]"):
            pattern = patterns.get(speaker)
            if pattern is None or not pattern.search(normal(excerpts).casefold()):
                warnings.append(Problem.at_record(record, (
                    f"speaker: no excerpt names '{speaker}' (by its name or an alias): cite the "
                    "sentence that says who spoke, or add the name the source uses to its aliases")))
    return warnings


def quotes_not_cited_everywhere(conn: sqlite3.Connection) -> list[Problem]:
    """For each kind whose excerpts must hold a field (a quote's text), the sources that print
    those words where no excerpt of a fact of that kind covers them: a printing inside another
    quote's excerpt is that quote's (the same words, said by someone else), not a missing
    citation. Full-text search finds candidate sources; the words are then found in each."""
    warnings = []
    texts: dict[str, str] = {}

    def source_text(source_id: str) -> str:
        if source_id not in texts:
            (text,) = conn.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()
            texts[source_id] = text.translate(_SAME)  # one character for one: offsets hold
        return texts[source_id]

    for kind in KINDS:
        field = kind.in_every_excerpt
        if field is None:
            continue
        column = next(c.name for c in kind.table.columns if c.bound == field)
        for record, fact_id, words in conn.execute(
                f"SELECT record, id, [{column}] FROM [{kind.table.name}] ORDER BY id"):
            tokens = _WORD.findall(words)
            if not tokens:
                continue
            printed = re.compile(r"\s+".join(re.escape(w) for w in normal(words).split(" ")))
            phrase = '"' + " ".join(tokens) + '"'
            for (source_id,) in conn.execute(
                    "SELECT s.id FROM sources_fts f JOIN sources s ON s.rowid = f.rowid"
                    " WHERE sources_fts MATCH ? ORDER BY s.id", (f"text: {phrase}",)).fetchall():
                covers = conn.execute(
                    "SELECT start, [end] FROM citations WHERE fact_type = ? AND source_id = ?",
                    (kind.name, source_id)).fetchall()
                cited = conn.execute("SELECT 1 FROM citations WHERE fact_type = ? AND fact_id = ? AND source_id = ?",
                                     (kind.name, fact_id, source_id)).fetchone()
                loose = [m for m in printed.finditer(source_text(source_id))
                         if not any(a <= m.start() and m.end() <= b for a, b in covers)]
                if loose and not cited:
                    warnings.append(Problem.at_record(record, (
                        f"{field}: the words are also printed in source '{source_id}', which this "
                        f"{kind.name} does not cite: cite them there too")))
    return warnings


def shared_excerpts(conn: sqlite3.Connection) -> list[Problem]:
    warnings = []
    for kind in KINDS:
        rows = conn.execute(
            f"SELECT c.source_id, c.start, c.[end], t.id, t.record FROM citations c"
            f" JOIN [{kind.table.name}] t ON t.id = c.fact_id"
            f" WHERE c.fact_type = ? AND EXISTS (SELECT 1 FROM citations d WHERE d.fact_type = c.fact_type"
            f" AND d.source_id = c.source_id AND d.start = c.start AND d.[end] = c.[end] AND d.fact_id != c.fact_id)"
            f" ORDER BY c.source_id, c.start, c.[end], t.record", (kind.name,))
        groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        for source_id, start, end, fact_id, record in rows:
            if (fact_id, record) not in groups[(source_id, start, end)]:
                groups[(source_id, start, end)].append((fact_id, record))
        for (source_id, start, end), facts in groups.items():
            first_id, _ = facts[0]
            for _fact_id, record in facts[1:]:
                warnings.append(Problem.at_record(record, (
                    f"citations: the excerpt at {start}–{end} of source '{source_id}' is also the evidence "
                    f"of {kind.name} '{first_id}': one fact twice (merge them), or give each its own excerpt")))
    return warnings

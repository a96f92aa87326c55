"""Curation rules a reader checks, run over a built database: warnings, each located at the
record it is about (``path:line``), never errors that stop a build.

- **Evidence names its speaker**: every source that reports a statement or quote names its
  speaker (by name or alias) in an excerpt of that source that states or attributes it, so
  each source's excerpts alone say who spoke; the attributions of a source (a chain such as
  "the PMO said" … "the premier" … "he added") name the speaker.
- **A quote's evidence is its sentence**: an excerpt that states a quote holds the words in
  their sentence and no more (a multi-sentence quote: its sentences).
- **Readers read no ids**: summaries, and disagreements' summaries and claims, name no source
  or fact by its id or file name (date notes may: the site shows those ids as the titles and
  summaries they stand for).
- **A quote is cited wherever it is printed**: every source whose text holds the quoted words
  (quotation marks or not) is among its citations, so its source count is not understated.
- **One excerpt, one fact of a kind**: two facts of one kind stating with the same span of the
  same source are one fact twice, or rest on too little (a shared attribution is fine).
- **One event, one fact**: two facts of one kind that share a participant (speaker, party),
  on the same date or with one undated, whose summaries (a quote's words) say much the same,
  are likely one fact curated twice (say, from two sources): merge them, or tell them apart.

Which kinds have a speaker (their own column that means ``actor``), and which field every
excerpt of a kind must hold (its ``text``), come from the kinds' declarations."""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from ..schema.columns import Column
from ..schema.evidence import REPORTING_ROLES, roles_sql
from ..schema.kinds import KINDS, Kind
from ..schema.sqltext import ident
from .passages import sentences
from .problems import Problem
from .readonly import connect_read_only

NAMING_ROLES = (*REPORTING_ROLES, "attributes")  # the excerpts that may say who spoke

# Typographic variants a printed text and a curated one may differ by.
_SAME = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                       "\u2013": "-", "\u2014": "-"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normal(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_SAME)).strip()


def lint(db_path: Path) -> list[Problem]:
    """Every warning for a built database, sorted by place."""
    conn = connect_read_only(db_path)
    try:
        return sorted([*unnamed_speakers(conn), *quotes_not_cited_everywhere(conn), *shared_excerpts(conn),
                       *quote_excerpts_past_their_sentence(conn), *ids_in_reader_text(conn),
                       *likely_duplicates(conn)])
    finally:
        conn.close()


def _speaker_column(kind: Kind) -> Column | None:
    """Its own column naming who acts (a speaker), as declared: the actor every source's
    evidence should name."""
    return kind.table.meaning("actor")


def _name_patterns(conn: sqlite3.Connection) -> dict[str, re.Pattern[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for entity_id, name in conn.execute("SELECT id, name FROM entities UNION ALL "
                                        "SELECT entity_id, alias FROM entity_aliases"):
        names[entity_id].add(normal(name).casefold())
    return {e: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(ns, key=len, reverse=True)) + r")(?!\w)")
            for e, ns in names.items()}


def unnamed_speakers(conn: sqlite3.Connection) -> list[Problem]:
    """Per source that reports a fact with a speaker: its stating and attributing excerpts
    name the speaker; and where it has attributions, they name the speaker."""
    patterns = _name_patterns(conn)
    warnings = []
    for kind in KINDS:
        column = _speaker_column(kind)
        if column is None:
            continue
        rows = conn.execute(
            f"SELECT t.record, t.{ident(column.name)}, c.source_id, group_concat(c.exact, char(10)),"
            f" max(c.role IN {roles_sql(REPORTING_ROLES)}), group_concat(CASE WHEN c.role = 'attributes' THEN c.exact END, char(10))"
            f" FROM {ident(kind.table.name)} t JOIN citations c ON c.fact_type = ? AND c.fact_id = t.id"
            f" AND c.role IN {roles_sql(NAMING_ROLES)} GROUP BY t.id, c.source_id ORDER BY t.id, c.source_id", (kind.name,))
        for record, speaker, source, excerpts, reports, attributions in rows:
            pattern = patterns.get(speaker)
            if pattern is None or (reports and not pattern.search(normal(excerpts).casefold())):
                warnings.append(Problem.at_record(record, (
                    f"{column.bound}: no excerpt of '{source}' names '{speaker}' (by its name or an alias): cite the "
                    "passage that says who spoke with role 'attributes', or add the name the source uses to its aliases")))
            elif attributions and not pattern.search(normal(attributions).casefold()):
                warnings.append(Problem.at_record(record, (
                    f"citations: no 'attributes' excerpt of '{source}' names '{speaker}': attributions lead a reader "
                    "to the passage that names who spoke")))
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
        column = kind.column_meaning("text")
        if column is None:
            continue
        for record, fact_id, words in conn.execute(
                f"SELECT record, id, {ident(column)} FROM {ident(kind.table.name)} ORDER BY id"):
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
                        f"{kind.in_every_excerpt}: the words are also printed in source '{source_id}', which this "
                        f"{kind.name} does not cite: cite them there too")))
    return warnings


def shared_excerpts(conn: sqlite3.Connection) -> list[Problem]:
    warnings = []
    for kind in KINDS:
        rows = conn.execute(
            f"SELECT c.source_id, c.start, c.[end], t.id, t.record FROM citations c"
            f" JOIN {ident(kind.table.name)} t ON t.id = c.fact_id"
            f" WHERE c.fact_type = ? AND c.role = 'states' AND EXISTS (SELECT 1 FROM citations d WHERE d.fact_type = c.fact_type"
            f" AND d.role = 'states' AND d.source_id = c.source_id AND d.start = c.start AND d.[end] = c.[end] AND d.fact_id != c.fact_id)"
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


def quote_excerpts_past_their_sentence(conn: sqlite3.Connection) -> list[Problem]:
    """An excerpt that states a quote runs no further than the sentences the words stand in."""
    warnings = []
    for kind in KINDS:
        column = kind.column_meaning("text")
        if column is None:
            continue
        rows = conn.execute(
            f"SELECT t.record, t.{ident(column)}, c.source_id, c.start, c.[end], c.exact, s.text FROM {ident(kind.table.name)} t"
            f" JOIN citations c ON c.fact_type = ? AND c.fact_id = t.id AND c.role = 'states'"
            f" JOIN sources s ON s.id = c.source_id ORDER BY t.id, c.source_id, c.start", (kind.name,))
        for record, words, source, start, end, exact, text in rows:
            at = start + exact.find(words)
            spans = [s for s in sentences_around(text, at, at + len(words)) if s.start < at + len(words) and at < s.end]
            if spans and (start < spans[0].start or end > spans[-1].end):
                warnings.append(Problem.at_record(record, (
                    f"citations: the excerpt of '{source}' at {start}–{end} runs past the sentence of the quoted words "
                    f"({spans[0].start}–{spans[-1].end}): cite that sentence alone, and who said it with role 'attributes'")))
    return warnings


def sentences_around(text: str, start: int, end: int, reach: int = 2000) -> list:
    """The sentences of the text near ``start``–``end`` (a window, so long sources cost the same)."""
    begin = max(0, text.rfind("\n", 0, max(0, start - reach)) + 1)
    stop = text.find("\n", min(len(text), end + reach))
    window = text[begin:stop if stop >= 0 else len(text)]
    return [replace(s, start=s.start + begin, end=s.end + begin) for s in sentences(window)]


_SLUG = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])|\b\w+\.txt\b")


def ids_in_reader_text(conn: sqlite3.Connection) -> list[Problem]:
    """Text readers read that names a source or a fact by its id, or a source by its file."""
    ids = {i for (i,) in conn.execute("SELECT id FROM sources UNION SELECT file FROM sources UNION SELECT id FROM facts"
                                      " UNION SELECT id FROM disagreements")}
    texts = [f"SELECT t.record, '{c}', t.{ident(c)} FROM {ident(k.table.name)} t"
             for k in KINDS if (c := k.column_meaning("summary"))]
    texts += ["SELECT d.record, 'summary', d.summary FROM disagreements d",
              "SELECT d.record, 'claims.says', k.says FROM disagreement_claims k JOIN disagreements d ON d.id = k.disagreement_id"]
    warnings = []
    for record, field, text in conn.execute(" UNION ALL ".join(texts)):
        named = sorted({m for m in _SLUG.findall(text or "") if m in ids})
        if named:
            warnings.append(Problem.at_record(record, (
                f"{field}: names {', '.join(repr(n) for n in named)} by id: readers read this; name the source by "
                "its publisher or title, or the fact in words")))
    return warnings


# How alike two summaries must be to call two facts one: the words they share over the words
# either holds (three letters or more; a few common ones, and the names of the entities they
# share, aside).
SIMILAR = 0.5
_COMMON = {"the", "and", "that", "with", "for", "was", "were", "has", "had", "have", "his", "her", "their", "this",
           "also", "from", "which", "who", "its", "are", "been", "said", "says"}


def summary_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(normal(text).casefold()) if len(w) >= 3 and w not in _COMMON}


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _fact_entities(conn: sqlite3.Connection, kind: Kind) -> dict[str, set[str]]:
    """fact id -> the entities that act in it or receive it: its own columns (a speaker) and
    its links' rows (participants, parties), as declared."""
    table = kind.table
    out: dict[str, set[str]] = defaultdict(set)
    for c in table.columns:
        if c.references == "entities.id" and c.means in ("actor", "recipient"):
            for fact_id, entity in conn.execute(f"SELECT id, {ident(c.name)} FROM {ident(table.name)}"
                                                f" WHERE {ident(c.name)} IS NOT NULL"):
                out[fact_id].add(entity)
    for link in kind.entity_links():
        owner = next((c.name for c in link.table.columns if c.references == f"{table.name}.id"), None)
        entity = next(c.name for c in link.table.columns if c.references == "entities.id")
        if owner is None:
            continue
        for fact_id, entity_id in conn.execute(f"SELECT {ident(owner)}, {ident(entity)} FROM {ident(link.table.name)}"):
            out[fact_id].add(entity_id)
    return out


def _entity_words(conn: sqlite3.Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for entity_id, name in conn.execute("SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM entity_aliases"):
        out[entity_id] |= summary_words(name)
    return out


def likely_duplicates(conn: sqlite3.Connection) -> list[Problem]:
    """Facts of one kind with a participant in common, the same date (or one unknown) and
    summaries that say much the same: only facts sharing an entity and a date (or one undated)
    are compared."""
    warnings = []
    named = _entity_words(conn)
    for kind in KINDS:
        line = kind.summary
        time = kind.column_meaning("time")
        if line is None or time is None:
            continue
        entities = _fact_entities(conn, kind)
        facts = [(fact_id, date, summary_words(text or ""), record) for fact_id, date, text, record in conn.execute(
            f"SELECT id, {ident(time)}, {ident(line)}, record FROM {ident(kind.table.name)} ORDER BY record, id")]
        # pairs to compare: facts sharing an entity, dated the same or one undated (indexed, so a
        # large corpus costs what its crowded days and entities cost, not every pair of facts)
        by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        undated: dict[str, list[int]] = defaultdict(list)
        for i, (fact_id, date, _, _) in enumerate(facts):
            for entity in entities.get(fact_id, ()):
                (undated[entity] if not date else by_key[(entity, date)]).append(i)
        pairs: set[tuple[int, int]] = set()
        for (entity, _), group in by_key.items():
            pairs |= {(a, b) for a in group for b in group if a < b}
            pairs |= {(min(a, b), max(a, b)) for a in group for b in undated.get(entity, ())}
        for group in undated.values():
            pairs |= {(a, b) for a in group for b in group if a < b}
        for a, b in sorted(pairs):
            (first, first_date, words_a, _), (second, second_date, words_b, record) = facts[a], facts[b]
            shared = entities.get(first, set()) & entities.get(second, set())
            names = set().union(*(named.get(e, set()) for e in shared))
            if similarity(words_a - names, words_b - names) >= SIMILAR:
                warnings.append(Problem.at_record(record, (
                    f"{line}: likely the same {kind.name} as '{first}' (both name {', '.join(sorted(shared))}; "
                    f"dated {first_date or 'unknown'} and {second_date or 'unknown'}; their "
                    f"{'words' if line == 'text' else 'summaries'} say much the same): merge them, "
                    "or say in each what tells them apart")))
    return warnings

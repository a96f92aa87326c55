"""What a reader types, read as they mean it: words matched by their stem, possessives folded
("Khan's" finds Khan), "quoted phrases" kept whole, OR between words meaning either; and the
people, countries and organisations the words name, found by name or alias even when
misspelt ("Imran Kahn" finds Imran Khan), by the closest names in the corpus (difflib); and,
for a word the corpus does not hold, the closest word it does ("Afganistan": "Afghanistan"),
from the terms of the full-text index (``stems``, ``closest_term``)."""
from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass

_TOKEN = re.compile(r'"[^"]*"?|\S+')
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"(\w)['’]s\b", re.IGNORECASE)
CLOSE = 0.8  # how alike a name must be to be offered (difflib's ratio)


def words(text: str) -> list[str]:
    return _WORD.findall(_POSSESSIVE.sub(r"\1", text))


def fts_query(q: str) -> str:
    """An FTS5 query for what was typed: each word or quoted phrase a quoted phrase (so no
    character is read as FTS5 syntax), ``OR`` (in capitals) between two of them meaning
    either, all others meaning all of them."""
    parts: list[str] = []
    for token in _TOKEN.findall(q):
        if token == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        found = words(token.strip('"'))
        if found:
            parts.append('"' + " ".join(found) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def normal(name: str) -> str:
    return " ".join(words(name)).casefold()


@dataclass(frozen=True)
class Named:
    id: str
    name: str  # the entity's preferred name
    kind: str
    said: str  # the name or alias that matched


NameRow = tuple[str, str, str, str]  # (id, preferred name, kind, a name or alias)


def name_index(names: list[NameRow]) -> dict[str, list[NameRow]]:
    """Every name and alias in the form ``find_named`` compares (``normal``), with its rows."""
    by_name: dict[str, list[NameRow]] = {}
    for row in names:
        by_name.setdefault(normal(row[3]), []).append(row)
    return by_name


def find_named(q: str, names: list[NameRow] | dict[str, list[NameRow]], limit: int = 3,
               fuzzy: bool = True) -> tuple[list[Named], bool]:
    """The entities whose name or alias is what was typed (any case, possessives folded), or,
    where none is, the closest ones; and whether the match was only close. ``names``: (id,
    preferred name, kind, a name or alias) for every name of every entity, or their
    ``name_index`` (made once for many lookups: making it costs more than a lookup)."""
    wanted = normal(q)
    if not wanted:
        return [], False
    by_name = names if isinstance(names, dict) else name_index(names)
    exact = list(by_name.get(wanted, []))
    close = False
    if not exact and fuzzy:
        close = True
        for candidate in difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=CLOSE):
            exact += by_name[candidate]
    seen: dict[str, Named] = {}
    for entity_id, name, kind, said in exact:
        seen.setdefault(entity_id, Named(entity_id, name, kind, said))
    return list(seen.values())[:limit], close


SPELL_CLOSE = 0.8  # how alike a word of the corpus must be to a misspelt one to be offered
SPELL_MIN = 4  # shorter words are not corrected (too many words are close to them)


def stems(typed: list[str]) -> list[str]:
    """Each word as the site's full-text index holds it (FTS5's porter tokenizer: lower case,
    stemmed: "Meetings" is "meet"), read from an index of the words alone, in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE w USING fts5(t, tokenize='porter')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance')")
        conn.executemany("INSERT INTO w(rowid, t) VALUES (?, ?)", enumerate(typed))
        found: dict[int, str] = {}
        for term, doc in conn.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            found.setdefault(doc, term)
        return [found.get(i, "") for i in range(len(typed))]
    finally:
        conn.close()


def closest_term(stem: str, terms: list[tuple[str, int]]) -> str | None:
    """The term of the corpus (``terms``: (term, rows holding it)) most alike to ``stem`` at
    SPELL_CLOSE at least (difflib's ratio), the commonest of equally alike ones; None if none is."""
    best: tuple[float, int, str] | None = None
    matcher = difflib.SequenceMatcher(b=stem)
    for term, rows in terms:
        if term == stem or abs(len(term) - len(stem)) > 2:
            continue
        matcher.set_seq1(term)
        if matcher.real_quick_ratio() < SPELL_CLOSE or matcher.quick_ratio() < SPELL_CLOSE:
            continue
        ratio = matcher.ratio()
        if ratio >= SPELL_CLOSE and (best is None or (ratio, rows) > best[:2]):
            best = (ratio, rows, term)
    return best[2] if best else None


def marked_word(snippet: str | None, open_: str, close: str) -> str | None:
    """The first word marked in a snippet (between ``open_`` and ``close``)."""
    if not snippet or open_ not in snippet:
        return None
    word = snippet.split(open_, 1)[1].split(close, 1)[0]
    return word if _WORD.fullmatch(word) else None


def replace_words(q: str, replacements: dict[str, str]) -> str:
    """``q`` with each whole word named in ``replacements`` (any case) replaced."""
    folded = {k.casefold(): v for k, v in replacements.items()}
    return _WORD.sub(lambda m: folded.get(m.group(0).casefold(), m.group(0)), q)

"""What a reader types, read as they mean it: words matched by their stem, possessives folded
("Khan's" finds Khan), "quoted phrases" kept whole, OR between words meaning either; and the
people, countries and organisations the words name, found by name or alias even when
misspelt ("Imran Kahn" finds Imran Khan), by the closest names in the corpus (difflib)."""
from __future__ import annotations

import difflib
import re
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


def find_named(q: str, names: list[tuple[str, str, str, str]], limit: int = 3, fuzzy: bool = True) -> tuple[list[Named], bool]:
    """The entities whose name or alias is what was typed (any case, possessives folded), or,
    where none is, the closest ones; and whether the match was only close. ``names``: (id,
    preferred name, kind, a name or alias) for every name of every entity."""
    wanted = normal(q)
    if not wanted:
        return [], False
    by_name: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in names:
        by_name.setdefault(normal(row[3]), []).append(row)
    exact = by_name.get(wanted, [])
    close = False
    if not exact and fuzzy:
        close = True
        for candidate in difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=CLOSE):
            exact += by_name[candidate]
    seen: dict[str, Named] = {}
    for entity_id, name, kind, said in exact:
        seen.setdefault(entity_id, Named(entity_id, name, kind, said))
    return list(seen.values())[:limit], close

"""New names a draft lists for the entity list: the people, organisations and places the text's
named entities (spaCy's NER) give that no entity or alias covers. Not a name: a possessive's
"’s" ("Khan’s" is Khan), a title before a person's name ("President", "Foreign Minister"), a
demonym ("Afghan"), a weekday, a month or a time zone (those are dates, not names), the words of
the dateline, the kind of a joint text ("Joint Statement"). And the name an abbreviation stands for
where the text spells it out ("the DRC": the "Democratic Republic of Congo")."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..passages import COMMON, NOT_NAMES, Names, _derived
from .parse import TITLES, Phrase

# The named-entity labels an entity of the list can have.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")
_POSSESSIVE = re.compile(r"[’']s?$")


def cleaned(words: str) -> str:
    """A named entity's words as a name: no leading article, no title or what comes before it
    ("Kazakh President Kassym-Jomart Tokayev" is Kassym-Jomart Tokayev), no possessive, no brackets."""
    parts = _POSSESSIVE.sub("", re.sub(r"[\[\]()]", "", words.strip())).split()
    titled = [k for k, w in enumerate(parts[:-1]) if w.lower().rstrip(".") in TITLES]
    if titled:
        parts = parts[titled[-1] + 1:]
    while parts and parts[0].lower() in ("the", "a", "an"):
        parts = parts[1:]
    return " ".join(parts).strip(" ,.;:")


def new_names(entities: Iterable[Phrase], names: Names, skip: tuple[int, int] = (0, 0)) -> Counter[str]:
    """How often each new name occurs, from the named entities of a text (offsets in it); those
    in ``skip`` (the dateline) aside."""
    known = {w for name in names.by_name for w in name.split()}
    found: Counter[str] = Counter()
    for entity in entities:
        if entity.label not in NAME_LABELS or skip[0] <= entity.start < skip[1]:
            continue
        name = cleaned(entity.text)
        if not name or not name[0].isupper() or len(name) < 2:
            continue
        words = name.lower().split()
        if all(w.rstrip(".") in COMMON or w.rstrip(".") in NOT_NAMES for w in words):
            continue  # a weekday, a month, a time zone
        if name.casefold() in names.by_name or (len(words) == 1 and _derived(name, known)):
            continue  # a known name, a demonym or a compound of known names ("Pakistan-Russia")
        if re.fullmatch(r"(?:\S+\s+)?(?:joint )?(?:statement|declaration|communiqu[eé]|press release)", name, re.I):
            continue  # the kind of a joint text ("Joint Statement" heading it), not a name
        if names.find(name) and all(w.lower() in known or w.lower().rstrip(".") in TITLES for w in name.split()):
            continue  # known names together ("Putin Khan"), titles aside
        found[name] += 1
    for name in list(found):  # "Peskov" is the "Dmitry Peskov" the text names in full
        fuller = [n for n in found if n != name and n.endswith(" " + name)]
        if len(fuller) == 1:
            found[fuller[0]] += found.pop(name)
    return found


_SMALL = ("of", "the", "and", "for")


def spelled_out(text: str, initials: str) -> str | None:
    """The name an abbreviation stands for where the text spells it out: capitalised words (with
    "of", "the", "and", "for" between them) whose initials are the abbreviation's."""
    word = r"[A-Z][\w’'-]*"
    for m in re.finditer(rf"\b{word}(?:\s+(?:(?:of|the|and|for)\s+)*{word})+", text):
        parts = m.group().split()
        for k in range(len(parts)):  # "President Cyril … of the Democratic Republic": from any word on
            tail = [w for w in parts[k:] if w not in _SMALL]
            if parts[k] not in _SMALL and "".join(w[0] for w in tail) == initials:
                return " ".join(parts[k:])
    return None

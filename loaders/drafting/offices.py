"""Offices named for their holders: "the Pakistani Prime Minister", "the foreign minister of
Xland", "his Chinese counterpart". The country comes from a demonym or a country's name the entity
list knows; the holder is the one person of that country whose name or aliases carry the office
(or, for "counterpart" and "leader", the one person of that country the list holds). Nothing is
guessed where the list allows more than one: the office stays unnamed."""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..passages import Name

# Demonyms that no rule below derives from the country's name.
_DEMONYMS = {
    "chinese": "china", "japanese": "japan", "french": "france", "british": "united kingdom", "dutch": "netherlands",
    "american": "united states", "pakistani": "pakistan", "afghan": "afghanistan", "turkish": "turkey",
    "swiss": "switzerland", "greek": "greece", "thai": "thailand", "filipino": "philippines", "vietnamese": "vietnam",
    "israeli": "israel", "iraqi": "iraq", "saudi": "saudi arabia", "emirati": "united arab emirates", "qatari": "qatar",
    "german": "germany", "spanish": "spain", "polish": "poland", "danish": "denmark", "swedish": "sweden",
    "finnish": "finland", "irish": "ireland", "portuguese": "portugal", "lebanese": "lebanon", "bangladeshi": "bangladesh",
    "nepalese": "nepal", "nepali": "nepal", "sri lankan": "sri lanka", "uzbek": "uzbekistan", "tajik": "tajikistan",
    "kazakh": "kazakhstan", "turkmen": "turkmenistan", "kyrgyz": "kyrgyzstan", "belarusian": "belarus",
}
OFFICES = (r"foreign minister|minister of foreign affairs|defen[cs]e minister|prime minister|premier|president|chancellor|"
           r"king|emir|crown prince|secretary of state|state councilor|counterpart|leader|PM")
# Offices named in other words: a premier is a prime minister, a PM too (as aliases write them).
SAME_OFFICE = {"premier": ("premier", "prime minister", "pm "), "pm": ("prime minister", "premier", "pm "),
               "prime minister": ("prime minister", "premier", "pm ")}
# The head of state or government a country's "leader" is, when the list holds several of its people.
HEADS = ("president", "prime minister", "premier", "pm ", "chancellor", "king", "emir")
OFFICE = re.compile(rf"\b(?:(?!The\b|His\b|Her\b|Their\b)(?P<dem>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+)?(?P<office>(?i:{OFFICES}))\b"
                    r"(?:\s+(?i:of)\s+(?:the\s+)?(?P<of>[A-Z][\w-]*(?: [A-Z][\w-]*)?))?")


def demonym_of(country: str) -> set[str]:
    """The demonyms a country's name suggests ("Russia": "russian"; "Iran": "iranian")."""
    name = country.lower()
    out = {k for k, v in _DEMONYMS.items() if v == name}
    if name.endswith("a"):  # Russia, Tanzania: -n
        out.add(name + "n")
    elif name.endswith("stan"):
        out.add(name[:-4].rstrip("i"))
    out.update({name + "ian", name + "i", name + "ese", name + "ish"})
    return out


class Offices:
    def __init__(self, entities: Iterable):
        self.countries: dict[str, str] = {}  # a country's name, alias or demonym, lowered: its entity
        self.people: dict[str, list] = {}  # a country code: the persons of that country
        codes: dict[str, str] = {}
        for e in entities:
            if e.kind == "country":
                for n in (e.name, *e.aliases):
                    self.countries[n.lower()] = e.id
                    for d in demonym_of(n):
                        self.countries.setdefault(d, e.id)
                if e.country:
                    codes[e.id] = e.country
            elif e.kind == "person" and e.country:
                self.people.setdefault(e.country, []).append(e)
        self.codes = codes

    def find(self, text: str, offset: int, names: list[Name]) -> list[tuple[Name, str]]:
        """Offices a sentence names for a holder the entity list knows, not followed by a name of
        their own ("Pakistani Prime Minister Imran Khan" is the name's): (name, the words) each."""
        out = []
        for m in OFFICE.finditer(text):
            start, end = offset + m.start(), offset + m.end()
            if any(n.start < end and start < n.end for n in names) or re.match(r"\s*[A-Z]", text[m.end():m.end() + 2]):
                continue  # part of a name, or followed by one
            if re.match(r"[’']s\s+(?:office|secretariat|spokes\w*|press|aides?|advis[eo]rs?|envoy)", text[m.end():], re.I):
                continue  # "the Pakistani Prime Minister's Office": someone of theirs
            country = None
            for where in (m.group("dem"), m.group("of")):
                for words in ((where, where.split()[-1]) if where else ()):
                    country = country or self.countries.get(words.lower())
            if country is None or country not in self.codes:
                continue
            office = m.group("office").lower()
            if office == "pm" and m.group("office") != "PM":
                continue  # "pm": the time of day
            people = self.people.get(self.codes[country], [])
            if office not in ("counterpart", "leader"):
                people = [p for p in people if any(o in n.lower() + " " for o in SAME_OFFICE.get(office, (office,))
                                                   for n in (p.name, *p.aliases))]
            elif office == "leader" and len(people) > 1:  # "the Russian leader": the head of state or government
                heads = [p for p in people if any(o in n.lower() + " " for o in HEADS for n in (p.name, *p.aliases))]
                people = heads if len(heads) == 1 else people
            if len(people) == 1:
                out.append((Name(start, end, people[0].id), m.group()))
        return out

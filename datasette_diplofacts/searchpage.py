"""Search for readers: results as cards (kind, summary, date as certain as it is, sources,
the hit in context), each linking to its page, a source's hit landing on the passage; the
SQL behind them one click away, as the ``search`` canned query."""
from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from urllib.parse import quote, urlencode

from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from diplofacts.schema.kinds import KINDS_BY_NAME

from .compat import QueryInterrupted, site_title, state
from .dates import date_html
from .kindsql import SEARCHED
from .pages import name_sources, row_url, source_titles
from .queries import COUNTED_UPTO, HIT_CLOSE, HIT_OPEN, RANKED_AMONG, search_counts_sql, search_sql
from .searchwords import (
    SPELL_MIN,
    Named,
    NameRow,
    closest_term,
    find_named,
    fts_query,
    marked_word,
    name_index,
    replace_words,
    stems,
    words,
)
from .synctemplates import render

EXAMPLES = ("pipeline", "Xi Jinping", "SCO summit", "invitation to visit")
# the canned query's, with the start of long rows, matching what the reader meant (searchwords.py)
PAGE_SQL = search_sql(RANKED_AMONG, excerpts=True, match=":fts", cards=True)
NAMES_SQL = ("SELECT id, name, kind, name FROM entities UNION ALL "
             "SELECT e.id, e.name, e.kind, a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id")
EXCERPT = 50_000  # characters of a row read to find how it writes a word
SPELL_BUDGET_MS = 300  # the most a spelling suggestion may take
WINDOW = 1_000  # characters: the hit of a long row is looked for in windows of this size
KINDS_SEARCHED = tuple(kind for kind, *_ in SEARCHED)  # what the kind filter offers: "source", "meeting"…
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
TOO_LONG = ("This search took longer than the site allows. Try fewer or rarer words, or run the "
            "search query yourself.")


def filters(request) -> tuple[dict[str, str], list[str]]:
    """The filters in the address: ``kind`` (one of KINDS_SEARCHED), ``from`` and ``to`` (a
    year, a month or a day: 2021, 2021-08, 2021-08-25); and what was given but not understood."""
    given = {name: (request.args.get(name) or "").strip() for name in ("kind", "from", "to")}
    problems = []
    if given["kind"] and given["kind"] not in KINDS_SEARCHED:
        problems.append(f"There is no kind “{given['kind']}”: every kind is searched.")
        given["kind"] = ""
    for name in ("from", "to"):
        if given[name] and not DATE.fullmatch(given[name]):
            problems.append(f"“{given[name]}” is not a date (2021, 2021-08 or 2021-08-25): no {name} date is applied.")
            given[name] = ""
    return given, problems


def date_bounds(since: str, until: str) -> dict[str, str]:
    """The range as whole days: a year or a month from its first day, to its last."""
    return {"since": since + "-01-01"[len(since) - 4:] if since else "0000-01-01",
            "until": until + "-12-31"[len(until) - 4:] if until else "9999-12-31"}


def search_href(datasette, q: str, given: dict[str, str] | None = None) -> str:
    """The search page's address for ``q`` with the filters ``given`` (those set)."""
    params = {"q": q, **{k: v for k, v in (given or {}).items() if v}}
    return datasette.urls.path("/-/search") + "?" + urlencode(params)


async def search_page(datasette, request):
    q = (request.args.get("q") or "").strip()
    databases = state(datasette).databases
    if not databases:
        return Response.redirect(datasette.urls.instance())
    database = databases[0]
    db = datasette.get_database(database)
    given, not_understood = filters(request)
    kinds = (given["kind"],) if given["kind"] else None
    dated = bool(given["from"] or given["to"])
    params = date_bounds(given["from"], given["to"])
    cards: list[dict] = []
    matches: list[tuple[str, int]] = []
    problem = None
    fts = fts_query(q)
    offered, close = await named(db, q) if q else ([], False)
    spelt = await spelling(db, q) if q and not (close and offered) else None  # a close name answers already
    try:
        if fts:
            cards = await _cards(datasette, db, database, fts, search_sql(RANKED_AMONG, excerpts=True, match=":fts", kinds=kinds,
                                                                          dated=dated, cards=True), params)
            counts_sql = search_counts_sql(":fts", kinds=kinds, dated=dated, upto=COUNTED_UPTO)
            matches = [(r["type"], r["matches"]) for r in await db.execute(counts_sql, {"fts": fts, **params})]
    except QueryInterrupted:  # past the SQL time limit: said so, not a server error
        problem = TOO_LONG
    kind_names = {kind: KINDS_BY_NAME[kind].table.name if kind in KINDS_BY_NAME else "sources" for kind in KINDS_SEARCHED}
    return Response.html(await datasette.render_template("diplofacts_search.html", {
        "problem": problem,
        "q": q, "cards": cards, "cards_html": render("_diplofacts_search_cards.html", cards=cards), "close": close,
        "given": given, "filtered": bool(kinds or dated), "not_understood": not_understood,
        "kind_options": [(kind, kind_names[kind].capitalize()) for kind in KINDS_SEARCHED],
        "filter_words": _filter_words(given, kind_names),
        "unfiltered_url": search_href(datasette, q),
        "spelt": spelt and {"q": spelt, "url": search_href(datasette, spelt, given)},
        "named": [{"name": n.name, "kind": n.kind, "said": n.said, "url": row_url(datasette, database, "entities", n.id),
                   "search_url": search_href(datasette, n.name, given)} for n in offered],
        "examples": [(e, datasette.urls.path("/-/search") + "?" + urlencode({"q": e})) for e in EXAMPLES],
        "sql_url": datasette.urls.query(database, "search") + ("?" + urlencode({"q": q}) if q else ""),
        "site_title": site_title(datasette, database),
        "entities_url": datasette.urls.table(database, "entities"),
        "kinds": sorted({c["kind"] for c in cards}),
        "matches": ", ".join(f"{'more than ' if n > COUNTED_UPTO else ''}{min(n, COUNTED_UPTO):,} {kind}{'s' if n != 1 else ''}"
                             for kind, n in matches if n),
        "capped": _and([f"{kind}s" for kind, n in matches if n > RANKED_AMONG]), "among": RANKED_AMONG,
    }, request=request), status=503 if problem else 200)


def _filter_words(given: dict[str, str], kind_names: dict[str, str]) -> str:
    """The filters in force, in words: "meetings, dated 2021-08 to 2021-09"."""
    parts = [kind_names[given["kind"]]] if given["kind"] else []
    if given["from"] and given["to"]:
        parts.append(f"dated {given['from']} to {given['to']}")
    elif given["from"]:
        parts.append(f"dated {given['from']} or later")
    elif given["to"]:
        parts.append(f"dated {given['to']} or earlier")
    return ", ".join(parts)


async def spelling(db, q: str, budget_ms: int = SPELL_BUDGET_MS) -> str | None:
    """``q`` with each word that no row of the corpus holds replaced by the closest word that
    some row does ("Afganistan": "Afghanistan"), or None when every word is held or none is close.

    A word is held where a row of some full-text index matches it (the index stems it as it
    stems the rows: one row found is enough, whatever the number holding it). The terms of an
    index, for a word none holds, are read through FTS5's ``fts5vocab`` (a table of each
    index's terms, made in the connection's temporary schema: the database is never written);
    the closest is found by difflib among the terms of the same first letter and about the same
    length, and shown as the corpus writes it (the first row holding it). Reading a letter's
    terms costs in proportion to the index, so the whole lookup has a budget (``budget_ms``):
    past it, SQLite is interrupted and no suggestion is made."""
    typed = [w for w in words(q) if not w.isdigit()]
    if not typed or len(typed) > 8:
        return None
    tables = [table for _, table, _, _ in SEARCHED]

    def lookup(conn) -> dict[str, str]:
        deadline = time.monotonic() + budget_ms / 1000
        conn.set_progress_handler(lambda: time.monotonic() > deadline, 100)
        try:
            return within_budget(conn, deadline)
        except sqlite3.OperationalError:  # interrupted: past the budget
            return {}
        finally:
            conn.set_progress_handler(None, 0)

    def within_budget(conn, deadline: float) -> dict[str, str]:
        def held(word: str) -> bool:  # fts5vocab's count of a term's rows would read every row holding it
            return any(conn.execute(f"SELECT 1 FROM {t}_fts WHERE {t}_fts MATCH ? LIMIT 1", [f'"{word}"']).fetchone()
                       for t in tables)
        unheld = [w for w in typed if not held(w)]
        if not unheld:
            return {}
        for table in tables:
            conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_vocab USING fts5vocab(main, '{table}_fts', 'row')")
        fixed: dict[str, str] = {}
        for word, stem in zip(unheld, stems(unheld), strict=True):
            if time.monotonic() > deadline:
                return {}
            if len(stem) < SPELL_MIN:
                continue
            rows: dict[str, int] = {}
            for t in tables:
                for term, n in conn.execute(f"SELECT term, doc FROM temp.{t}_vocab WHERE term >= ? AND term < ?",
                                            [stem[0], chr(ord(stem[0]) + 1)]):
                    rows[term] = rows.get(term, 0) + n
            term = closest_term(stem, list(rows.items()))
            surface = _as_written(conn, term, tables) if term else None
            if surface:  # in the case it was typed in: "afganistan", "afghanistan"; "Afganistan", "Afghanistan"
                fixed[word] = surface.lower() if word.islower() else surface[0].upper() + surface[1:]
        return fixed

    fixed = await db.execute_fn(lookup)
    return replace_words(q, fixed) if fixed else None


def _as_written(conn, term: str, tables: list[str]) -> str | None:
    """The word the index holds as ``term``, as the first row holding it writes it."""
    query = f'"{term}"'
    for table in tables[1:] + tables[:1]:  # the facts' short rows first, the sources last
        row = conn.execute(f"SELECT * FROM {table}_fts WHERE {table}_fts MATCH ? LIMIT 1", [query]).fetchone()
        if row is not None:
            text = "\n".join(str(v)[:EXCERPT] for v in row if isinstance(v, str))
            word = marked_word(window_snippet(text, query), HIT_OPEN, HIT_CLOSE)
            if word:
                return word
    return None


_NAMES: dict[tuple[str, object], dict[str, list[NameRow]]] = {}


async def named(db, q: str) -> tuple[list[Named], bool]:
    """The entities the words name: all of them (any case), or names close to all of them
    (misspelt: "Imran Kahn"), or else the longest run of them that is a name ("SCO" in "SCO
    summit"); and whether they are only close."""
    key = (db.name, db.hash if not db.is_mutable else id(db))
    if key not in _NAMES:
        _NAMES.clear()  # one database's names at a time
        _NAMES[key] = name_index([(r[0], r[1], r[2], r[3]) for r in await db.execute(NAMES_SQL)])
    names = _NAMES[key]
    typed = words(q)
    if not typed or len(typed) > 8:
        return [], False

    def lookup() -> tuple[list[Named], bool]:
        found, close = find_named(" ".join(typed), names)  # all the words: a name, or close to one
        for size in range(len(typed) - 1, 0, -1):  # else the longest run of words that is a name
            for at in range(len(typed) - size + 1):
                if not found:
                    found, close = find_named(" ".join(typed[at:at + size]), names, fuzzy=False)
        return found, close

    return await asyncio.to_thread(lookup)


async def _cards(datasette, db, database: str, fts: str, sql: str = PAGE_SQL, params: dict | None = None) -> list[dict]:
    """The cards of a search: its rows hold what they show (``search_sql``'s ``cards``), so the
    page runs two statements whatever the kinds found (the search and its counts)."""
    hits = [dict(r) for r in await db.execute(sql, {"fts": fts, **(params or {})})]
    long = [h for h in hits if h["excerpt"] is not None]
    if long:  # off the event loop: a few ms in all
        found = await asyncio.to_thread(window_snippets, [h["excerpt"] for h in long], fts)
        for h, hit in zip(long, found, strict=True):
            h["hit"] = hit or h["hit"]
    titles = await source_titles(datasette, db, database, (h["title"] for h in hits if h["type"] != "source"))
    cards = []
    for h in hits:
        snippet = Markup(str(escape(h["hit"])).replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))
        n = h["count"] or 0
        if h["type"] == "source":
            cards.append({"kind": "source", "title": h["title"], "date": date_html(h["date"], "stated"),
                          "count": f"{n} fact{'s' if n != 1 else ''} cite it",
                          "url": row_url(datasette, database, "sources", h["id"]) + passage_fragment(h["hit"]),
                          "hit": snippet})
        else:
            cards.append({"kind": h["type"], "title": name_sources(h["title"], titles), "date": date_html(h["date"], h["date_basis"]),
                          "count": f"reported by {n} source{'s' if n != 1 else ''}",
                          "url": row_url(datasette, database, KINDS_BY_NAME[h["type"]].table.name, h["id"]),
                          "hit": snippet if h["hit"] != h["title"] else None})
    return cards


def window_snippet(text: str, fts: str) -> str | None:
    """The first hit of ``fts`` in ``text`` in context (``window_snippets`` of one text)."""
    return window_snippets([text], fts)[0]


def _windows(text: str):
    """``text`` cut into windows of about WINDOW characters (at a space): (start, window)."""
    at = 0
    while at < len(text):
        end = at + WINDOW
        if end < len(text):
            space = text.rfind(" ", at + WINDOW // 2, end)
            end = space + 1 if space > 0 else end
        yield at, text[at:end]
        at = end


def window_snippets(texts: list[str], fts: str) -> list[str | None]:
    """The first hit of ``fts`` in each text in context, as FTS5's snippet() marks it, at a
    bounded cost: each text is cut into windows of about WINDOW characters (at a space), and
    only the first window holding a match is snippeted. The texts are searched together, one
    window of each at a time, in one index in memory (one statement finds the hits of every
    text whose window holds one: a connection and an index per text cost 30 ms for a page of
    50 sources at 200k facts, together 5 ms; snippet() reads one row at a time, so the result
    is the same). None for a text where no window holds a match (the match is in another
    column, past the start of the row, or across two windows)."""
    found: list[str | None] = [None] * len(texts)
    if not fts or not texts:
        return found
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE w USING fts5(t, tokenize='porter')")
        pending = {i: _windows(text) for i, text in enumerate(texts)}
        starts: dict[int, int] = {}
        while pending:
            rows = []
            for i, windows in list(pending.items()):
                window = next(windows, None)
                if window is None:
                    del pending[i]
                else:
                    starts[i] = window[0]
                    rows.append((i, window[1]))
            if not rows:
                break
            conn.execute("DELETE FROM w")
            conn.executemany("INSERT INTO w(rowid, t) VALUES (?, ?)", rows)
            for i, hit in conn.execute(f"SELECT rowid, snippet(w, 0, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 16) FROM w"
                                       " WHERE w MATCH ?", (fts,)).fetchall():
                found[i] = ("…" if starts[i] and not hit.startswith("…") else "") + hit
                del pending[i]
        return found
    except sqlite3.Error:
        return [None] * len(texts)
    finally:
        conn.close()


def _and(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)


def passage_fragment(hit: str) -> str:
    """A text fragment (``#:~:text=…``) for a few words around the hit's first match, on its
    own line and within its sentence, so the browser scrolls the source to that passage and
    marks it."""
    line = next((ln for ln in re.split(r"…|\n", hit) if HIT_OPEN in ln), "")
    tokens = line.split()
    first = next((i for i, w in enumerate(tokens) if HIT_OPEN in w), None)
    if first is None:
        return ""
    start = first
    while start > 0 and first - start < 2 and not re.search(r"[.!?]$", tokens[start - 1]):
        start -= 1
    end = first + 1
    while end < len(tokens) and end - first < 3 and not re.search(r"[.!?][\"”’']?$", tokens[end - 1]):
        end += 1
    text = " ".join(tokens[start:end]).replace(HIT_OPEN, "").replace(HIT_CLOSE, "")
    text = text.strip(" ,;:.'\"“”‘’()")
    # '-' and ',' are the directive's own syntax (prefix-, -suffix, start,end): always escaped
    return "#:~:text=" + quote(text, safe="").replace("-", "%2D") if text else ""

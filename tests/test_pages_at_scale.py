"""Pages whose cost no longer grows with the corpus (issue 28): an entity's page paged by kind,
pages filtered by two facet values counted from what is stored (counts equal to live ones),
Datasette's table search bounded (and saying so), and a fact page's per-request work (one
key's metadata copied, not all of it; the schema of an immutable database read once)."""
import re
import sqlite3
from urllib.parse import parse_qsl, urlsplit

import pytest

from diplofacts.schema.kinds import KINDS
from diplofacts.schema.tables import TABLES_BY_NAME

from .conftest import rows
from .site import Site

PLURAL = {k.name: k.table.name for k in KINDS}


ENTITY = "vladimir-putin"  # of the committed facts.db: several facts of each kind


@pytest.fixture
def db():
    from .conftest import ROOT
    return ROOT / "facts.db"


@pytest.fixture
def paged(db, monkeypatch):
    """The site over the committed facts.db with two facts of each kind per page of an
    entity's lists."""
    from datasette_diplofacts import entitypage
    monkeypatch.setattr(entitypage, "PAGE_SIZE", 2)
    s = Site(db)
    yield s
    s.close()


def listed(page: str) -> list[str]:
    return re.findall(r'<li id="(fact-[^"]+)">', page)


def entity_order(db, entity: str = ENTITY) -> dict[str, list[str]]:
    """The facts naming ``entity``, by kind, in the page's order (date, then id)."""
    from datasette_diplofacts.kindsql import entity_facts_sql
    out: dict[str, list[str]] = {}
    for t, i, *_ in rows(db, entity_facts_sql().replace(":id", "?"), [entity] * entity_facts_sql().count(":id")):
        if i not in out.setdefault(t, []):
            out[t].append(i)
    return out


def test_an_entity_page_lists_each_kind_a_page_at_a_time_with_its_whole_count(paged, db):
    order = entity_order(db)
    per_kind = {t: len(ids) for t, ids in order.items()}
    assert max(per_kind.values()) >= 3  # something to page
    page = paged.get(f"/facts/entities/{ENTITY}").text
    # the headings count every fact of the kind, not the ones on this page
    assert re.findall(r"<h2>(\w+) \((\d+)\)</h2>", page) == [
        (PLURAL[k.name].capitalize(), str(per_kind[k.name])) for k in KINDS if per_kind.get(k.name)]
    assert f"<dd>{sum(per_kind.values())} facts" in page
    # the first two of each kind, in date order
    assert listed(page) == [f"fact-{k.name}-{i}" for k in KINDS for i in order.get(k.name, [])[:2]]
    # a kind with more: "1–2 of N" and a link to the next page, which lists the next facts
    kind = next(k.name for k in KINDS if per_kind.get(k.name, 0) >= 3)
    table, pages = PLURAL[kind], -(-per_kind[kind] // 2)
    nav = re.search(rf'<nav class="diplofacts-paging" id="{table}"[^>]*><p>(.*?)</p></nav>', page).group(1)
    assert nav.startswith(f"1–2 of {per_kind[kind]}, in date order (page 1 of {pages})")
    more = re.search(r'<a href="([^"]+)" rel="next">more</a>', nav).group(1)
    assert more == f"/facts/entities/{ENTITY}?{table}=2#{table}"
    second = paged.get(more.split("#")[0]).text
    assert [f for f in listed(second) if f.startswith(f"fact-{kind}-")] == [f"fact-{kind}-{i}" for i in order[kind][2:4]]
    assert f'<a href="/facts/entities/{ENTITY}?{table}=1#{table}" rel="prev">earlier</a>' in second
    # past the last page: the last page
    assert listed(paged.get(f"/facts/entities/{ENTITY}?{table}=999").text) == listed(
        paged.get(f"/facts/entities/{ENTITY}?{table}={pages}").text)


def test_the_timeline_of_a_paged_entity_counts_every_fact_and_leads_to_each_on_its_page(paged, db):
    """Each stretch of the timeline leads to the first fact of its month and kind: its line
    where this page lists it, else the month's place on the page of the kind's list that
    lists it (the stored counts give the page, not the fact)."""
    order = entity_order(db)
    dates = dict(rows(db, "SELECT type || ' ' || id, date FROM facts"))
    page = paged.get(f"/facts/entities/{ENTITY}").text
    bars = re.findall(r'<a href="([^"]+)" aria-label="(\w+ \d{4}): (\d+) (\w+?)s?"><rect', page)
    dated = rows(db, "SELECT count(*) FROM (SELECT DISTINCT type, id FROM facts WHERE month IS NOT NULL AND"
                     " (type, id) IN (SELECT type, id FROM (" + _naming_sql() + ")))")[0][0]
    assert sum(int(n) for _, _, n, _ in bars) == dated  # every fact, not only the listed ones
    elsewhere = [href for href, *_ in bars if not href.startswith("#")]
    assert elsewhere  # some lead to another page of its kind
    for href, _, _, kind in bars:
        path, anchor = href.split("#")
        target = paged.get(path).text if path else page
        # the first fact of the stretch's month and kind, in the kind's order
        if anchor.startswith(f"fact-{kind}-"):
            month = (dates[f"{kind} {anchor.removeprefix(f'fact-{kind}-')}"] or "")[:7]
        else:
            month = anchor.removeprefix(f"{PLURAL[kind]}-")
        first = next(i for i in order[kind] if (dates[f"{kind} {i}"] or "")[:7] == month)
        if anchor.startswith("fact-"):
            assert anchor == f"fact-{kind}-{first}" and anchor in listed(page), href
        else:
            (table, number), = parse_qsl(urlsplit(href).query)
            assert table == PLURAL[kind] and order[kind].index(first) // 2 + 1 == int(number)  # the page that lists it
            # the month's place: inside the line of that fact
            assert re.search(rf'<li id="fact-{kind}-{re.escape(first)}"><span id="{anchor}"></span>', target), href


def _naming_sql() -> str:
    from datasette_diplofacts.kindsql import entity_facts_sql
    return entity_facts_sql().replace(":id", f"'{ENTITY}'")


FILTERED = [
    "/facts/facts.json?type=meeting&month=2021-06",
    "/facts/facts.json?type=statement&source_count=1",
    "/facts/facts.json?type=meeting&month=2021-06&source_count=2",
    "/facts/meetings.json?kind=phone-call&mode=phone",
    "/facts/citations.json?fact_type=meeting&source_id=alpha-beta-call",
    "/facts/citations.json?fact_type=meeting&role=states",
    "/facts/facts.json?type=meeting&month=1999-01",  # no rows
]


@pytest.mark.parametrize("path", FILTERED)
def test_a_page_filtered_by_facet_values_shows_the_counts_a_live_count_gives(site, built, path):
    data = site.json(path)
    table = urlsplit(path).path.split("/")[-1].removesuffix(".json")
    filters = dict(parse_qsl(urlsplit(path).query))
    where = " AND ".join(f"[{c}] = ?" for c in filters)
    assert data["filtered_table_rows_count"] == rows(built, f"SELECT count(*) FROM [{table}] WHERE {where}", list(filters.values()))[0][0]
    for column in TABLES_BY_NAME[table].facets:
        live = rows(built, f"SELECT [{column}], count(*) FROM [{table}] WHERE {where} AND [{column}] IS NOT NULL"
                           f" GROUP BY [{column}] ORDER BY count(*) DESC, [{column}] LIMIT 10", list(filters.values()))
        shown = [(r["value"], r["count"]) for r in data["facet_results"][column]["results"]]
        assert shown == live, (column, shown, live)
        assert not data["facet_results"][column].get("timed_out")


def test_two_facet_values_read_stored_counts_where_one_filter_selects_every_row(built, monkeypatch):
    """No live GROUP BY where the counts are known: every facet of a page whose second filter
    takes nothing away comes from the row count and the stored pair counts."""
    counted = []
    from datasette.database import Database
    real = Database.execute

    async def spy(self, sql, *args, **kwargs):
        counted.append(sql)
        return await real(self, sql, *args, **kwargs)
    monkeypatch.setattr(Database, "execute", spy)
    (kind, mode, n), = rows(built, "SELECT kind, mode, count(*) FROM meetings WHERE kind = 'phone-call' GROUP BY kind, mode")
    assert n == rows(built, "SELECT count(*) FROM meetings WHERE kind = 'phone-call'")[0][0]
    s = Site(built)
    try:
        counted.clear()
        data = s.json(f"/facts/meetings.json?kind={kind}&mode={mode}")
    finally:
        s.close()
    assert [(r["value"], r["count"]) for r in data["facet_results"]["kind"]["results"]] == [(kind, n)]
    assert not [sql for sql in counted if "group by" in sql.lower()]


def test_a_table_search_matching_more_than_the_cap_is_cut_and_says_so(built, monkeypatch):
    from datasette_diplofacts import tablesearch
    word, matches = next((w, n) for w in ("alpha", "beta", "call", "the") if (n := rows(
        built, "SELECT count(*) FROM sources_fts WHERE sources_fts MATCH ?", [w])[0][0]) >= 2)
    monkeypatch.setattr(tablesearch, "SEARCH_CAP", 1)
    s = Site(built)
    try:
        cut = s.json(f"/facts/sources.json?_search={word}")
        page = s.get(f"/facts/sources?_search={word}").text
        one = s.json("/facts/sources.json?_search=" + rare_word(built))
        # counted only up to COUNTED_UPTO: past it, "more than"
        monkeypatch.setattr(tablesearch, "COUNTED_UPTO", matches - 1)
        more = s.json(f"/facts/sources.json?_search={word}")
        more_page = s.get(f"/facts/sources?_search={word}").text
        monkeypatch.setattr(tablesearch, "COUNTED_UPTO", matches)
        exact = s.json(f"/facts/sources.json?_search={word}")
    finally:
        s.close()
    # the first match in the index's order, and only it
    first = rows(built, "SELECT id FROM sources WHERE rowid = (SELECT min(rowid) FROM sources_fts WHERE sources_fts MATCH ?)", [word])
    said = "only the first 1 of {} matches (in the order they were added; the site's search ranks them all)"
    for data in (cut, more, exact):
        assert data["filtered_table_rows_count"] == 1
        assert [r[data["columns"].index("id")] for r in data["rows"]] == [first[0][0]]
    assert cut["human_description_en"] == f'where search matches "{word}" and {said.format(matches)} sorted by id'
    assert heading(page) == f'1 row where search matches "{word}" and {said.format(matches)} sorted by id'
    assert exact["human_description_en"] == f'where search matches "{word}" and {said.format(matches)} sorted by id'
    assert more["human_description_en"] == f'where search matches "{word}" and {said.format(f"more than {matches - 1}")} sorted by id'
    assert heading(more_page) == f'1 row where search matches "{word}" and {said.format(f"more than {matches - 1}")} sorted by id'
    # a search within the cap is Datasette's own, with no such words
    assert one["filtered_table_rows_count"] == 1 and "only the first" not in one["human_description_en"]


def rare_word(db) -> str:
    """A word of the sources' index found in exactly one source."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, 'sources_fts', 'row')")
        return next(term for (term,) in conn.execute("SELECT term FROM temp.v WHERE doc = 1 AND term GLOB '[a-z]*' ORDER BY term")
                    if conn.execute("SELECT count(*) FROM sources_fts WHERE sources_fts MATCH ?", [f'"{term}"']).fetchone()[0] == 1)
    finally:
        conn.close()


def test_a_key_of_the_metadata_is_found_as_in_the_whole_metadata(site):
    """get_metadata copies only the places Datasette looks a key up in: what it finds is what
    the whole metadata gives."""
    from datasette_diplofacts.compat import _copy_dicts, state
    ds = site.ds
    whole = _copy_dicts(state(ds).metadata)
    for key in ("source", "license", "label_column", "facets", "description", "plugins", "allow", "columns"):
        for database, table in ((None, None), ("facts", None), ("facts", "meetings"), ("facts", "sources")):
            expected = None
            places = []
            if database and table:
                places.append(((whole.get("databases") or {}).get(database) or {}).get("tables", {}).get(table) or {})
            if database:
                places.append((whole.get("databases") or {}).get(database) or {})
            places.append(whole)
            expected = next((p[key] for p in places if key in p), None)
            assert ds.metadata(key, database=database, table=table) == expected, (key, database, table)


def test_an_immutable_database_schema_is_read_once(site, monkeypatch):
    statements = []
    from datasette.database import Database
    real = Database.execute

    async def spy(self, sql, *args, **kwargs):
        statements.append(sql)
        return await real(self, sql, *args, **kwargs)
    site.get("/facts/meetings")
    monkeypatch.setattr(Database, "execute", spy)
    site.get("/facts/meetings")
    assert not [s for s in statements if "schema_version" in s]


STORED_ONE = 9999  # citations of meetings, as stored in the copy below (the live count is the fixture's)
STORED_TWO = 7777  # phone calls by phone, both orders of the pair


@pytest.fixture
def tampered(built, tmp_path):
    """The site over a copy of the built fixture whose stored counts of one value and of one
    pair of values are changed: a page that shows them read them, one that shows the live
    count did not."""
    import shutil
    copy = tmp_path / "copy" / "facts.db"
    copy.parent.mkdir()
    shutil.copy(built, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE facet_counts SET count = ? WHERE table_name = 'citations' AND column_name = 'fact_type'"
                 " AND value = 'meeting'", [STORED_ONE])
    conn.execute("UPDATE facet_pair_counts SET count = ? WHERE table_name = 'meetings' AND"
                 " ((filter_column = 'kind' AND filter_value = 'phone-call' AND column_name = 'mode' AND value = 'phone') OR"
                 " (filter_column = 'mode' AND filter_value = 'phone' AND column_name = 'kind' AND value = 'phone-call'))",
                 [STORED_TWO])
    assert conn.total_changes == 3
    conn.commit()
    conn.close()
    s = Site(copy)
    yield s
    s.close()


def heading(page: str) -> str:
    """The words above a table page's rows ("35 rows where …"), as a reader reads them."""
    import html
    found = re.search(r"<h3>(.*?)</h3>", page, re.S).group(1)
    return html.unescape(re.sub(r"\s+", " ", found)).strip()


@pytest.mark.parametrize(("path", "count"), [
    ("/facts/citations?fact_type=meeting", STORED_ONE),
    ("/facts/citations?fact_type__exact=meeting", STORED_ONE),
    ("/facts/meetings?kind=phone-call&mode=phone", STORED_TWO),
    ("/facts/meetings?mode=phone&kind=phone-call", STORED_TWO),
])
def test_a_page_filtered_by_one_or_two_facet_values_counts_its_rows_from_the_stored_counts(tampered, path, count):
    data = tampered.json(path.replace("?", ".json?", 1))
    assert data["filtered_table_rows_count"] == count
    assert heading(tampered.get(path).text).startswith(f"{count:,} rows where ")


LIVE_COUNTED = [
    "/facts/citations?fact_type=meeting&start__gte=0",  # another filter
    "/facts/citations?fact_type=meeting&role__not=echoes",  # another operator
    "/facts/citations?fact_type=meeting&_where=1",  # SQL of the reader's
    "/facts/citations?fact_type=meeting&fact_type=quote",  # two values of one column
    "/facts/citations?fact_type=Meeting",  # a value not stored as such
    "/facts/meetings?kind=phone-call&mode=phone&month=2021-08",  # three values
    "/facts/meetings?kind=phone-call&mode=phone&_search=call",  # a search
    "/facts/meetings?kind=phone-call&mode=phone&_nocount=1",  # no count asked
]


@pytest.mark.parametrize("path", LIVE_COUNTED)
def test_any_other_filtered_page_counts_its_rows_live(tampered, built, path):
    """Where the stored counts do not hold the page's count, Datasette counts the rows as it
    always did: the count of the fixture, not the changed copy's."""
    data = tampered.json(path.replace("?", ".json?", 1))
    if "_nocount" in path:
        assert data["filtered_table_rows_count"] is None
        return
    from datasette.utils import escape_fts
    conn = sqlite3.connect(built)
    conn.create_function("escape_fts", 1, escape_fts)
    try:
        live = conn.execute("SELECT count(*) FROM (" + data["query"]["sql"].split(" order by ")[0] + ")",
                            data["query"]["params"]).fetchone()[0]
    finally:
        conn.close()
    assert live not in (STORED_ONE, STORED_TWO)
    assert data["filtered_table_rows_count"] == live
    assert heading(tampered.get(path).text).startswith(f"{live:,} row")


def test_the_stored_count_reads_only_the_statement_datasette_writes():
    from datasette_diplofacts.storedcount import stored_count_query
    assert stored_count_query('select count(*) from citations where "fact_type" = :p0 ', {"p0": "meeting"}) == (
        "SELECT count FROM facet_counts WHERE table_name = ? AND column_name = ? AND value = ?",
        ["citations", "fact_type", "meeting"])
    for sql, params in [
        ("select count(*) from citations where fact_type = :p0 ", {"p0": 1}),  # not text
        ("select count(*) from citations where fact_type = :p0 ", None),
        ("select count(*) from citations where fact_id = :p0 ", {"p0": "x"}),  # not a facet
        ("select count(*) from citations where fact_type > :p0 ", {"p0": "x"}),
        ("select count(*) from citations where fact_type = :p0 or 1 = 1 ", {"p0": "x"}),
        ("select count(*) from nowhere where fact_type = :p0 ", {"p0": "x"}),
        ("select count(*) from citations ", {}),
        ("select count(*) from citations where fact_type = :p0", {"p0": "x"}),  # not Datasette's (no trailing space)
    ]:
        assert stored_count_query(sql, params) is None, sql


def test_every_page_of_every_kind_of_every_entity_lists_its_slice_in_date_order(paged, db):
    """Two facts a page: every page of each kind's list, for every entity of the committed
    facts.db (facts dated to a day, a month, a year alone, or not at all), lists exactly the
    facts the whole list in date order has there, and the kind's heading counts them all."""
    entities = [e for (e,) in rows(db, "SELECT id FROM entities ORDER BY id")]
    for entity in entities:
        order = entity_order(db, entity)
        for kind, ids in order.items():
            table = PLURAL[kind]
            for number in range(1, -(-len(ids) // 2) + 1):
                page = paged.get(f"/facts/entities/{entity}?{table}={number}").text
                assert [f for f in listed(page) if f.startswith(f"fact-{kind}-")] == [
                    f"fact-{kind}-{i}" for i in ids[(number - 1) * 2:number * 2]], (entity, table, number)
                assert f"<h2>{table.capitalize()} ({len(ids)})</h2>" in page


def test_a_fact_page_reads_no_schema_once_another_was_served(site, monkeypatch):
    """Datasette's reads of a table's columns, keys and foreign keys are kept per immutable
    database: a second fact page of a table runs none of them."""
    from datasette.database import Database

    from datasette_diplofacts.compat import SCHEMA_METHODS
    site.get("/facts/quotes/alpha-we-stand-ready")
    ran = []
    real_fn, real = Database.execute_fn, Database.execute

    async def spy_fn(self, fn):
        ran.append(getattr(fn, "__qualname__", ""))
        return await real_fn(self, fn)

    async def spy(self, sql, *args, **kwargs):
        ran.append(sql)
        return await real(self, sql, *args, **kwargs)
    monkeypatch.setattr(Database, "execute_fn", spy_fn)
    monkeypatch.setattr(Database, "execute", spy)
    assert site.get("/facts/quotes/beta-useful").status_code == 200
    assert ran  # the page's own statements
    assert [r for r in ran if "sqlite_master" in r or "pragma" in r.lower() or any(m in r for m in SCHEMA_METHODS)] == []


def test_kept_schema_answers_are_copies_and_a_writable_database_is_read_again(site, tmp_path):
    db = site.ds.get_database("facts")
    keys = site.loop.run_until_complete(db.primary_keys("meetings"))
    keys.append("changed")
    outgoing = site.loop.run_until_complete(db.get_all_foreign_keys())
    outgoing["meetings"]["outgoing"].clear()
    assert site.loop.run_until_complete(db.primary_keys("meetings")) == ["id"]
    assert site.loop.run_until_complete(db.get_all_foreign_keys())["meetings"]["outgoing"] != []

    from datasette.app import Datasette
    path = tmp_path / "writable.db"
    sqlite3.connect(path).execute("CREATE TABLE one (id INTEGER PRIMARY KEY)").connection.close()
    writable = Datasette([str(path)])
    site.loop.run_until_complete(writable.invoke_startup())
    wdb = writable.get_database("writable")
    assert site.loop.run_until_complete(wdb.table_names()) == ["one"]
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE two (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert sorted(site.loop.run_until_complete(wdb.table_names())) == ["one", "two"]
    assert writable.jinja_env.auto_reload  # a writable database keeps Jinja's template reloading
    assert not site.ds.jinja_env.auto_reload  # a published (immutable) site reads each template once


def test_a_fact_page_copies_the_whole_metadata_once(site, monkeypatch):
    """Datasette asks for the whole metadata several times a page: one copy per request, and
    a fresh one for every ask outside a request."""
    from datasette_diplofacts import compat
    whole = compat.state(site.ds).metadata
    copies = []
    real = compat._copy_dicts

    def counting(value):
        if value is whole:
            copies.append(value)
        return real(value)
    monkeypatch.setattr(compat, "_copy_dicts", counting)
    for path in ("/facts/meetings/alpha-beta-call-2021-06-07", "/facts/statements/alpha-ready-to-help"):
        copies.clear()
        assert site.get(path).status_code == 200
        assert len(copies) == 1, path
    outside = site.ds.metadata("databases")
    outside["facts"]["changed"] = True
    assert "changed" not in site.ds.metadata("databases")["facts"]


@pytest.mark.parametrize("https", [False, True])
def test_a_pages_addresses_are_joined_as_datasette_joins_them(tmp_path, built, https):
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

    from datasette_diplofacts.siteurl import absolute, absolutes
    ds = Datasette(immutables=[str(built)], settings={"force_https_urls": https})
    request = Request.fake("/facts/meetings/x?_shape=objects")
    paths = ["/", "/facts/meetings/a-b", "/facts/meetings/a~2Eb", "/facts/./meetings", "/facts/../x", "/facts/meetings/.",
             "/facts/..", "//elsewhere.example/x", "/a?b=1", "/a#c", "/a;b", "relative/x", "", "/a b", "/a\\b", "/é"]
    join = absolutes(ds, request)
    assert [join(p) for p in paths] == [absolute(ds, request, p) for p in paths]


def test_a_template_not_found_is_searched_for_once(site, monkeypatch):
    """Datasette asks for a template named after the page's table first (which the site does not
    have): on a published site the miss is remembered, not searched for on every request."""
    from jinja2 import FileSystemLoader
    site.get("/facts/quotes/alpha-we-stand-ready")
    searched = []
    real = FileSystemLoader.get_source

    def spy(self, environment, template):
        searched.append(template)
        return real(self, environment, template)
    monkeypatch.setattr(FileSystemLoader, "get_source", spy)
    assert site.get("/facts/quotes/beta-useful").status_code == 200
    assert searched == []


def test_only_statements_reading_sqlite_master_alone_are_kept():
    from datasette_diplofacts.compat import master_only
    assert master_only("select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase")
    assert master_only("select name from sqlite_master where type='table'")
    for sql in ("select * from facts", "select name from sqlite_master union select id from facts",
                "select name from sqlite_master where name in (select id from facts)", "select name from sqlite_master, facts",
                "select name from sqlite_master join facts on 1", "select name from sqlite_master; delete from facts",
                "select name from sqlite_master where name = 'a,b'", None):
        assert not master_only(sql), sql


def test_a_permission_check_reads_sqlite_master_once_per_table(site, monkeypatch):
    """Datasette looks the table's name up in sqlite_master at every "view-table" check: kept for
    an immutable database, found the same (a table named in another case is still found)."""
    site.get("/facts/quotes/alpha-we-stand-ready")
    db = site.ds.get_database("facts")
    statements = []
    from datasette.database import Database
    real = Database.execute_fn

    async def spy(self, fn):
        statements.append(fn)
        return await real(self, fn)
    monkeypatch.setattr(Database, "execute_fn", spy)
    for name in ("quotes", "QUOTES"):
        found = site.loop.run_until_complete(db.execute(
            "select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase", (name,)))
        assert [r[0] for r in found.rows] == ["quotes"]
        found.rows.clear()  # a copy: the next ask is not changed
    count = len(statements)
    assert site.loop.run_until_complete(db.execute(
        "select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase", ("QUOTES",))).rows
    assert len(statements) == count  # kept
    site.loop.run_until_complete(db.execute("select count(*) from quotes"))
    assert len(statements) == count + 1  # any other statement runs


def test_schema_answers_kept_are_bounded_whatever_names_are_asked_for(site, monkeypatch):
    """Table names come from requests: answers for any number of them are not all kept."""
    from datasette_diplofacts import compat
    monkeypatch.setattr(compat, "KEPT_PER_DATABASE", 5)
    db = site.ds.get_database("facts")
    for i in range(20):
        assert site.get(f"/facts/no-such-table-{i}").status_code == 404
        assert site.loop.run_until_complete(db.table_exists(f"no-such-table-{i}")) is False
    assert len(compat._SCHEMA.get(db, {})) <= 5
    sql = "select name from sqlite_master where type in ('table', 'view') and name = ? collate nocase"
    for i in range(20):
        assert site.loop.run_until_complete(db.execute(sql, (f"other-{i}",))).rows == []
    assert site.loop.run_until_complete(db.execute(sql, ("QUOTES",))).rows[0][0] == "quotes"
    assert len(db.execute.kept) <= 5

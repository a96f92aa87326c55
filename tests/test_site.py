"""The fact site through Datasette's own client: metadata, queries, facets, search, pages,
escaping of hostile text."""
import hashlib
import re
import sqlite3
from collections import Counter, defaultdict
from itertools import combinations

import pytest

from datasette_diplofacts.queries import QUERIES
from diplofacts.loaders import build
from diplofacts.schema.kinds import KINDS, citation_id

from .conftest import named_rows
from .site import Site

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# the fixture's citations, by what they are: the meeting's first, the statement's, the quote's first
M1 = citation_id("meeting", "alpha-beta-call-2021-06-07", "alpha-beta-call", 22, 75)
S1 = citation_id("statement", "alpha-ready-to-help", "alpha-beta-call", 76, 113)
Q1 = citation_id("quote", "alpha-we-stand-ready", "alpha-beta-call", 88, 113)


@pytest.fixture
def site(built):
    s = Site(built)
    yield s
    s.close()


HOSTILE = '<script>alert("x")</script> & <b>bold</b> said the minister.' + " More words." * 30 + " THE END\n"


@pytest.fixture
def hostile_site(seeds, tmp_path):
    (seeds / "sources" / "hostile.txt").write_text(HOSTILE)
    digest = hashlib.sha256(HOSTILE.encode()).hexdigest()
    with (seeds / "sources.yaml").open("a") as f:
        f.write(f"  - id: hostile\n    file: hostile.txt\n    sha256: {digest}\n    title: <i>Hostile</i>\n"
                "    language: en\n    kind: other\n")
    (seeds / "facts" / "hostile.yaml").write_text(
        "statements:\n  - id: hostile-statement\n    date_basis: unknown\n    speaker: alpha\n"
        "    summary: <img src=x onerror=alert(1)>\n    citations:\n"
        "      - {source: hostile, exact: '<script>alert(\"x\")</script>'}\n"
    )
    build(seeds, tmp_path / "facts.db")
    s = Site(tmp_path / "facts.db")
    yield s
    s.close()


def test_site_metadata(site):
    meta = site.json("/-/metadata.json")
    assert meta["title"] == "Diplomatic facts, checkable by hand"
    assert meta["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["about_url"] == "/about"
    tables = meta["databases"]["facts"]["tables"]
    assert tables["citations"]["columns"]["start"] == (
        "Start offset in sources.text, in Unicode code points, inclusive."
    )
    assert tables["entities"]["label_column"] == "name"
    assert sorted(q["name"] for q in site.json("/facts.json")["queries"]) == sorted(QUERIES)


def test_home_and_about_pages(site):
    home = site.get("/")
    assert home.status_code == 200
    assert "Diplomatic facts, checkable by hand" in home.text
    assert '<a href="/about">How the facts are chosen and how to check one</a>' in home.text
    about = site.get("/about")
    assert about.status_code == 200
    assert "<h2>How to check a fact by hand</h2>" in about.text


def test_a_page_does_not_depend_on_the_pages_served_before(site):
    page = "/facts/meetings/alpha-beta-call-2021-06-07"

    def text():  # without the footer's query timing
        return re.sub(r"took [0-9.]+ms", "took …", site.get(page).text)

    first = text()
    for other in ("/facts/meetings", "/facts/sources", "/", "/facts/search?q=alpha", "/facts/facts"):
        site.get(other)
    assert text() == first
    assert 'Data license:' in first and 'href="/about"' in first


def test_foreign_keys_read_as_names(site):
    rows = site.json("/facts/statements.json?_labels=on&_shape=array")
    assert rows[0]["speaker_id"] == {"value": "alpha", "label": "President Alpha"}
    assert rows[0]["meeting_id"] == {"value": "alpha-beta-call-2021-06-07", "label": "Alpha called Beta."}


def month(fact: dict) -> str | None:
    """A fact's month as the fixture dates it (None for an undated fact or one dated to a year)."""
    date = str(fact.get("date") or "")
    return date[:7] if len(date) >= 7 else None


def test_default_facets_and_sort(site, corpus):
    data = site.json("/facts/meetings.json")
    assert sorted(data["facet_results"]) == ["kind", "mode", "month"]
    months = Counter(month(m) for m in corpus.sections["meetings"] if month(m))
    assert {r["value"]: r["count"] for r in data["facet_results"]["month"]["results"]} == months
    assert months["2021-06"] >= 1
    facts = site.json("/facts/facts.json")
    assert {r["value"]: r["count"] for r in facts["facet_results"]["type"]["results"]} == Counter(
        kind for kind, _ in corpus.facts())


def test_canned_queries(site, corpus):
    # what a query gives over the whole fixture is counted from the fixture's files; what it
    # gives for the fixture's own records is written out
    per_month = Counter((month(fact), kind) for kind, fact in corpus.facts() if month(fact))
    assert site.json("/facts/facts_per_month.json?_shape=array") == [
        {"month": m, "type": t, "facts": n} for (m, t), n in sorted(per_month.items())]
    assert per_month["2021-06", "meeting"] >= 1 and per_month["2021-06", "quote"] >= 1
    beta = site.json("/facts/entity_record.json?entity=Beta&_shape=array")
    assert {(r["type"], r["id"]) for r in beta} == corpus.naming("beta")
    assert [r for r in beta if r["id"] in ("alpha-beta-stay-in-touch", "alpha-beta-call-2021-06-07", "beta-useful")] == [
        {"date": "2021-06-07", "date_basis": "stated", "type": "agreement", "id": "alpha-beta-stay-in-touch",
         "summary": "Alpha and Beta agreed to stay in touch.", "role": "party"},
        {"date": "2021-06-07", "date_basis": "relative", "type": "meeting", "id": "alpha-beta-call-2021-06-07",
         "summary": "Alpha called Beta.", "role": "called"},
        {"date": None, "date_basis": "unknown", "type": "quote", "id": "beta-useful", "summary": "useful", "role": "speaker"},
    ]
    pairs = {(r["entity_a"], r["entity_b"]): r for r in site.json("/facts/who_met_whom.json?_shape=array")}
    shared = defaultdict(list)  # the fixture's meetings of each pair of participants
    for meeting in corpus.sections["meetings"]:
        for a, b in combinations(sorted({p["entity"] for p in meeting["participants"]}), 2):
            shared[a, b].append(meeting)
    assert pairs.keys() == shared.keys()
    together = shared["alpha", "beta"]
    held = sum(m.get("status", "held") == "held" for m in together)
    dates = sorted(str(m["date"]) for m in together if m.get("date"))
    assert pairs["alpha", "beta"] == {
        "pair": "President Alpha – Prime Minister Beta", "held": held, "not_held": len(together) - held,
        "kinds": ",".join(sorted({m["kind"] for m in together})), "first": dates[0], "last": dates[-1],
        "entity_a": "alpha", "entity_b": "beta"}
    assert "phone-call" in pairs["alpha", "beta"]["kinds"] and "2021-06-07" in (dates[0], dates[-1])
    cited = defaultdict(list)  # source: the fact of each of its citations
    sources_of = defaultdict(set)  # fact: the sources it cites
    for kind, fact, citation in corpus.citations():
        cited[citation["source"]].append((kind, fact["id"]))
        sources_of[kind, fact["id"]].add(citation["source"])
    support = site.json("/facts/sources_support.json?_shape=array")
    assert [(r["id"], r["facts"], r["citations"]) for r in support] == sorted(
        ((source, len(set(facts)), len(facts)) for source, facts in cited.items()), key=lambda r: (-r[1], r[0]))
    assert {r["id"]: (r["source"], r["publisher"], r["published"]) for r in support}.items() >= {
        "alpha-beta-call": ("Leaders talk by phone", "Example Wire", "2021-06-08"), "second-report": ("Second report", None, None)}.items()
    single = site.json("/facts/single_source_facts.json?_shape=array")
    assert {(r["type"], r["id"]) for r in single} == {fact for fact, sources in sources_of.items() if len(sources) == 1}
    assert [(r["type"], r["id"]) for r in single if r["id"] in ("alpha-beta-stay-in-touch", "alpha-ready-to-help", "beta-useful")] == [
        ("agreement", "alpha-beta-stay-in-touch"), ("statement", "alpha-ready-to-help"), ("quote", "beta-useful"),
    ]
    disputes = site.json("/facts/what_sources_say.json?_shape=array")
    assert [(r["source_id"], r["says"], r["exact"]) for r in disputes] == [
        ("alpha-beta-call", "Monday", "on Monday"), ("second-report", "June 7, 2021", "on June 7, 2021"),
    ]
    for name in QUERIES:
        assert site.get(f"/facts/{name}?entity=Alpha&q=Alpha").status_code == 200, name


def test_charted_queries_open_with_their_chart(site):
    charted = [name for name, q in QUERIES.items() if "chart" in q]
    assert charted == ["facts_per_month", "who_met_whom", "quote_counts", "corroboration", "sources_support"]
    home = site.get("/").text
    for name in charted:
        assert f'<li><a href="/facts/{name}">{QUERIES[name]["title"]}</a> (chart)' in home, name
        assert '<figure class="diplofacts-chart">' in site.get(f"/facts/{name}").text, name
    assert "chart" not in site.json("/facts.json")["queries"][0]  # the plugin's key stays the plugin's


def test_search_everything_shows_hits_in_context(site):
    rows = site.json("/facts/search.json?q=ready&_shape=array")
    assert [(r["type"], r["id"], r["date"], r["hit"]) for r in rows] == [
        ("source", "second-report", None, '…Alpha said: "We stand ⟦ready⟧ to help."\n'),
        ("statement", "alpha-ready-to-help", "2021-06-07", "Alpha said his side stands ⟦ready⟧ to help."),
        ("source", "alpha-beta-call", "2021-06-08",
         '…Alpha said: "We stand ⟦ready⟧ to help." Beta said the talks were "useful". The talks were…'),
        ("quote", "alpha-we-stand-ready", "2021-06-07", "We stand ⟦ready⟧ to help."),
    ]
    page = site.get("/facts/search?q=ready")
    assert "We stand <mark>ready</mark> to help." in page.text
    assert '<a href="/facts/quotes/alpha-we-stand-ready">alpha-we-stand-ready</a>' in page.text
    assert '<a href="/facts/sources/second-report">second-report</a>' in page.text
    # FTS syntax in user input is escaped, and an empty query finds nothing: never an error
    for q in ('"unbalanced', "", "%20%20", "%22%22", "AND", "*", "NEAR(", "-", "%00", "a%00b%01", "x%20OR", "(", "^"):
        for path in ("/facts/search?q=", "/facts/sources?_search=", "/facts/statements?_search="):
            assert site.get(path + q).status_code == 200, path + q
    assert site.json("/facts/search.json?q=&_shape=array") == []


def test_table_search(site):
    rows = site.json("/facts/sources.json?_search=officials&_shape=array")
    assert [r["id"] for r in rows] == ["alpha-beta-call"]


def test_source_page_highlights_every_excerpt(site, built, corpus):
    page = site.get("/facts/sources/alpha-beta-call")
    assert page.status_code == 200
    assert (
        f'<span class="anchor" id="citation-{M1}"></span><mark data-citations="citation-{M1}" '
        f'title="Meeting: Alpha called Beta."><a href="/facts/meetings/alpha-beta-call-2021-06-07#citation-{M1}">'
        "President Alpha called Prime Minister Beta on Monday.</a></mark>"
    ) in page.text
    # overlapping excerpts: the quote sits inside the statement's excerpt
    assert (f'data-citations="citation-{S1} citation-{Q1}" title="Statement: Alpha said his side stands ready to help.; '
            'Quote: We stand ready to help."') in page.text
    # how much is highlighted, and in how many pieces (one wherever the excerpts covering the
    # text change), as the fixture's citations of this source say
    cited = [(kind, fact["id"]) for kind, fact, c in corpus.citations() if c["source"] == "alpha-beta-call"]
    spans = [(r["start"], r["end"]) for r in named_rows(built, "SELECT start, [end] FROM citations WHERE source_id = 'alpha-beta-call'")]
    (length,), = [(r["length"],) for r in named_rows(built, "SELECT length FROM sources WHERE id = 'alpha-beta-call'")]
    covered = {i for start, end in spans for i in range(start, end)}
    bounds = sorted({i for span in spans for i in span})
    pieces = sum(1 for a, b in zip(bounds, bounds[1:], strict=False) if a in covered)
    assert len(spans) == len(cited) >= 4 and pieces >= 4
    assert (f"{len(cited)} excerpts cited by {len(set(cited))} facts are <mark>highlighted</mark>"
            f" ({round(100 * len(covered) / length)}% of the text)") in page.text
    assert page.text.count("<mark data-citations") == pieces


def test_fact_page_shows_evidence_in_context(site):
    page = site.get("/facts/meetings/alpha-beta-call-2021-06-07")
    assert page.status_code == 200
    assert '<blockquote class="excerpt">…Leaders talk by phone\n<strong>President Alpha called Prime Minister Beta on Monday.</strong>' in page.text
    assert ('<h3 id="evidence-alpha-beta-call"><a href="/facts/sources/alpha-beta-call">Leaders talk by phone</a></h3>'
            in page.text)  # the evidence grouped by source, each excerpt saying what it does
    assert f'<li id="citation-{M1}" class="role-states">\n        <p class="excerpt-role">States it:</p>' in page.text
    assert f'<a href="/facts/sources/alpha-beta-call#citation-{M1}">See it highlighted in the source</a>' in page.text
    assert "<h2>Evidence: reported by 2 sources</h2>" in page.text
    assert '<a href="/facts/entities/alpha">President Alpha</a> (caller)' in page.text
    assert ('<strong>date</strong>: Monday — <a href="/facts/sources/alpha-beta-call"><em>Leaders talk by phone</em></a>: '
            '“on Monday”') in page.text
    assert "<title>Alpha called Beta. · Diplomatic facts, checkable by hand</title>" in page.text
    assert '<h1 class="diplofacts-title">Alpha called Beta.</h1>' in page.text
    assert "seeds/facts" not in page.text.split("diplofacts-raw")[0]  # no seeds path in what a reader reads first
    assert '<dt>Date</dt><dd><time datetime="2021-06-07" class="date relative"' in page.text
    assert site.get("/facts/meetings/nope").status_code == 404


def test_database_download_and_css(site):
    assert site.get("/facts.db").status_code == 200
    css = site.get("/-/static-plugins/diplofacts/diplofacts.css")
    assert css.status_code == 200 and ".source-text mark" in css.text


def test_hostile_text_is_escaped(hostile_site):
    for path in ("/facts/sources/hostile", "/facts/statements/hostile-statement", "/facts/sources",
                 "/facts/statements", "/facts/search?q=script"):
        page = hostile_site.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "<img src=x" not in page.text, path
        assert "<b>bold</b>" not in page.text, path
    source = hostile_site.get("/facts/sources/hostile").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</a></mark> &amp; &lt;b&gt;bold&lt;/b&gt;" in source


def test_long_source_text_is_shortened_in_tables(hostile_site):
    assert "THE END" not in hostile_site.get("/facts/sources").text
    assert "THE END" in hostile_site.get("/facts/sources/hostile").text


def test_facets_read_build_time_counts_and_count_live_when_filtered(site, built, corpus):
    from .conftest import rows
    data = site.json("/facts/citations.json")
    counted = {r["value"]: r["count"] for r in data["facet_results"]["source_id"]["results"]}
    assert counted == dict(rows(built, "SELECT source_id, count(*) FROM citations GROUP BY source_id"))
    assert data["facet_results"]["source_id"]["results"][0]["label"] == "Leaders talk by phone"
    filtered = site.json("/facts/citations.json?source_id=second-report")
    assert {r["value"]: r["count"] for r in filtered["facet_results"]["fact_type"]["results"]} == {
        "agreement": 1, "meeting": 1, "quote": 1,
    }
    sources_of = defaultdict(set)  # fact: the sources it cites, as the fixture says
    for kind, fact, citation in corpus.citations():
        sources_of[kind, fact["id"]].add(citation["source"])
    typed = site.json("/facts/facts.json")["facet_results"]["source_count"]["results"]
    assert [(r["value"], r["count"]) for r in typed] == sorted(Counter(len(s) for s in sources_of.values()).items())
    assert [r["value"] for r in typed][:2] == [1, 2]  # typed: numbers, in order


def test_home_page_lists_tables_with_counts_and_questions(site, corpus):
    page = site.get("/").text
    assert f'<li><a href="/facts/facts">facts</a> ({len(corpus.facts())}):' in page
    assert f'<li><a href="/facts/citations">citations</a> ({len(corpus.citations())}):' in page
    assert '<form class="diplofacts-search" action="/-/search" method="get">' in page
    assert '<a href="/facts/entity_record">Everything an entity said, agreed or attended</a>' in page


def test_source_page_lists_what_no_fact_cites_yet(seeds, tmp_path):
    """The same gaps as facts coverage, on the page a curator or reader opens."""
    import shutil

    from diplofacts.loaders import build
    from diplofacts.loaders.register import register_source

    from .site import Site
    from .test_draft import GENEVA
    shutil.copy(GENEVA, tmp_path / "geneva.txt")
    register_source(seeds, tmp_path / "geneva.txt", {"published": "2021-06-09", "language": "en", "kind": "news-report"})
    build(seeds, tmp_path / "facts.db")
    site = Site(tmp_path / "facts.db")
    try:
        page = site.get("/facts/sources/leaders-meet-in-geneva").text
        covered = site.get("/facts/sources/alpha-beta-call").text
        fact = site.get("/facts/meetings/alpha-beta-call-2021-06-07").text
    finally:
        site.close()
    assert "<h2>Not yet cited</h2>" in page and "<h2>Not yet cited</h2>" not in covered
    assert "<li>line 2: “We will keep talking”</li><li>line 2: “frank and useful”</li><li>line 3: “We stand ready to help”</li>" in page
    assert ('<li>line 2: President Alpha met Prime Minister Beta in Geneva on Wednesday. <span class="diplofacts-gap-names">'
            '(<a href="/facts/entities/alpha">President Alpha</a>, <a href="/facts/entities/beta">Prime Minister Beta</a>)</span></li>') in page
    assert "CAMEO 041 (Discuss by telephone) · PLOVER CONSULT (phone)" in fact


def test_chart_script_only_where_a_chart_is_drawn(site):
    vega = "/-/static-plugins/datasette_vega/main."
    assert {path: vega in site.get(path).text for path in (
        "/", "/about", "/facts", "/facts/meetings", "/facts/meetings/alpha-beta-call-2021-06-07",
        "/facts/sources/alpha-beta-call", "/facts/search?q=Alpha", "/facts/facts_per_month", "/facts/who_met_whom",
        "/facts?sql=select+1")} == {
        "/": False, "/about": False, "/facts": False, "/facts/meetings": False,
        "/facts/meetings/alpha-beta-call-2021-06-07": False, "/facts/sources/alpha-beta-call": False,
        "/facts/search?q=Alpha": False, "/facts/facts_per_month": False, "/facts/who_met_whom": False, "/facts?sql=select+1": True}
    script = re.search(r'src="(/-/static-plugins/datasette_vega/main\.[0-9a-f]+\.js)"', site.get("/facts?sql=select+1").text)
    assert site.get(script.group(1)).status_code == 200


def test_static_files_cached_for_a_year_and_text_compressed(site):
    def get(path, encoding):
        return site.loop.run_until_complete(site.ds.client.get(path, headers={"Accept-Encoding": encoding}))

    css = re.search(r'href="(/-/static-plugins/diplofacts/diplofacts\.css\?v=[0-9a-f]{12})"', site.get("/").text).group(1)
    assert get(css, "gzip").headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in get("/-/static-plugins/diplofacts/diplofacts.css", "gzip").headers.get("cache-control", "")
    home_gzip, home_plain = get("/", "gzip"), get("/", "identity")
    assert (home_gzip.headers["content-encoding"], home_gzip.headers["vary"]) == ("gzip", "Cookie, Authorization, Accept-Encoding")
    assert "content-encoding" not in home_plain.headers
    assert home_gzip.text == home_plain.text and int(home_gzip.headers["content-length"]) < len(home_plain.content) / 2
    assert "content-encoding" not in get("/facts.db", "gzip").headers  # a download passes as it is


def test_entity_page_gives_the_record_by_kind_with_dates_as_certain_as_they_are(site, corpus):
    page = site.get("/facts/entities/alpha").text
    assert "<strong>President Alpha</strong>" in page and "<dt>Also called</dt><dd>Alpha " in page
    per_kind = Counter(kind for kind, _ in corpus.naming("alpha"))
    assert re.findall(r"<h2>(\w+) \((\d+)\)</h2>", page) == [
        (k.section.capitalize(), str(per_kind[k.name])) for k in KINDS if per_kind[k.name]]
    assert set(per_kind) >= {"meeting", "statement", "agreement", "quote"}
    assert ('<time datetime="2021-06-07" class="date inferred" title="inferred from other facts or context">'
            '7 Jun 2021 (inferred)</time> — <a href="/facts/statements/alpha-ready-to-help">') in page
    assert ('<a href="/facts/meetings/alpha-beta-call-2021-06-07">Alpha called Beta.</a>\n'
            '      <span class="diplofacts-legend">(caller; with <a href="/facts/entities/beta">Prime Minister Beta</a> (called);\n'
            '      reported by 2 sources; <strong class="diplofacts-disputed-mark">disputed</strong>)</span>') in page
    months = sorted(month(fact) for kind, fact in corpus.facts() if (kind, fact["id"]) in corpus.naming("alpha") and month(fact))
    first, last = months[0], months[-1]
    drawn = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1  # every month, 14 px each
    assert '<figure class="diplofacts-timeline">' in page
    assert '<svg width="100%" height="132" role="group" aria-label="Facts per month">' in page
    columns = re.findall(r'<a href="#(fact-[^"]+)" aria-label="(\w+ \d{4}): (\d+) (\w+?)s?"><rect x="([\d.]+)%"', page)
    assert columns and all(f' id="{anchor}"' in page for anchor, *_ in columns)  # each stretch leads to a fact listed
    assert sum(int(n) for _, _, n, _, _ in columns) == len([m for m in months])
    step = (100 - 6) / drawn  # every month from the first to the last has its place
    assert {round((float(x) - 6 - step * 0.1) / step) for *_, x in columns} <= set(range(drawn))
    assert "2021-06" in (first, last)


def test_entities_are_found_by_name_or_alias_in_any_case(site, corpus):
    assert site.get("/-/entity?name=prime+minister+beta").headers["location"] == "/facts/entities/beta"
    assert site.get("/-/entity?name=ALPHA").headers["location"] == "/facts/entities/alpha"
    assert site.get("/-/entity?name=nobody").headers["location"] == "/-/search?q=nobody"  # never a raw table
    rows = site.json("/facts/entity_record.json?entity=prime+minister+beta&_shape=array")
    assert sorted((r["type"], r["id"]) for r in rows) == sorted(corpus.naming("beta"))
    assert {("agreement", "alpha-beta-stay-in-touch"), ("meeting", "alpha-beta-call-2021-06-07"), ("quote", "beta-useful")} <= {
        (r["type"], r["id"]) for r in rows}


def test_every_entity_page_of_the_seeds_links_every_fact_it_takes_part_in():
    from datasette_diplofacts.kindsql import entity_facts_sql

    from .conftest import ROOT
    s = Site(ROOT / "facts.db")
    try:
        conn = sqlite3.connect(ROOT / "facts.db")
        entities = [e for (e,) in conn.execute("SELECT id FROM entities")]
        missing = {}
        for entity in entities:
            page = s.get(f"/facts/entities/{entity}").text
            facts = {(t, i) for t, i, *_ in conn.execute(entity_facts_sql(), {"id": entity})}
            linked = set(re.findall(r'<a href="/facts/(meetings|statements|agreements|quotes)/([^"#]+)">', page))
            plural = {"meeting": "meetings", "statement": "statements", "agreement": "agreements", "quote": "quotes"}
            if {(plural[t], i) for t, i in facts} - linked:
                missing[entity] = {(plural[t], i) for t, i in facts} - linked
        conn.close()
    finally:
        s.close()
    assert missing == {} and len(entities) >= 30


def test_fact_pages_are_titled_linked_disputed_and_citable(site):
    quote = site.get("/facts/quotes/alpha-we-stand-ready").text
    assert "<title>“We stand ready to help.” — President Alpha · Diplomatic facts, checkable by hand</title>" in quote
    assert '<dt>Statement</dt><dd><a href="/facts/statements/alpha-ready-to-help">Alpha said his side stands ready to help.</a></dd>' in quote
    statement = site.get("/facts/statements/alpha-ready-to-help").text
    assert '<dt>Meeting</dt><dd><a href="/facts/meetings/alpha-beta-call-2021-06-07">Alpha called Beta.</a></dd>' in statement
    assert "Disputed:" not in statement
    meeting = site.get("/facts/meetings/alpha-beta-call-2021-06-07").text
    assert ('<p class="diplofacts-disputed" role="note"><strong>Disputed:</strong> the sources disagree on its date. '
            '<a href="#disagreements">What each source says</a>.</p>') in meeting
    version = re.search(r"\(version of (\d{1,2} [A-Z][a-z]{2} \d{4})\)", meeting)
    assert version and ("Alpha called Beta. (7 Jun 2021). Diplomatic facts, checkable by hand. "
                        f"http://localhost/facts/meetings/alpha-beta-call-2021-06-07 (version of {version.group(1)})") in meeting
    assert '<button type="button" data-copy="diplofacts-citation">Copy the citation</button>' in meeting


def test_home_and_about_say_what_the_corpus_is_who_curates_it_and_how_to_correct_it(site, built, corpus):
    from diplofacts.loaders.build import build_info
    info = build_info(built)

    def shown(date: str) -> str:  # '2021-06-07' as '7 Jun 2021', '2021-06' as 'Jun 2021'
        year, *month_day = date.split("-")
        month = [MONTHS[int(month_day[0]) - 1]] if month_day else []
        day = [str(int(month_day[1]))] if len(month_day) > 1 else []
        return " ".join([*day, *month, year])

    days = sorted(str(fact["date"]) for _, fact in corpus.facts() if fact.get("date"))
    assert {source["kind"] for source in corpus.sources} == {"news-report"}  # as the summary below says
    summary = (f'<p class="diplofacts-site">{len(corpus.facts())} facts from {len(corpus.sources)} sources '
               f"({len(corpus.sources)} news reports),\nnaming {len(corpus.entities)} people, countries and "
               f"organisations; dated facts run from {shown(days[0])} to {shown(days[-1])}.\n"
               f"Data built {info.built_at[:10]} from curated files with digest <code>{info.seeds_sha256[:12]}</code> "
               f"(code <code>{info.code_sha256[:12]}</code>).</p>")
    home, about = site.get("/").text, site.get("/about").text
    assert summary in home and summary in about
    for page in (home, about):
        assert "read again, row by row, by a second reader" in page and "Send the fact&#39;s permalink" in page
    assert '<h2>Licence</h2>\n<p><a href="https://creativecommons.org/licenses/by/4.0/">' in about


def test_the_publisher_says_who_curates_and_where_corrections_go(built):
    import asyncio

    from datasette.app import Datasette

    from diplofacts.site import SETTINGS
    ds = Datasette(immutables=[str(built)], settings=SETTINGS, metadata={"plugins": {"diplofacts": {
        "curators": "The Example Desk curates these facts.", "corrections": "Write to corrections@example.org."}}})
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(ds.invoke_startup())
        about = loop.run_until_complete(ds.client.get("/about")).text
    finally:
        loop.close()
    assert "<p>The Example Desk curates these facts.</p>" in about and "<p>Write to corrections@example.org.</p>" in about


def test_dates_in_lists_say_how_certain_they_are(site):
    facts = site.get("/facts/facts").text
    assert ('<td class="col-date type-str"><time datetime="2021-06-07" class="date inferred" '
            'title="inferred from other facts or context">7 Jun 2021 (inferred)</time></td>') in facts
    assert '<time datetime="2021-06-07" class="date stated" title="stated by the source">7 Jun 2021</time>' in facts
    record = site.get("/facts/entity_record?entity=beta").text
    assert '<time datetime="2021-06-07" class="date relative" title="resolved from the source&#39;s own words">7 Jun 2021</time>' in record
    assert site.json("/facts/facts.json?_shape=array&type=quote&id=alpha-we-stand-ready")[0]["date"] == "2021-06-07"


def test_search_for_readers_gives_cards_and_keeps_the_sql_one_click_away(site):
    empty = site.get("/-/search").text
    assert "Type one or more words" in empty and '<a href="/-/search?q=pipeline">pipeline</a>' in empty
    page = site.get("/-/search?q=ready+help").text
    assert "SELECT" not in page  # no SQL wall
    assert '<a href="/facts/search?q=ready+help">See the SQL behind these results</a>' in page
    cards = re.findall(r'<li class="diplofacts-card card-(\w+)">', page)
    assert sorted(cards) == ["quote", "source", "source", "statement"]
    assert ('<p class="card-kind">Quote · <time datetime="2021-06-07" class="date inferred" title="inferred from other '
            'facts or context">7 Jun 2021 (inferred)</time> · reported by 2 sources</p>\n    <p class="card-title">'
            '<a href="/facts/quotes/alpha-we-stand-ready">We stand ready to help.</a></p>') in page
    assert '<a href="/facts/sources/second-report#:~:text=We%20stand%20ready%20to%20help">' in page
    from datasette_diplofacts.searchpage import passage_fragment
    assert passage_fragment("…the Pakistan-Russia ⟦ties⟧, as before…") == "#:~:text=the%20Pakistan%2DRussia%20ties%2C%20as%20before"
    assert "<mark>ready</mark>" in page
    assert "Nothing holds all of “zebra”" in site.get("/-/search?q=zebra").text
    assert 'action="/-/search"' in site.get("/").text


def test_search_counts_every_match_and_ranks_a_bounded_number(site, monkeypatch):
    page = site.get("/-/search?q=ready+help").text
    assert "<p>2 sources, 1 statement, 1 quote hold “ready help”; the best 4 are shown (at most 50 of each kind)." in page
    assert "diplofacts-capped" not in page
    from datasette_diplofacts import queries, searchpage
    db = site.ds.get_database("facts")
    every = site.loop.run_until_complete(db.execute(queries.search_sql(500), {"q": "ready help"}))
    last = site.loop.run_until_complete(db.execute(queries.search_sql(1), {"q": "ready help"}))
    newest = site.loop.run_until_complete(db.execute(
        "SELECT id FROM sources WHERE rowid = (SELECT max(rowid) FROM sources_fts WHERE sources_fts MATCH 'ready help')"))
    assert sorted(r["type"] for r in every) == ["quote", "source", "source", "statement"]
    assert [r["id"] for r in last if r["type"] == "source"] == [newest.first()["id"]]
    assert [searchpage._and(k) for k in (["sources"], ["sources", "quotes"], ["sources", "meetings", "quotes"])] == [
        "sources", "sources and quotes", "sources, meetings and quotes"]
    monkeypatch.setattr(searchpage, "RANKED_AMONG", 1)
    capped = site.get("/-/search?q=ready+help").text
    assert ('<p class="diplofacts-capped">More than 1 sources match: among those, only the 1 added last are ranked, '
            "so the newest come first. Add a word to narrow the search.</p>") in capped


def test_search_counts_each_kind_up_to_a_bound(site, monkeypatch):
    from datasette_diplofacts import searchpage
    monkeypatch.setattr(searchpage, "COUNTED_UPTO", 1)  # counting stops at 2: the two sources are "more than 1"
    page = site.get("/-/search?q=ready+help").text
    assert "<p>more than 1 sources, 1 statement, 1 quote hold “ready help”; the best 4 are shown (at most 50 of each kind)." in page
    from datasette_diplofacts.queries import search_counts_sql
    db = site.ds.get_database("facts")
    counts = site.loop.run_until_complete(db.execute(search_counts_sql(upto=1), {"q": "ready help"}))
    assert [tuple(r) for r in counts] == [("source", 2), ("meeting", 0), ("statement", 1), ("agreement", 0), ("quote", 1)]
    # with dates, each match is read from its table: bounded alike
    assert search_counts_sql(":fts", kinds=("source",), dated=True, upto=10) == (
        "SELECT 'source' AS type, (SELECT count(*) FROM (SELECT 1 FROM sources_fts JOIN sources t ON t.rowid = sources_fts.rowid"
        " WHERE sources_fts MATCH :fts AND t.published IS NOT NULL AND t.published >= substr(:since, 1, length(t.published))"
        " AND t.published <= substr(:until, 1, length(t.published)) LIMIT 11)) AS matches")


def test_the_timeline_counts_the_facts_left_out_from_stored_counts(site):
    from datasette_diplofacts.queries import LEFT_SQL
    db = site.ds.get_database("facts")
    stored = site.loop.run_until_complete(db.execute(LEFT_SQL)).first()
    counted = site.loop.run_until_complete(db.execute("SELECT count(*), count(*) - count(month) FROM facts")).first()
    assert tuple(stored) == tuple(counted)


def test_preset_charts_are_svg_with_names_links_and_held_meetings_apart(site, corpus):
    timeline = site.get("/facts/facts_per_month").text
    assert '<svg width="100%" height="222" role="group" aria-label="Timeline: facts per month">' in timeline
    assert '<a href="/facts/facts?month=2021-06&amp;type=meeting" aria-label="Jun 2021: ' in timeline
    pairs = site.get("/facts/who_met_whom").text
    assert ">President Alpha – Prime Minister Beta</text>" in pairs
    assert '<a href="/facts/meetings_between?a=alpha&amp;b=beta" aria-label="President Alpha – Prime Minister Beta: ' in pairs
    together = [m for m in corpus.sections["meetings"] if {"alpha", "beta"} <= {p["entity"] for p in m["participants"]}]
    held = sum(m.get("status", "held") == "held" for m in together)
    assert held >= 1  # a bar of held meetings, titled with their number
    assert f"<title>President Alpha – Prime Minister Beta: {held} held</title>" in pairs
    between = site.json("/facts/meetings_between.json?a=alpha&b=beta&_shape=array")
    assert sorted((r["id"], r["status"]) for r in between) == sorted((m["id"], m.get("status", "held")) for m in together)
    assert ("alpha-beta-call-2021-06-07", "held") in [(r["id"], r["status"]) for r in between]
    assert '<a href="/facts/quotes?speaker_id=alpha" aria-label=' in site.get("/facts/quote_counts").text
    assert '<a href="/facts/sources/alpha-beta-call" aria-label=' in site.get("/facts/sources_support").text
    assert '<a href="/facts/facts?source_count=2&amp;type=meeting" aria-label=' in site.get("/facts/corroboration").text


def test_the_time_axis_has_every_month_so_gaps_show():
    from datasette_diplofacts.charts import Months, months
    svg = str(months(Months("month", "facts", "type", lambda r: ""), [
        {"month": "2019-06", "type": "meeting", "facts": 1}, {"month": "2021-09", "type": "meeting", "facts": 2}], "t"))
    xs = [float(x) for x in re.findall(r'<a href="[^"]*" aria-label="[^"]*"><rect x="([\d.]+)%"', svg)]
    step = (100 - 6) / 28  # per cent of the width: June 2019 to September 2021, 28 months, 26 of them empty
    assert len(xs) == 2 and abs((xs[1] - xs[0]) - 27 * step) < 0.2
    assert ">Jun 2019</text>" in svg and ">2020</text>" in svg and ">2021</text>" in svg and ">Sep 2021</text>" in svg


def test_readers_see_source_titles_not_source_ids():
    """Curated summaries and notes name sources by id; pages show them by title."""
    from .conftest import ROOT
    s = Site(ROOT / "facts.db")
    try:
        conn = sqlite3.connect(ROOT / "facts.db")
        ids = [i for (i,) in conn.execute("SELECT id FROM sources")]
        summary_fact = ("statement", conn.execute(
            "SELECT id FROM statements WHERE date_note LIKE '%pakistan-russia-closeness-new-delhi%'").fetchone()[0])
        conn.close()
        pages = {path: s.get(path).text for path in (
            "/facts/entities/narendra-modi", "/-/search?q=modi", f"/facts/{summary_fact[0]}s/{summary_fact[1]}")}
    finally:
        s.close()
    for path, page in pages.items():
        shown = re.sub(r"<script.*?</script>", " ", page.split("diplofacts-raw")[0], flags=re.S)
        shown = re.sub(r"<[^>]+>", " ", shown)  # the text a reader reads
        assert [i for i in ids if i in shown] == [], path


@pytest.mark.parametrize("table", ["citations", "facts", "meeting_participants", "statements", "quotes"])
def test_one_facet_click_reads_stored_counts_that_equal_live_counts(site, built, table):
    """A page filtered by one facet value (the page a facet click opens) shows the same counts
    as counting live, for every faceted column, read from facet_pair_counts."""
    from diplofacts.schema.tables import TABLES_BY_NAME
    conn = sqlite3.connect(built)
    facets = TABLES_BY_NAME[table].facets
    try:
        for column in facets:
            for (value,) in conn.execute(f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"):
                page = site.json(f"/facts/{table}.json?{column}={value}")
                shown = {name: sorted((r["value"], r["count"]) for r in f["results"])
                         for name, f in page["facet_results"].items()}
                live = {other: sorted(conn.execute(
                    f"SELECT [{other}], count(*) FROM [{table}] WHERE [{column}] = ? AND [{other}] IS NOT NULL"
                    f" GROUP BY [{other}]", (value,)).fetchall()) for other in facets}
                assert shown == live, (table, column, value)
    finally:
        conn.close()


def test_a_facet_click_page_is_served_from_the_stored_pair_counts(built, tmp_path):
    import shutil
    copy = tmp_path / "copy" / "facts.db"
    copy.parent.mkdir()
    shutil.copy(built, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE facet_pair_counts SET count = 99 WHERE table_name = 'citations' AND filter_column = 'fact_type'"
                 " AND filter_value = 'quote' AND column_name = 'source_id' AND value = 'second-report'")
    conn.commit()
    conn.close()
    s = Site(copy)
    try:
        page = s.json("/facts/citations.json?fact_type=quote")
        two = s.json("/facts/citations.json?fact_type=quote&source_id=second-report")
        live = s.json("/facts/citations.json?fact_type=quote&source_id=second-report&start__gte=0")
    finally:
        s.close()
    assert ("second-report", 99) in [(r["value"], r["count"]) for r in page["facet_results"]["source_id"]["results"]]
    # two filters: the page's row count is the stored pair count, and so the filtered column's one value
    assert two["filtered_table_rows_count"] == 99
    assert [(r["value"], r["count"]) for r in two["facet_results"]["source_id"]["results"]] == [("second-report", 99)]
    # any other filter besides: counted live
    assert live["filtered_table_rows_count"] == 1
    assert [(r["value"], r["count"]) for r in live["facet_results"]["source_id"]["results"]] == [("second-report", 1)]


def test_pages_read_only_the_sources_they_name(built):
    """A fact page, a source page, an entity page and search cost the same whatever the
    number of sources: no statement reads the sources table whole."""
    import asyncio
    import html
    import json as json_module

    from datasette.app import Datasette

    from diplofacts.site import SETTINGS

    async def statements(path: str) -> list[str]:
        ds = Datasette(immutables=[str(built)], settings={**SETTINGS, "trace_debug": True})
        await ds.invoke_startup()
        response = await ds.client.get(path + ("&" if "?" in path else "?") + "_trace=1")
        assert response.status_code == 200, path
        body = response.text  # the trace follows an HTML page as escaped JSON in a <pre>
        trace = json_module.loads(html.unescape(body[body.rindex("<pre>") + 5:body.rindex("</pre>")]))
        return [t["sql"] for t in trace["traces"] if t.get("sql") and t.get("database") == "facts"]

    for path in ("/facts/meetings/alpha-beta-call-2021-06-07", "/facts/sources/alpha-beta-call", "/facts/entities/alpha",
                 "/-/search?q=ready"):
        sqls = asyncio.run(statements(path))
        assert sqls, path
        whole = [s for s in sqls if re.search(r"\bFROM sources\b", s, re.I) and not re.search(r"\bWHERE\b", s, re.I)]
        assert whole == [], (path, whole)


def test_a_missing_page_offers_a_way_on(site):
    response = site.get("/facts/meetings/no-such-meeting")
    assert response.status_code == 404
    page = response.text
    assert "<h1>Not found</h1>" in page and 'href="/">the home page</a>' in page
    assert '<form class="diplofacts-search" action="/-/search"' in page

"""The site as a person sees it: a real Datasette server and Debian's headless Chromium.

Screenshots are kept in tests/artifacts/ for a person to look at.
"""
import sqlite3

import pytest

from .conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def one(db, sql):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()
    finally:
        conn.close()


def test_home_page(server, page):
    base, _ = server
    page.goto(base + "/")
    assert page.title().startswith("Diplomatic facts, checkable by hand")
    assert page.locator("a", has_text="timeline").first.is_visible()
    shot(page, "home")
    page.click("text=How the facts are chosen and how to check one")
    assert page.locator("h1").inner_text() == "How the facts are chosen, and how to check one"
    assert page.errors == []


def test_source_page_highlights_and_links_to_facts(server, page):
    base, db = server
    source_id, citations = one(db, "SELECT source_id, count(*) FROM citations GROUP BY source_id ORDER BY 2 DESC LIMIT 1")
    page.goto(f"{base}/facts/sources/{source_id}")
    marks = page.locator(".source-text mark")
    assert marks.count() >= 1
    cited = set()
    for i in range(marks.count()):
        cited.update(marks.nth(i).get_attribute("data-citations").split())
    assert len(cited) == citations
    # the highlighted words are the excerpts, exactly
    first_id, first_exact = one(db, f"SELECT id, exact FROM citations WHERE source_id = '{source_id}' ORDER BY start, id LIMIT 1")
    assert first_exact.startswith(marks.first.inner_text())
    shot(page, "source")
    marks.first.locator("a").click()
    page.wait_for_load_state()
    assert f"#citation-{first_id}" in page.url or page.url.endswith(tuple(f"#citation-{c[9:]}" for c in cited))
    assert page.locator("li:target blockquote.excerpt strong").count() == 1
    assert page.errors == []


def test_fact_page_shows_each_excerpt_in_context(server, page):
    base, db = server
    meeting_id, sources = one(db, "SELECT id, source_count FROM meetings ORDER BY source_count DESC, id LIMIT 1")
    page.goto(f"{base}/facts/meetings/{meeting_id}")
    excerpts = page.locator("blockquote.excerpt strong")
    n = one(db, f"SELECT count(*) FROM citations WHERE fact_type = 'meeting' AND fact_id = '{meeting_id}'")[0]
    assert (excerpts.count(), page.locator("h2", has_text="Evidence").inner_text()) == (
        n, f"Evidence: reported by {sources} sources")
    shot(page, "fact")
    page.click("text=See it highlighted")
    page.wait_for_load_state()
    fragment = page.evaluate("location.hash")
    assert fragment.startswith("#citation-")
    assert page.locator(f"{fragment} + mark").count() == 1
    assert page.errors == []


@pytest.mark.parametrize("query", ["facts_per_month", "who_met_whom", "quote_counts", "corroboration", "sources_support"])
def test_a_chart_is_drawn_full_width_and_leads_to_the_facts_behind_a_bar(server, page, query):
    base, _ = server
    page.goto(f"{base}/")
    page.click(f'a[href="/facts/{query}"]')
    chart = page.locator("figure.diplofacts-chart svg")
    chart.wait_for(state="visible", timeout=10000)
    assert chart.bounding_box()["width"] >= 0.75 * page.evaluate("document.querySelector('.content').clientWidth")
    shot(page, f"chart-{query}")
    bar = page.locator("figure.diplofacts-chart a").first
    bar.click()
    page.wait_for_load_state()
    assert page.locator("table.rows-and-columns tbody tr, .diplofacts-source, section.diplofacts").count() >= 1
    assert page.errors == []


def test_every_citation_lands_marked_apart_and_in_view(server, browser):
    """Each excerpt's link lands on its source with all its pieces, and only them, marked
    apart from the other highlights, the first in view with context above it."""
    base, db = server
    conn = sqlite3.connect(db)
    citations = conn.execute("SELECT source_id, id, exact FROM citations ORDER BY source_id, id").fetchall()
    conn.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failures, loaded = [], None
    for source_id, citation_id, exact in citations:
        if source_id != loaded:
            page.goto(f"{base}/facts/sources/{source_id}#citation-{citation_id}")
            loaded = source_id
        else:
            page.evaluate(f"location.hash = 'citation-{citation_id}'")
        landed = page.evaluate("""id => {
            const pieces = [...document.querySelectorAll('.source-text mark.landed')];
            const named = [...document.querySelectorAll('.source-text mark[data-citations]')]
                .filter(m => m.dataset.citations.split(' ').includes(id));
            const other = document.querySelector('.source-text mark:not(.landed)');
            if (!pieces.length) return {text: '', same: false, top: -1, scrolled: 0, height: 0, apart: false};
            const top = pieces[0].getBoundingClientRect().top;
            return {text: pieces.map(m => m.textContent).join(''), same: pieces.length === named.length
                        && pieces.every(m => named.includes(m)),
                    top, scrolled: window.scrollY, height: window.innerHeight,
                    apart: !other || getComputedStyle(pieces[0]).backgroundColor !== getComputedStyle(other).backgroundColor};
        }""", f"citation-{citation_id}")
        in_view = 0 <= landed["top"] <= landed["height"] and (landed["top"] >= 60 or landed["scrolled"] == 0)
        if not (landed["text"] == exact and landed["same"] and in_view and landed["apart"]):
            failures.append((citation_id, landed))
    page.evaluate("location.hash = ''")
    context.close()
    assert failures == [] and errors == []
    assert len(citations) >= 100


def test_landing_marks_the_attribution_beside_the_stating_passage_each_labelled(server, page):
    """A stating passage whose sentence says only "he" lands with the passage naming the
    speaker marked too, in a lighter style; each is labelled in words; and the other way."""
    base, db = server
    stating, attributing, summary = one(db, """
        SELECT s.id, a.id, f.summary FROM citations a
        JOIN citations s ON s.fact_type = a.fact_type AND s.fact_id = a.fact_id AND s.source_id = a.source_id AND s.role = 'states'
        JOIN facts f ON f.type = a.fact_type AND f.id = a.fact_id
        WHERE a.role = 'attributes' ORDER BY a.id LIMIT 1""")
    source_id, = one(db, f"SELECT source_id FROM citations WHERE id = '{stating}'")
    page.goto(f"{base}/facts/sources/{source_id}#citation-{stating}")
    marked = page.evaluate("""() => ({
        landed: [...document.querySelectorAll('.source-text mark.landed')].map(m => m.dataset.citations),
        related: [...document.querySelectorAll('.source-text mark.landed-related')].map(m => m.dataset.citations),
        labels: [...document.querySelectorAll('.source-text .landed-label-main, .source-text .landed-label-other')]
            .sort((a, b) => a.classList.contains('landed-label-main') ? -1 : 1).map(l => l.textContent),
        styles: [...document.querySelectorAll('.source-text mark.landed, .source-text mark.landed-related')]
            .map(m => getComputedStyle(m).backgroundColor)})""")
    assert marked["landed"] and all(f"citation-{stating}" in m.split() for m in marked["landed"])
    assert any(f"citation-{attributing}" in m.split() for m in marked["related"])
    assert marked["labels"][0] == "States it: " + marked["labels"][0].split(": ", 1)[1]
    assert summary[:40] in marked["labels"][0]
    assert "Names who said it: " in marked["labels"]
    assert len(set(marked["styles"])) == 2  # the attribution in a style of its own
    shot(page, "landing-with-attribution")
    page.evaluate(f"location.hash = 'citation-{attributing}'")  # and from the attribution, what it attributes
    marked = page.evaluate("""() => ({
        landed: [...document.querySelectorAll('.source-text mark.landed')].map(m => m.dataset.citations),
        related: [...document.querySelectorAll('.source-text mark.landed-related')].map(m => m.dataset.citations),
        labels: [...document.querySelectorAll('.source-text .landed-label-main, .source-text .landed-label-other')]
            .sort((a, b) => a.classList.contains('landed-label-main') ? -1 : 1).map(l => l.textContent)})""")
    assert marked["landed"] and all(f"citation-{attributing}" in m.split() for m in marked["landed"])
    assert marked["related"] and marked["labels"][0].startswith("Names who said it: ") and "States it: " in marked["labels"]
    assert page.errors == []


def test_a_passage_shared_by_several_facts_offers_them_all(server, page):
    base, db = server
    source_id, = one(db, "SELECT source_id FROM citations GROUP BY source_id ORDER BY count(*) DESC LIMIT 1")
    page.goto(f"{base}/facts/sources/{source_id}")
    shared = page.locator(".source-text mark[data-citations*=' ']").first
    ids = shared.get_attribute("data-citations").split()
    shared.click()
    chooser = page.locator(".diplofacts-chooser")
    assert chooser.is_visible()
    assert chooser.locator("a").count() == len(ids) >= 2
    shot(page, "source-chooser")
    page.keyboard.press("Escape")
    assert page.locator(".diplofacts-chooser").count() == 0
    assert page.errors == []


def test_no_horizontal_scrolling_on_a_phone(server, browser):
    """At 390 px: the home, about, search, a source, a fact of each kind, an entity, and every
    canned query (with and without its parameters)."""
    import json
    import urllib.request
    base, db = server
    queries = [q["name"] for q in json.load(urllib.request.urlopen(base + "/facts.json"))["queries"]]
    paths = ["/", "/about", "/facts", "/facts/search?q=xi+jinping", "/facts/entity_record?entity=Imran+Khan",
             "/facts/what_sources_say", "/facts/disagreements", "/facts/entities/imran-khan", *(f"/facts/{q}" for q in queries)]
    for table, key in (("sources", "id"), ("meetings", "id"), ("statements", "id"), ("agreements", "id"), ("quotes", "id")):
        paths.append(f"/facts/{table}/{one(db, f'SELECT {key} FROM {table} ORDER BY length({key}) DESC LIMIT 1')[0]}")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    wide = {}
    for path in paths:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    shot(page, "phone-last-canned-query")
    context.close()
    assert wide == {}
    assert len(queries) >= 10


def test_a_fact_page_offers_its_citation_to_copy(server, page):
    base, db = server
    fact_id, = one(db, "SELECT fact_id FROM disagreements LIMIT 1")
    fact_type, = one(db, f"SELECT fact_type FROM disagreements WHERE fact_id = '{fact_id}'")
    page.goto(f"{base}/facts/{fact_type}s/{fact_id}")
    assert page.locator(".diplofacts-disputed").is_visible()
    page.click("text=Copy the citation")
    page.wait_for_function("document.querySelector('button[data-copy]').textContent !== 'Copy the citation'", timeout=5000)
    assert page.locator("button[data-copy]").inner_text() in ("Copied", "Selected: copy it")
    shot(page, "fact-disputed")
    assert page.errors == []


def test_a_source_hit_from_search_lands_on_its_passage(server, page):
    base, db = server
    page.goto(f"{base}/-/search?q=monsoon")
    source = page.locator(".card-source .card-title a").first
    source.click()
    page.wait_for_load_state()
    page.wait_for_function("window.scrollY > 0", timeout=5000)  # the browser scrolled to the passage
    top = page.evaluate("""() => { const r = document.createRange(); const t = document.querySelector('.source-text');
        const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT); let n;
        while ((n = walker.nextNode())) { const i = n.textContent.indexOf('Monsoon');
            if (i >= 0) { r.setStart(n, i); r.setEnd(n, i + 7); return r.getBoundingClientRect().top; } } return -1; }""")
    assert 0 <= top <= page.viewport_size["height"]
    shot(page, "search-hit-landed")
    assert page.errors == []


def test_search_page_on_a_phone(server, browser):
    base, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for path in ("/-/search", "/-/search?q=xi+jinping"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert page.locator(".diplofacts-card").count() >= 5
    shot(page, "phone-search")
    context.close()


def test_every_internal_link_two_levels_from_home_answers(server, browser):
    """A reader never meets a dead end: every link on the home page, and every link on the
    pages those lead to, answers 200 (bounded, to keep the crawl a few minutes at most), but
    for a withdrawn fact's page, which /-/changes links and which answers 410 saying why."""
    import re
    import time
    from urllib.parse import urljoin, urlsplit
    base, db = server
    from diplofacts.schema.kinds import KINDS_BY_NAME
    withdrawn = {f"{base}/facts/{KINDS_BY_NAME[kind].table.name}/{fact_id}" for kind, fact_id in sqlite3.connect(db).execute(
        "SELECT fact_type, fact_id FROM fact_revisions WHERE change = 'withdrawn'")}
    context = browser.new_context()
    http = context.request

    def links(url: str, body: str) -> set[str]:
        out = set()
        for href in re.findall(r'href="([^"]+)"', body):
            href = href.replace("&amp;", "&")
            full = urljoin(url, href).split("#")[0]
            if full.startswith(base) and not urlsplit(full).path.startswith(("/-/static", "/-/static-plugins")):
                out.add(full)
        return out

    seen, failures, began = {}, {}, time.monotonic()

    def fetch(url: str) -> str:
        response = http.get(url) if not url.split("?")[0].endswith(".db") else http.head(url)
        seen[url] = response.status
        if response.status != (410 if url in withdrawn else 200):
            failures[url] = response.status
        return response.text() if "text/html" in response.headers.get("content-type", "") else ""

    home = base + "/"
    level1 = links(home, fetch(home))
    level2 = set()
    for url in sorted(level1):
        level2 |= links(url, fetch(url))
    for url in sorted(level2 - set(seen))[:3000]:
        fetch(url)
        assert time.monotonic() - began < 600, "crawl took too long"
    context.close()
    print(f"\ncrawled {len(seen)} pages: {len(level1)} linked from home, {len(level2)} one level further")
    assert failures == {}
    assert len(level1) >= 20 and len(seen) >= 300


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_a_reader_goes_from_home_to_a_person_a_statement_the_words_and_back(server, browser, width, height):
    """No SQL, no dead end: home → a person (found by name, any case) → one of their statements
    → the exact words highlighted in the source → back to the statement."""
    base, _ = server
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "/")
    page.fill("#entity-name", "imran khan")
    page.press("#entity-name", "Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Imran Khan"
    statement = page.locator("h2:has-text('Statements') + ul.diplofacts-record li a[href*='/statements/']").first
    summary = statement.inner_text()
    statement.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == summary
    fact_url = page.url
    page.locator("text=See it highlighted").first.click()
    page.wait_for_load_state()
    landed = page.locator(".source-text mark.landed")
    landed.first.wait_for(state="visible")
    box = landed.first.bounding_box()
    assert box and 0 <= box["y"] <= height
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"journey-{width}")
    page.go_back()
    page.wait_for_load_state()
    assert page.url == fact_url and page.locator("h1").inner_text() == summary
    context.close()
    assert errors == []


def test_every_download_of_the_data_package_from_facts_serve_parses_and_agrees_with_the_database(server):
    """Fetched from a running `facts serve`, each resource the data package lists is read with
    its own format's parser and compared with facts.db."""
    import csv
    import hashlib
    import io
    import json
    import urllib.request
    import xml.etree.ElementTree as ET

    import icalendar
    from frictionless import Package
    base, db = server

    def get(url: str) -> bytes:
        with urllib.request.urlopen(url) as r:
            return r.read()

    package = json.loads(get(base + "/datapackage.json"))
    assert Package.validate_descriptor(package).valid
    conn = sqlite3.connect(db)
    try:
        for resource in package["resources"]:
            body = get(resource["path"])
            if resource["format"] == "sqlite":
                assert resource["hash"] == "sha256:" + hashlib.sha256(body).hexdigest() == "sha256:" + hashlib.sha256(db.read_bytes()).hexdigest()
            elif resource["format"] == "csv":
                rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
                if rows:
                    assert list(rows[0]) == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
                assert len(rows) == conn.execute(f"SELECT count(*) FROM [{resource['name']}]").fetchone()[0], resource["name"]
            elif resource["name"] == "annotations":
                assert json.loads(body)["total"] == conn.execute("SELECT count(*) FROM citations").fetchone()[0]
            elif resource["name"] in ("events-plover", "events-partial-dates"):
                # PLOVER holds the events known to the day; the companion file the others
                precision = "= 'day'" if resource["name"] == "events-plover" else "IS NOT 'day'"
                lines = [json.loads(line) for line in body.decode().splitlines()]
                assert len(lines) == sum(conn.execute(f"SELECT count(*) FROM {t} WHERE plover_type IS NOT NULL"
                                                      f" AND date_precision {precision}").fetchone()[0]
                                         for t in ("meetings", "statements", "agreements"))
            elif resource["mediatype"] == "text/calendar":
                events = icalendar.Calendar.from_ical(body).walk("VEVENT")
                assert len(events) == conn.execute("SELECT count(*) FROM meetings WHERE date_precision = 'day'").fetchone()[0]
            elif resource["mediatype"] == "application/atom+xml":
                entries = ET.fromstring(body).findall("{http://www.w3.org/2005/Atom}entry")
                each = "fact_revisions" if resource["name"] == "changes-feed" else "facts"  # a change, or a fact
                assert len(entries) == min(100, conn.execute(f"SELECT count(*) FROM {each}").fetchone()[0])
            else:
                raise AssertionError(f"no reader for {resource['name']}")
    finally:
        conn.close()


# The pages a journalist, a researcher and a phone reader walk through (issue 25's list)
A11Y_PAGES = ("/", "/-/search?q=pipeline", "/-/disputed", "/facts/meetings/putin-imran-khan-call-2021-08-25",
              "/facts/statements/foreign-office-no-putin-visit-scheduled-2021-07", "/facts/sources/khan-putin-call-important-moment",
              "/facts/entities/imran-khan", "/facts/facts_per_month", "/facts/who_met_whom", "/facts/meetings",
              "/facts/meetings/no-such-meeting", "/-/changes", "/facts/agreements/pakafuz-railway-agreement-2021-02",
              "/facts/meetings/sco-heads-of-state-summit-bishkek-2019-06-14#history",
              # the second round: search narrowed and misspelt, a landed passage, every kind of chart, a query's rows
              "/-/search?q=Afghanistan&kind=meeting&from=2021-08", "/-/search?q=Afganistan",
              "/facts/sources/khan-putin-call-important-moment#citation-2cat5a6s3q", "/facts/sources_support",
              "/facts/corroboration", "/facts/entities/vladimir-putin", "/facts/entity_record?entity=imran-khan",
              # a facet clicked, and a second: the filters applied and the ✖ that removes each
              "/facts/citations?fact_type=meeting", "/facts/meetings?kind=phone-call&mode=phone")
STATUS = {"/facts/meetings/no-such-meeting": 404, "/facts/agreements/pakafuz-railway-agreement-2021-02": 410}


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation(server, browser, width):
    """axe-core (the copy bundled by axe-playwright-python) finds no serious or critical
    violation on the reader's pages, at laptop and phone widths."""
    from axe_playwright_python.sync_playwright import Axe

    base, _ = server
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = {}
    try:
        for path in A11Y_PAGES:
            response = page.goto(base + path)
            assert response.status == STATUS.get(path, 200), path
            violations = Axe().run(page).response["violations"]
            bad = [(v["id"], [" ".join(n["target"]) for n in v["nodes"][:3]]) for v in violations
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[path] = bad
            assert page.evaluate("document.documentElement.lang") == "en", path
    finally:
        context.close()
    assert found == {}


def test_a_skip_link_leads_to_the_content_and_the_header_searches(server, page):
    base, _ = server
    page.goto(base + "/facts/entities/imran-khan")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["diplofacts-skip", "#main"]
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-9999px"  # shown when focused
    page.fill("#diplofacts-header-q", "pipeline")
    page.press("#diplofacts-header-q", "Enter")
    page.wait_for_url("**/-/search?q=pipeline")
    assert page.locator("ol.diplofacts-cards li").count() > 0
    shot(page, "header-search-1280")

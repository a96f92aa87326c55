"""Issue 25, what was left, as a person sees it in Chromium at 1280 and 390 px over the committed
facts.db: charts drawn for the width shown (nothing hidden, text at least 11 px, every bar a
link, what is left out counted), search narrowed and answering misspelt words, the landed
passage labelled in words on a phone, table pages folded. Screenshots in tests/artifacts/."""
import sqlite3

import pytest

from datasette_diplofacts.charts import month_name

from .test_browser import shot

CHARTS = ("/facts/facts_per_month", "/facts/who_met_whom", "/facts/quote_counts", "/facts/corroboration",
          "/facts/sources_support", "/facts/entities/vladimir-putin", "/facts/entities/imran-khan")
WIDTHS = [(1280, 900), (390, 844)]

# Every drawing on the page: its width against its container's, its smallest text, text sticking
# out of it (clipped), its bars that are not links, and whether the page scrolls sideways.
MEASURE = """() => [...document.querySelectorAll('figure.diplofacts-chart svg, figure.diplofacts-timeline svg')].map(svg => {
    const box = svg.getBoundingClientRect(), container = svg.parentElement.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].filter(t => getComputedStyle(t).display !== 'none');
    return {width: box.width, container: container.width,
            smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize))),
            outside: texts.filter(t => { const r = t.getBoundingClientRect();
                                         return r.left < box.left - 0.5 || r.right > box.right + 0.5; }).map(t => t.textContent),
            bars: svg.querySelectorAll('rect').length,
            unlinked: [...svg.querySelectorAll('rect')].filter(r => !r.closest('a[href]')).length,
            sideways: document.documentElement.scrollWidth > window.innerWidth};
})"""


def count(db, sql: str, params=()) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_charts_are_drawn_for_the_width_shown_every_bar_a_link(server, browser, width, height):
    base, _ = server
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    page = context.new_page()
    found = {}
    try:
        for path in CHARTS:
            page.goto(base + path)
            found[path] = page.evaluate(MEASURE)
            shot(page, f"chart{path.replace('/', '-')}-{width}")
    finally:
        context.close()
    for path, drawings in found.items():
        assert len(drawings) == 1, path
        (d,) = drawings
        assert d["width"] <= d["container"] + 0.5 and d["width"] >= 0.9 * d["container"], (path, d)
        assert d["smallest"] >= 11, (path, d)
        assert d["outside"] == [], (path, d)  # no label cut off at either side
        assert d["bars"] >= 1 and d["unlinked"] == 0, (path, d)
        assert not d["sideways"], path


def test_the_facts_left_out_of_the_timeline_are_counted_and_listed(server, page):
    base, db = server
    total = count(db, "SELECT count(*) FROM facts")
    unplaced = count(db, "SELECT count(*) FROM facts WHERE month IS NULL")
    assert unplaced >= 2
    page.goto(base + "/facts/facts_per_month")
    note = page.locator(".diplofacts-left-out")
    assert note.inner_text() == f"{unplaced} of {total} facts have no date, or only a year, and are not shown: see them."
    note.locator("a").click()
    page.wait_for_load_state()
    assert page.locator("h3").first.inner_text().startswith(f"{unplaced} rows where month is null")
    # an entity's timeline says the same of its facts, and its link leads to the first of them listed
    page.goto(base + "/facts/entities/vladimir-putin")
    listed = page.locator("ul.diplofacts-record li").count()
    dated = page.evaluate("""() => [...document.querySelectorAll('ul.diplofacts-record li time')]
                                     .filter(t => t.getAttribute('datetime').length >= 7).length""")
    note = page.locator(".diplofacts-left-out")
    assert note.inner_text() == f"{listed - dated} of {listed} facts have no date, or only a year, and are not shown: see them."
    target = note.locator("a").get_attribute("href")
    assert page.locator(f"li{target}").count() == 1
    # a bar of the entity's timeline leads to a fact of its month on the page
    bar = page.locator("figure.diplofacts-timeline a").first
    label = bar.get_attribute("aria-label")  # "Aug 2021: 2 meetings"
    bar.click()
    target = page.evaluate("location.hash")
    assert month_name(page.locator(f"li{target} time").get_attribute("datetime")[:7]) == label.split(":")[0]


def test_the_search_filters_narrow_the_results_and_stay_in_the_address(server, page):
    base, db = server
    page.goto(base + "/-/search?q=Afghanistan")
    everything = page.locator("ol.diplofacts-cards li").count()
    assert not page.locator("#kind").is_visible()  # folded while no filter is in force
    page.click("details.diplofacts-filters-fold > summary")
    page.select_option("#kind", "meeting")
    page.fill("#from", "2021-08-26")
    page.press("#from", "Enter")
    page.wait_for_url("**/-/search?q=Afghanistan&kind=meeting&from=2021-08-26&to=")
    kinds = page.locator("ol.diplofacts-cards li .card-kind").all_inner_texts()
    held = count(db, """SELECT count(*) FROM meetings_fts JOIN meetings m ON m.rowid = meetings_fts.rowid
                        WHERE meetings_fts MATCH 'Afghanistan' AND m.date IS NOT NULL AND m.date >= substr('2021-08-26', 1, length(m.date))""")
    assert 0 < len(kinds) == held < everything
    assert all(k.startswith("Meeting · ") for k in kinds)
    assert page.locator("#kind").input_value() == "meeting" and page.locator("#from").input_value() == "2021-08-26"
    assert page.locator("#kind").is_visible()  # unfolded while filters are in force
    assert page.locator("details.diplofacts-filters-fold > summary").inner_text() == \
        "Narrow by kind or date: meetings, dated 2021-08-26 or later"
    shot(page, "search-filtered-1280")
    assert page.errors == []


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_a_misspelt_word_gets_the_suggestion(server, browser, width, height):
    base, _ = server
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    page = context.new_page()
    try:
        page.goto(base + "/")
        page.fill("#diplofacts-header-q", "Afganistan pipline")
        page.press("#diplofacts-header-q", "Enter")
        page.wait_for_url("**/-/search?q=Afganistan+pipline")
        suggestion = page.locator(".diplofacts-spelling")
        assert suggestion.inner_text() == "Did you mean Afghanistan pipeline?"
        assert suggestion.is_visible()
        shot(page, f"search-misspelt-{width}")
        suggestion.locator("a").click()
        page.wait_for_url("**/-/search?q=Afghanistan+pipeline")
        assert page.locator("ol.diplofacts-cards li").count() >= 1
    finally:
        context.close()


def test_the_landed_passage_is_labelled_in_words_on_a_phone(server, browser):
    base, db = server
    conn = sqlite3.connect(db)
    citation, source, summary, kind, fact = conn.execute("""
        SELECT c.id, c.source_id, f.summary, k.type, f.id FROM citations c JOIN facts f ON f.type = c.fact_type AND f.id = c.fact_id
        JOIN (SELECT 'meeting' AS type, 'meetings' AS tbl) k ON k.type = c.fact_type
        WHERE c.role = 'states' ORDER BY c.id LIMIT 1""").fetchone()
    conn.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{base}/facts/sources/{source}#citation-{citation}")
        label = page.locator(".source-text .landed-label-main")
        assert label.is_visible() and label.inner_text().startswith("States it: ")
        assert summary[:60] in label.inner_text()
        box, mark = label.bounding_box(), page.locator(".source-text mark.landed").first.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844 and 0 <= mark["y"] - (box["y"] + box["height"]) < 40
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert label.locator("a").get_attribute("href") == f"/facts/{kind}s/{fact}#citation-{citation}"  # back to the excerpt
        shot(page, "landed-label-390")
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_a_table_page_folds_its_column_descriptions_and_lists_undated_rows_last(server, browser, width, height):
    base, db = server
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    page = context.new_page()
    try:
        page.goto(base + "/facts/meetings")
        details = page.locator("details.diplofacts-columns")
        assert details.is_visible() and not details.locator("dl").is_visible()
        assert not page.locator("dl.column-descriptions").is_visible()
        dates = page.locator("table.rows-and-columns tbody td.col-date").all_inner_texts()
        undated = count(db, "SELECT count(*) FROM meetings WHERE date IS NULL")
        assert undated >= 1 and all(d.strip() in ("", "\xa0", "unknown") for d in dates[-undated:])
        assert all(d.strip() not in ("", "\xa0") for d in dates[:-undated])
        if width == 1280:
            summary = page.locator("table.rows-and-columns tbody td.col-summary").first.bounding_box()
            assert summary["width"] >= 28 * 16 - 1  # 28em: a summary reads as a line, not a column of words
        shot(page, f"table-meetings-{width}")
        details.locator("summary").click()
        assert details.locator("dt", has_text="summary").is_visible()
    finally:
        context.close()

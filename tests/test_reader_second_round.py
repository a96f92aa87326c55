"""Issue 25, what was left: search narrowed by kind and dates and answering misspelt words;
charts drawn for the width they are shown at, counting what they leave out; table pages a
reader can read; no ids where readers read. Datasette's own client over the fixture corpus
(the browser checks are in test_reader_second_round_browser.py)."""
import re

from datasette_diplofacts.charts import Bars, Left, Months, bars, left_note, months
from datasette_diplofacts.searchwords import closest_term, replace_words, stems

from .conftest import named_rows


def cards(page: str) -> list[tuple[str, str]]:
    """(kind, address) of every result card of a search page."""
    return re.findall(r'<li class="diplofacts-card card-(\w+)">\s*<p class="card-kind">.*?</p>\s*<p class="card-title"><a href="([^"]+)"',
                      page, re.S)


def test_words_are_read_as_the_index_holds_them_and_misspelt_ones_find_the_closest():
    assert stems(["Meetings", "Afganistan", "officials", "U.S."]) == ["meet", "afganistan", "offici", "u"]
    terms = [("afghan", 5), ("afghanistan", 5), ("after", 3), ("affair", 1)]
    assert closest_term("afganistan", terms) == "afghanistan"
    assert closest_term("zebra", terms) is None
    assert closest_term("afghanistan", terms) is None  # a word held is not corrected to another
    assert closest_term("abcde", [("abcdf", 1), ("abcdg", 9)]) == "abcdg"  # equally alike: the commoner
    assert replace_words('pipeline to afganistan OR "Afganistan talks"', {"afganistan": "Afghanistan"}) == \
        'pipeline to Afghanistan OR "Afghanistan talks"'


def test_a_misspelt_word_gets_the_closest_word_of_the_corpus_in_the_case_typed(site):
    page = site.get("/-/search?q=oficials").text
    assert '<p class="diplofacts-did-you-mean diplofacts-spelling">Did you mean <a href="/-/search?q=officials">officials</a>?</p>' in page
    capital = site.get("/-/search?q=Oficials+said&kind=source").text
    assert 'Did you mean <a href="/-/search?q=Officials+said&amp;kind=source">Officials said</a>?' in capital  # filters kept
    for held in ("officials", "useful+talks", "Alpha", "xyzzyq"):  # held, or nothing close: no suggestion
        assert "diplofacts-spelling" not in site.get("/-/search?q=" + held).text, held
    misspelt_name = site.get("/-/search?q=President+Alhpa").text  # a name's suggestion, not a word's too
    assert misspelt_name.count("Did you mean") == 1


def test_search_is_narrowed_by_kind_and_dates_kept_in_the_address(site, built):
    everything = cards(site.get("/-/search?q=ready").text)
    assert {kind for kind, _ in everything} == {"source", "statement", "quote"}
    quotes = cards(site.get("/-/search?q=ready&kind=quote").text)
    assert quotes == [(kind, url) for kind, url in everything if kind == "quote"] and quotes
    # the sources published on 8 June 2021, not the facts of the 7th; an undated source left out
    published = {r["id"] for r in named_rows(built, "SELECT id FROM sources WHERE published >= '2021-06-08'")}
    after = site.get("/-/search?q=ready&from=2021-06-08").text
    assert cards(after) == [("source", f"/facts/sources/{i}#:~:text=We%20stand%20ready%20to%20help") for i in sorted(published)]
    assert "(dated 2021-06-08 or later; <a href=\"/-/search?q=ready\">search everything</a>)" in after
    assert '<a href="/facts/search?q=ready">See the SQL of this search without its filters</a>' in after
    # a month overlapping the range keeps a fact of a day in it; the range before it keeps none
    assert {k for k, _ in cards(site.get("/-/search?q=ready&from=2021-06&to=2021-06").text)} == {"source", "statement", "quote"}
    before = site.get("/-/search?q=ready&to=2021-05").text
    assert cards(before) == [] and "Nothing (dated 2021-05 or earlier) holds all of “ready”" in before
    form = site.get("/-/search?q=ready&kind=quote&from=2021&to=2021-12-31").text
    assert '<option value="quote" selected>Quotes</option>' in form
    assert 'id="from" name="from" value="2021"' in form and 'id="to" name="to" value="2021-12-31"' in form
    assert '<label for="kind">Kind</label>' in form and '<label for="from">From</label>' in form
    odd = site.get("/-/search?q=ready&kind=nonsense&from=June").text
    assert "There is no kind “nonsense”: every kind is searched." in odd
    assert "“June” is not a date (2021, 2021-08 or 2021-08-25): no from date is applied." in odd
    assert cards(odd) == everything


def test_the_months_chart_counts_the_facts_it_leaves_out_and_links_to_them(site, built):
    total, unplaced = named_rows(built, "SELECT count(*) AS n, count(*) - count(month) AS left FROM facts")[0].values()
    assert unplaced == 1 and total > 1  # the fixture's undated quote
    page = site.get("/facts/facts_per_month").text
    assert (f'<p class="diplofacts-left-out">1 of {total} facts has no date, or only a year, and is not shown: '
            '<a href="/facts/facts?month__isnull=1">see it</a>.</p>') in page
    listed = site.json("/facts/facts.json?month__isnull=1&_shape=array")
    assert [r["id"] for r in listed] == ["beta-useful"]


def test_chart_drawings_have_no_viewbox_start_at_zero_and_name_their_unit():
    svg = str(months(Months("month", "facts", "type", lambda r: "/x"), [
        {"month": "2021-06", "type": "meeting", "facts": 3}, {"month": "2021-08", "type": "quote", "facts": 1}], "t",
        Left(2, 6, "no date, or only a year,", "/undated")))
    assert "viewBox" not in svg and '<svg width="100%" height="222" role="group" aria-label="t">' in svg
    assert '<text x="0" y="197" class="tick">0</text>' in svg and ">3 facts</text>" in svg
    assert '<p class="diplofacts-left-out">2 of 6 facts have no date, or only a year, and are not shown: <a href="/undated">see them</a>.</p>' in svg
    long = "A source whose title is far longer than a phone can show on one line of a chart"
    drawn = str(bars(Bars("source", (("facts", "facts"),), lambda r, c: "/s"), [{"source": long, "facts": 4}], "t"))
    assert f'class="label label-narrow"><title>{long}</title>A source whose title is far longer than…</text>' in drawn
    assert f'class="label label-wide"><title>{long}</title>{long}</text>' in drawn  # 79 characters: whole
    assert f'class="label label-widest"><title>{long}</title>{long}</text>' in drawn
    assert '<a href="/s" aria-label="' + long + ': 4 facts"><rect x="0.00%"' in drawn and ">4 facts</text>" in drawn
    assert left_note(None) == left_note(Left(0, 5, "no date", "/u")) == ""


def test_table_pages_fold_their_column_descriptions_and_list_undated_rows_last(site):
    page = site.get("/facts/meetings").text
    assert '<details class="diplofacts-columns">\n  <summary>What each of the' in page
    assert "<dt>summary</dt><dd>One line on the meeting.</dd>" in page.split('<details class="diplofacts-columns">')[1]
    assert '<td class="col-summary type-str"><a href="/facts/meetings/alpha-beta-call-2021-06-07">Alpha called Beta.</a></td>' in page
    rows = site.json("/facts/facts.json?_shape=array")
    dates = [r["date"] for r in rows]
    assert dates[-1] is None and None not in dates[:-1] and dates[:-1] == sorted(dates[:-1], reverse=True)
    quotes = site.get("/facts/quotes").text  # an entity shown by its name, its id kept out of sight
    assert re.search(r'<td class="col-speaker_id type-str"><a href="/facts/entities/alpha">President Alpha</a>&nbsp;<em>alpha</em>', quotes)
    assert "td > a + em { display: none; }" in site.get("/-/static-plugins/diplofacts/diplofacts.css").text


def test_query_rows_link_their_summary_not_their_id(site):
    page = site.get("/facts/entity_record?entity=alpha").text
    assert '<td class="col-summary"><a href="/facts/meetings/alpha-beta-call-2021-06-07">Alpha called Beta.</a></td>' in page
    assert '<td class="col-id">alpha-beta-call-2021-06-07</td>' in page


def test_a_spelling_suggestion_keeps_to_its_budget(site):
    from datasette_diplofacts.searchpage import spelling

    db = site.ds.get_database("facts")
    assert site.loop.run_until_complete(spelling(db, "oficials")) == "officials"
    assert site.loop.run_until_complete(spelling(db, "oficials", budget_ms=0)) is None  # interrupted: no suggestion
    assert site.loop.run_until_complete(spelling(db, "officials said")) is None
    assert site.get("/-/search?q=ready").status_code == 200  # the connection works on after an interruption


def test_rows_about_a_fact_link_the_fact(site):
    disagreements = site.get("/facts/disagreements").text
    assert '<td class="col-fact_id type-str"><a href="/facts/meetings/alpha-beta-call-2021-06-07">alpha-beta-call-2021-06-07</a></td>' in disagreements
    said = site.get("/facts/what_sources_say").text
    assert '<td class="col-fact_id"><a href="/facts/meetings/alpha-beta-call-2021-06-07">alpha-beta-call-2021-06-07</a></td>' in said

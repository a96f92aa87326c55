"""Facets on the table pages: one whose counts take longer than facet_time_limit_ms is named on
the page (and flagged in the .json), never dropped without a word."""
import asyncio
import html
import re
import sqlite3

import pytest
from datasette.app import Datasette

from diplofacts.site import SETTINGS

from .conftest import rows

TWO_FILTERS = "/facts/citations?fact_type=meeting&source_id=alpha-beta-call"
# the same rows, with a filter that is not a facet value: every facet counted live
LIVE = TWO_FILTERS + "&start__gte=0"
COPIES = 3000  # of each fixture citation: enough rows that counting them takes well over 1 ms


class Client:
    """The site through Datasette's own client, with settings of one's own."""

    def __init__(self, db_path, **settings):
        self.loop = asyncio.new_event_loop()
        self.ds = Datasette(immutables=[str(db_path)], settings={**SETTINGS, **settings})
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str):
        response = self.loop.run_until_complete(self.ds.client.get(path))
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response

    def close(self):
        self.loop.close()


def inflate_citations(db_path) -> None:
    """Many more citations (copies of the fixture's, with new ids), so that counting them takes time;
    their stored counts multiplied alike."""
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.execute("SELECT * FROM citations")
        cited, columns = cursor.fetchall(), [d[0] for d in cursor.description]
        key = columns.index("id")
        conn.executemany(f"INSERT INTO citations ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})",
                         [(*r[:key], f"{r[key]}-{i}", *r[key + 1:]) for i in range(COPIES) for r in cited])
        # the stored counts kept true to the rows, as a build would write them (a page's row count reads them)
        for stored in ("facet_counts", "facet_pair_counts"):
            conn.execute(f"UPDATE {stored} SET count = count * ? WHERE table_name = 'citations'", [COPIES + 1])
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def big(built):
    inflate_citations(built)
    return built


def timed_out_lines(page: str) -> dict[str, str]:
    """The page's timed-out lines as a reader reads them, by facet."""
    return {column: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()
            for column, text in re.findall(r'<p class="facets-timed-out[^"]*" data-column="([^"]+)">(.*?)</p>', page, re.S)}


def test_a_facet_counted_live_that_times_out_is_named_on_the_page(big):
    slow = Client(big, facet_time_limit_ms=1)  # 0 would mean "no limit of its own" to Datasette
    try:
        page = slow.get(LIVE).text
        data = slow.get(LIVE.replace("citations?", "citations.json?")).json()
        lines = timed_out_lines(page)
        link = html.unescape(re.search(r'data-column="source_id">.*?<a href="([^"]+)">query the table</a>', page, re.S).group(1))
        counted = slow.get(link.replace("/facts?", "/facts.json?") + "&_shape=array").json()
    finally:
        slow.close()
    assert lines == {column: f"Counts for {column} took too long on this page and are not shown; narrow the filter or query the table."
                     for column in ("fact_type", "role", "source_id")}
    assert "facet-info-name" not in page  # no empty box where the counts would have been
    # the .json keeps each facet, flagged, rather than leaving it out
    assert {name: (f.get("timed_out"), f["results"]) for name, f in data["facet_results"].items()} == {
        "fact_type": (True, []), "role": (True, []), "source_id": (True, []),
    }
    # the link counts them with SQL (under sql_time_limit_ms, not the facet limit)
    assert [(r["value"], r["count"]) for r in counted] == rows(
        big, "SELECT source_id, count(*) FROM citations WHERE fact_type = 'meeting' AND source_id = 'alpha-beta-call' GROUP BY source_id")


def test_the_same_page_within_the_limit_shows_the_counts(big):
    site = Client(big)  # the site's own facet_time_limit_ms
    try:
        page = site.get(TWO_FILTERS).text
        data = site.get(TWO_FILTERS.replace("citations?", "citations.json?")).json()
    finally:
        site.close()
    assert timed_out_lines(page) == {}
    assert [(r["value"], r["count"]) for r in data["facet_results"]["source_id"]["results"]] == rows(
        big, "SELECT source_id, count(*) FROM citations WHERE fact_type = 'meeting' AND source_id = 'alpha-beta-call' GROUP BY source_id")
    assert not any(f.get("timed_out") for f in data["facet_results"].values())


def test_stored_counts_that_time_out_are_named_too(big):
    """An unfiltered page reads facet_counts; here facet_counts is a view that really counts the
    (inflated) citations, so reading it takes longer than the limit."""
    conn = sqlite3.connect(big)
    conn.executescript("""
        DROP TABLE facet_counts;
        CREATE VIEW facet_counts AS
            SELECT 'citations' AS table_name, 'fact_type' AS column_name, fact_type AS value, count(*) AS count
            FROM citations GROUP BY fact_type
            UNION ALL
            SELECT 'citations', 'source_id', source_id, count(*) FROM citations GROUP BY source_id;
    """)
    conn.close()
    slow = Client(big, facet_time_limit_ms=1)
    try:
        page = slow.get("/facts/citations").text
        data = slow.get("/facts/citations.json").json()
    finally:
        slow.close()
    # the two facets the view counts time out; on a loaded machine a facet counted live (role)
    # may as well, and is then named too
    assert {"fact_type", "source_id"} <= set(timed_out_lines(page))
    assert "Counts for source_id took too long on this page and are not shown" in page
    assert {"fact_type", "source_id"} <= {name for name, f in data["facet_results"].items() if f.get("timed_out")}

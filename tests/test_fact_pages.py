"""A fact's page lists the facts that belong to it: what was said and agreed in a meeting, a
statement's quotes, each linked with its sources, found from the columns that reference it."""
import re


def listed(html: str, heading: str) -> list[str]:
    """The addresses listed under a heading of the page, in order."""
    section = re.search(rf"<h2>{heading} \(\d+\)</h2>\s*<ul class=\"diplofacts-record\">(.*?)</ul>", html, re.S)
    return re.findall(r"<a href=\"([^\"]+)\">", section.group(1)) if section else []


def test_a_meeting_page_lists_what_was_said_and_agreed_in_it(site, corpus):
    meeting = "alpha-beta-call-2021-06-07"
    html = site.get(f"/facts/meetings/{meeting}").text
    for section, heading in (("statements", "Statements"), ("agreements", "Agreements"), ("quotes", "Quotes")):
        expected = sorted(f"/facts/{section}/{r['id']}" for r in corpus.sections[section] if r.get("meeting") == meeting)
        assert sorted(listed(html, heading)) == expected, section
    assert listed(html, "Statements") and listed(html, "Agreements")  # the fixture has some of each


def test_a_statement_page_lists_its_quotes(site, corpus):
    html = site.get("/facts/statements/alpha-ready-to-help").text
    assert listed(html, "Quotes") == [f"/facts/quotes/{q['id']}" for q in corpus.sections["quotes"]
                                      if q.get("statement") == "alpha-ready-to-help"] != []
    assert "reported by 2 sources" in html.split("<h2>Quotes (1)</h2>")[1].split("</ul>")[0]


def test_a_fact_nothing_belongs_to_lists_nothing(site):
    html = site.get("/facts/quotes/beta-useful").text
    assert "diplofacts-record" not in html

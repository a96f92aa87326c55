"""A fact cited in the forms people paste: a plain reference with no ids or digests, and
BibTeX, RIS and CSL-JSON that reference tools read (parsed back here by the rules of each)."""
import json
import re

from datasette_diplofacts.dates import date_text
from diplofacts.loaders.build import build_info

from .conftest import rows


def version(built, fact_id: str) -> str:
    """The day of a fact's latest revision: the version a citation names."""
    (at,), = rows(built, "SELECT max(at) FROM fact_revisions WHERE fact_id = ?", (fact_id,))
    return at[:10]


def test_the_plain_reference_has_the_date_publisher_and_permalink_and_no_ids(site, built):
    page = site.get("/facts/statements/alpha-ready-to-help").text
    (plain,) = re.findall(r'<code id="diplofacts-citation">(.*?)</code>', page)
    assert plain == ("Alpha said his side stands ready to help. (7 Jun 2021). Diplomatic facts, checkable by hand. "
                     f"http://localhost/facts/statements/alpha-ready-to-help (version of {date_text(version(built, 'alpha-ready-to-help'))})")
    assert "“alpha-ready-to-help”" not in plain and "seeds" not in plain
    for form in ("BibTeX", "RIS", "CSL-JSON"):
        assert f">{form}</a>" in page


def test_bibtex_ris_and_csl_json_carry_the_fact(site, built):
    info = build_info(built)
    bib = site.get("/-/cite/statement/alpha-ready-to-help.bib")
    assert bib.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    assert bib.text == (
        "@misc{statement_alpha_ready_to_help,\n"
        "  title = {Alpha said his side stands ready to help.},\n"
        "  howpublished = {\\url{http://localhost/facts/statements/alpha-ready-to-help}},\n"
        "  publisher = {Diplomatic facts, checkable by hand},\n"
        "  url = {http://localhost/facts/statements/alpha-ready-to-help},\n"
        f"  note = {{statement alpha-ready-to-help; revision 1 of {version(built, 'alpha-ready-to-help')};"
        f" data built {info.built_at[:10]}; seeds {info.seeds_sha256[:12]}}},\n"
        "  year = {2021},\n  month = {6},\n  date = {2021-06-07}\n}\n")
    ris = site.get("/-/cite/statement/alpha-ready-to-help.ris").text
    tags = [line.split("  - ", 1) for line in ris.split("\r\n") if line]
    assert tags[0] == ["TY", "DATA"] and tags[-1] == ["ER", ""]
    assert dict(tags[:-1])["DA"] == "2021/06/07/" and dict(tags[:-1])["UR"] == "http://localhost/facts/statements/alpha-ready-to-help"
    (csl,) = json.loads(site.get("/-/cite/statement/alpha-ready-to-help.json").text)
    assert {k: csl[k] for k in ("id", "type", "title", "issued", "URL")} == {
        "id": "statement/alpha-ready-to-help", "type": "dataset", "title": "Alpha said his side stands ready to help.",
        "issued": {"date-parts": [[2021, 6, 7]]}, "URL": "http://localhost/facts/statements/alpha-ready-to-help"}


def test_an_undated_fact_and_an_unknown_one(site):
    (csl,) = json.loads(site.get("/-/cite/quote/beta-useful.json").text)
    assert "issued" not in csl
    assert "(undated)" in site.get("/facts/quotes/beta-useful").text
    assert site.get("/-/cite/quote/no-such-fact.bib").status_code == 404
    assert site.get("/-/cite/sanction/alpha-ready-to-help.ris").status_code == 404

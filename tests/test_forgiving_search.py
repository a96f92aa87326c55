"""Search forgives: possessives folded, OR meaning either, quoted phrases kept whole, the
entities the words name offered above the results, a misspelt name answered with the closest
names; the person finder never lands on a raw table."""
import pytest

from datasette_diplofacts.searchwords import find_named, fts_query


def test_what_was_typed_becomes_an_fts5_query():
    assert fts_query("Khan's visit") == '"Khan" "visit"'
    assert fts_query("putin OR xi") == '"putin" OR "xi"'
    assert fts_query('"stand ready" help') == '"stand ready" "help"'
    assert fts_query("OR alpha OR OR") == '"alpha"'
    assert fts_query('a"b NEAR( c*') == '"a b" "NEAR" "c"'  # nothing read as FTS5 syntax
    assert fts_query("'' \"\" -") == ""


NAMES = [("imran-khan", "Imran Khan", "person", "Imran Khan"), ("imran-khan", "Imran Khan", "person", "PM Imran Khan"),
         ("sco", "Shanghai Cooperation Organisation", "organization", "SCO")]


def test_names_are_found_by_name_or_alias_and_misspelt_ones_by_the_closest():
    assert [(n.id, n.said) for n in find_named("sco", NAMES)[0]] == [("sco", "SCO")]
    found, close = find_named("Imran Kahn", NAMES)
    assert ([n.id for n in found], close) == (["imran-khan"], True)
    assert find_named("Imran Kahn", NAMES, fuzzy=False) == ([], False)
    assert find_named("nobody at all", NAMES) == ([], True)


def test_the_search_page_forgives(site):
    page = site.get("/-/search?q=Alpha's").text
    assert 'href="/facts/entities/alpha"' in page and "diplofacts-card" in page  # possessive folded, entity offered
    either = site.get("/-/search?q=useful+OR+stand").text
    assert "Nothing holds" not in either and either.count('<li class="diplofacts-card') >= 2
    misspelt = site.get("/-/search?q=President+Alhpa").text
    assert "Did you mean <a href=\"/-/search?q=President+Alpha\">President Alpha</a>?" in misspelt
    runs = site.get("/-/search?q=Beta+talks").text
    assert 'href="/facts/entities/beta"' in runs and "Did you mean" not in runs  # "Beta" names an entity


@pytest.mark.parametrize("name, lands", [("alpha", "/facts/entities/alpha"), ("President Alhpa", "/facts/entities/alpha"),
                                         ("no such name at all", "/-/search?q=no+such+name+at+all")])
def test_the_person_finder_lands_on_a_page_never_a_raw_table(site, name, lands):
    response = site.get("/-/entity?name=" + name.replace(" ", "+"))
    assert response.status_code == 302 and response.headers["location"] == lands

"""Search engines find every page a reader lands on: the sitemap lists every fact, entity and
source page with the build's date, and robots.txt points to it and keeps crawlers off typed
SQL and the table pages' endless variations."""
import xml.etree.ElementTree as ET

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_the_sitemap_lists_every_fact_entity_and_source_page(site, built, corpus):
    response = site.get("/sitemap.xml")
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    locs = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    expected = {f"http://localhost/facts/{kind}s/{fact['id']}" for kind, fact in corpus.facts()}
    expected |= {f"http://localhost/facts/entities/{e['id']}" for e in corpus.entities}
    expected |= {f"http://localhost/facts/sources/{s['id']}" for s in corpus.sources}
    assert sorted(locs) == sorted(expected)
    built_on = site.json("/facts/build_info.json?key=built_at&_shape=array")[0]["value"][:10]
    assert {u.findtext("s:lastmod", namespaces=NS) for u in root.findall("s:url", NS)} == {built_on}
    for loc in locs:  # every address answers
        assert site.get(loc.removeprefix("http://localhost")).status_code == 200, loc


def test_a_large_site_gets_a_sitemap_index_of_parts(site, monkeypatch):
    from datasette_diplofacts.exports import sitemap
    monkeypatch.setattr(sitemap, "PART", 3)
    root = ET.fromstring(site.get("/sitemap.xml").content)
    parts = [s.findtext("s:loc", namespaces=NS) for s in root.findall("s:sitemap", NS)]
    whole = []
    for n, loc in enumerate(parts):
        assert loc == f"http://localhost/-/sitemaps/{n}.xml"
        whole += [u.findtext("s:loc", namespaces=NS) for u in ET.fromstring(site.get(loc.removeprefix("http://localhost")).content).findall("s:url", NS)]
    monkeypatch.setattr(sitemap, "PART", 50_000)
    single = [u.findtext("s:loc", namespaces=NS) for u in ET.fromstring(site.get("/sitemap.xml").content).findall("s:url", NS)]
    assert whole == single and len(parts) == -(-len(single) // 3)
    monkeypatch.setattr(sitemap, "PART", 3)
    assert site.get(f"/-/sitemaps/{len(parts)}.xml").status_code == 404


def test_robots_points_to_the_sitemap(site):
    response = site.get("/robots.txt")
    assert response.text.splitlines() == [
        "User-agent: *", "Disallow: /*?sql=", "Disallow: /*&sql=", "Disallow: /*_facet", "Disallow: /*_sort",
        "Disallow: /*_next=", "Disallow: /*__", "Sitemap: http://localhost/sitemap.xml"]

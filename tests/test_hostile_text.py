"""Hostile text in every curated field the site shows is escaped wherever it is shown, and no
address a curator types becomes a live javascript: link."""
import hashlib
import re

import pytest

from diplofacts.loaders import BuildFailed, build

from .site import Site

X = '<script>alert("x")</script><img src=x onerror=alert(1)>'  # in every field below
TEXT = f"Leaders met. The envoy said {X} twice. More words follow here.\n"
PAGES = [
    "/", "/about", "/facts/sources", "/facts/sources/hostile", "/facts/entities", "/facts/entities/mallory",
    "/facts/statements", "/facts/statements/hostile-statement", "/facts/quotes/hostile-quote",
    "/facts/meetings/hostile-meeting", "/facts/disagreements", "/facts/disagreements/hostile-dispute",
    "/facts/facts", "/facts/search?q=envoy", "/facts/search?q=script", "/facts/entity_record?entity=mallory",
    "/facts/quotes_by_speaker", "/facts/who_met_whom", "/facts/sources_support",
    "/facts/timeline_list", "/facts/single_source_facts", "/facts/entity_aliases", "/facts/citations",
]


def hostile_seeds(seeds, url: str = "https://example.org/a?b=<c>&d=\"e\"") -> None:
    (seeds / "sources" / "hostile.txt").write_text(TEXT)
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    with (seeds / "sources.yaml").open("a") as f:
        f.write(f"  - id: hostile\n    file: hostile.txt\n    sha256: {digest}\n    title: '{X}'\n"
                f"    publisher: '{X}'\n    url: '{url}'\n    language: en\n    kind: other\n"
                f"    notes: '{X}'\n")
    with (seeds / "entities.yaml").open("a") as f:
        f.write(f"  - id: mallory\n    name: '{X}'\n    kind: person\n    aliases: ['{X}', 'Mallory']\n"
                f"    description: '{X}'\n")
    exact = f"The envoy said {X} twice."
    (seeds / "facts" / "hostile.yaml").write_text(f"""\
meetings:
  - id: hostile-meeting
    date: 2021
    date_basis: inferred
    date_note: '{X}'
    kind: meeting
    mode: visit
    participants: [{{entity: mallory, role: visitor}}, {{entity: alpha, role: host}}]
    summary: '{X}'
    citations: [{{source: hostile, exact: 'Leaders met.'}}]
statements:
  - id: hostile-statement
    date_basis: unknown
    speaker: mallory
    meeting: hostile-meeting
    summary: '{X}'
    citations: [{{source: hostile, exact: '{exact}'}}]
quotes:
  - id: hostile-quote
    date_basis: unknown
    speaker: mallory
    text: '{X}'
    citations: [{{source: hostile, exact: '{exact}'}}]
disagreements:
  - id: hostile-dispute
    about: {{type: statement, id: hostile-statement}}
    detail: '{X}'
    summary: '{X}'
    claims:
      - {{source: hostile, exact: 'envoy', says: '{X}', stance: as-recorded}}
      - {{source: hostile, exact: 'twice', says: '{X}', stance: as-recorded}}
""")


@pytest.fixture
def site(seeds, tmp_path):
    hostile_seeds(seeds)
    build(seeds, tmp_path / "facts.db")
    s = Site(tmp_path / "facts.db")
    yield s
    s.close()


def test_every_field_is_escaped_on_every_page(site):
    for path in PAGES:
        page = site.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "<img src=x" not in page.text, path
        assert not re.search(r"""href=["']?\s*javascript:""", page.text, re.I), path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in site.get("/facts/statements/hostile-statement").text


def test_an_address_is_a_web_address(seeds, tmp_path):
    hostile_seeds(seeds, url="javascript:alert(1)")
    with pytest.raises(BuildFailed) as failed:
        build(seeds, tmp_path / "facts.db")
    assert [str(p) for p in failed.value.problems] == [
        "sources.yaml:22:10: sources[2].url: String should match pattern '^https?://\\S+$' (got 'javascript:alert(1)')"
    ]

import json
import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from diplofacts.loaders import build
from diplofacts.schema.kinds import KINDS

HERE = Path(__file__).parent
FIXTURE_SEEDS = HERE / "fixtures" / "seeds"
ROOT = HERE.parent


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A fresh, writable copy of the small fixture corpus."""
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


# Tests that drive Chromium (through the `browser` fixture below, or `page`) are marked `browser`;
# `make test-fast` leaves them out, with the tests marked `slow`.
BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def built(seeds, tmp_path) -> Path:
    db_path = tmp_path / "facts.db"
    build(seeds, db_path)
    return db_path


@pytest.fixture
def site(built):
    """Datasette over the built fixture, through its own client (a test module may define its own)."""
    from .site import Site

    served = Site(built)
    yield served
    served.close()


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def named_rows(db_path: Path, sql: str, params=()) -> list[dict]:
    """The rows of ``sql`` as dicts, by column name: what a test compares rows by, so that a
    column added to a table changes no test that does not name it."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def named_row(db_path: Path, sql: str, params=()) -> dict:
    """The one row of ``sql`` as a dict (it fails unless there is exactly one)."""
    (row,) = named_rows(db_path, sql, params)
    return row


def columns(row: dict, expected: dict) -> dict:
    """``row`` cut to the columns ``expected`` names: ``columns(row, expected) == expected``
    asserts every value it names, and a column it does not name changes nothing."""
    return {name: row.get(name, "<no such column>") for name in expected}


class Corpus:
    """A fixture corpus as its files say, read with yaml and not through the loaders: what a test
    derives its expected counts and lists from, so that a record added to the fixture does not
    break tests that are not about that record."""

    def __init__(self, seeds: Path):
        self.sections: dict[str, list[dict]] = defaultdict(list)
        for path in sorted((seeds / "facts").iterdir()):
            if path.suffix == ".yaml":
                for section, records in (yaml.safe_load(path.read_text()) or {}).items():
                    self.sections[section].extend(records)
            elif path.suffix == ".jsonl":
                for line in path.read_text().splitlines():
                    if line.strip():
                        record = json.loads(line)
                        self.sections[record.pop("type") + "s"].append(record)
        self.entities: list[dict] = yaml.safe_load((seeds / "entities.yaml").read_text())["entities"]
        self.sources: list[dict] = yaml.safe_load((seeds / "sources.yaml").read_text())["sources"]

    def facts(self) -> list[tuple[str, dict]]:
        """(type, record) of every fact, kind by kind as the kinds are declared."""
        return [(kind.name, record) for kind in KINDS if kind.is_fact for record in self.sections.get(kind.section, [])]

    def citations(self) -> list[tuple[str, dict, dict]]:
        """(type, fact, citation) of every citation of every fact."""
        return [(kind, fact, citation) for kind, fact in self.facts() for citation in fact.get("citations", [])]

    def naming(self, entity: str) -> set[tuple[str, str]]:
        """(type, id) of the facts that name ``entity`` themselves (as a speaker, a party, a
        participant…): any value of the record, outside its evidence, that is the entity's id."""
        def values(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key != "citations":
                        yield from values(value)
            elif isinstance(node, list):
                for value in node:
                    yield from values(value)
            else:
                yield node
        return {(kind, fact["id"]) for kind, fact in self.facts() if entity in set(values(fact))}


@pytest.fixture
def corpus(seeds) -> Corpus:
    """The fixture corpus the ``seeds`` copy was made from, as its files say."""
    return Corpus(seeds)


def dump(db_path: Path) -> list[str]:
    """The database's whole content and schema as SQL: what 'same content' means (when it
    was built aside)."""
    conn = sqlite3.connect(db_path)
    try:
        return [line for line in conn.iterdump() if not line.startswith("INSERT INTO \"build_info\" VALUES('built_at'")]
    finally:
        conn.close()


CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright (its own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is required (make test installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield b
        b.close()


# The site as `facts serve` runs it, for the browser tests (a module may define its own).
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`facts serve`'s exact command line over a copy of the committed facts.db."""
    from diplofacts.site import serve_args

    from .servers import free_port, running

    db = tmp_path_factory.mktemp("site") / "facts.db"
    shutil.copy(ROOT / "facts.db", db)
    port = free_port()
    with running(serve_args(db, "127.0.0.1", port), port) as base:
        yield base, db


@pytest.fixture
def page(browser):
    """A page at laptop width that keeps the script errors it meets (``page.errors``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()

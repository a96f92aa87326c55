"""facts add-source: a new document copied byte for byte, hashed and registered, the
registry's own text left as the curators wrote it."""
import hashlib
import os

from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import build

from .conftest import ROOT, rows

DOC = "Leaders meet in Geneva\r\nPresident Alpha met Prime Minister Beta \u201ctoday\u201d.\n".encode()


def add(cwd, *args):
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["add-source", *args])
    finally:
        os.chdir(here)


def test_registers_a_copy_and_keeps_the_registry_text(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    before = (seeds / "sources.yaml").read_text()
    result = add(tmp_path, "geneva.txt", "--published", "2024-05-01", "--notes", "Publisher: not shown.")
    digest = hashlib.sha256(DOC).hexdigest()
    assert (result.exit_code, result.output) == (
        0, f"Registered 'leaders-meet-in-geneva': seeds/sources/geneva.txt (sha256 {digest}) in seeds/sources.yaml.\n")
    assert (seeds / "sources" / "geneva.txt").read_bytes() == DOC
    after = (seeds / "sources.yaml").read_text()
    assert after == before + (
        "  - id: leaders-meet-in-geneva\n    file: geneva.txt\n"
        f"    sha256: {digest}\n    title: Leaders meet in Geneva\n    published: '2024-05-01'\n"
        "    language: en\n    kind: news-report\n    notes: 'Publisher: not shown.'\n")
    build(seeds, tmp_path / "facts.db")
    assert rows(tmp_path / "facts.db", "SELECT id, title, published, length FROM sources WHERE file = 'geneva.txt'") == [
        ("leaders-meet-in-geneva", "Leaders meet in Geneva", "2024-05-01", len(DOC.decode()))]


def test_refuses_a_document_already_registered(seeds, tmp_path):
    copy = tmp_path / "again.txt"
    copy.write_bytes((seeds / "sources" / "second.txt").read_bytes())
    before = (seeds / "sources.yaml").read_bytes()
    result = add(tmp_path, "again.txt")
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert (result.exit_code, result.stderr) == (
        1, f"error: again.txt is already registered, as source 'second-report' (same SHA-256 {digest})\n")
    assert (seeds / "sources.yaml").read_bytes() == before
    assert not (seeds / "sources" / "again.txt").exists()


def test_bad_options_and_bad_documents_change_nothing(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    (tmp_path / "latin1.txt").write_bytes("Genève".encode("latin-1"))
    before = sorted(p.name for p in (seeds / "sources").iterdir()), (seeds / "sources.yaml").read_bytes()
    assert add(tmp_path, "geneva.txt", "--published", "2024-13", "--url", "ftp://x").stderr == (
        "error: --url: String should match pattern '^https?://\\S+$'; "
        "--published: '2024-13' is not a real date (month must be in 1..12)\n")
    assert add(tmp_path, "geneva.txt", "--id", "alpha-beta-call").stderr == (
        "error: --id alpha-beta-call: a source with this id is already registered\n")
    assert add(tmp_path, "latin1.txt").stderr == (
        "error: latin1.txt is not UTF-8 (invalid continuation byte at byte 3): convert it first, "
        "then register the converted file\n")
    assert (sorted(p.name for p in (seeds / "sources").iterdir()), (seeds / "sources.yaml").read_bytes()) == before


def test_starts_a_new_seeds_folder(tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    result = add(tmp_path, "geneva.txt", "--seeds", "new", "--title", "[Geneva meeting]", "--id", "geneva")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "sources.yaml").read_text().endswith(
        "sources:\n  - id: geneva\n    file: geneva.txt\n"
        f"    sha256: {hashlib.sha256(DOC).hexdigest()}\n    title: '[Geneva meeting]'\n"
        "    language: en\n    kind: news-report\n")
    first = (tmp_path / "new" / "sources.yaml").read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (tmp_path / "new" / first.split("=", 1)[1]).resolve() == (ROOT / "schema" / "json" / "sources.schema.json")
    second = tmp_path / "other.txt"
    second.write_bytes(b"Another report\n")
    assert add(tmp_path, "other.txt", "--seeds", "new").exit_code == 0
    assert "  - id: another-report\n    file: other.txt\n" in (tmp_path / "new" / "sources.yaml").read_text()

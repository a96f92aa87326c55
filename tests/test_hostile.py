"""Hostile and broken seeds: each fails cleanly (exit 1, a located problem naming the file
and line, facts.db untouched, never a traceback) or is refused as unsafe; harmless variations
(CRLF line endings, a UTF-8 byte-order mark) keep building."""
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli


@pytest.fixture
def run(seeds, tmp_path):
    """Build ``seeds`` into a database built once before: the command's problems (paths
    relative to the seeds) and exit code, after checking the database was left as it was."""
    db = tmp_path / "facts.db"
    assert CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)]).exit_code == 0
    before = db.read_bytes()

    def build() -> tuple[int, list[str]]:
        result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code:
            assert db.read_bytes() == before
        prefix = os.path.relpath(seeds) + "/"
        return result.exit_code, [line.removeprefix(prefix) for line in result.stderr.splitlines()[:-1]]

    return build


def register(seeds, name: str, file: str, data: bytes) -> None:
    with (seeds / "sources.yaml").open("a") as f:
        f.write(f"  - id: {name}\n    file: {file}\n    sha256: {hashlib.sha256(data).hexdigest()}\n"
                "    title: T\n    language: en\n    kind: other\n")


def test_a_source_path_may_not_leave_the_sources_folder(seeds, run):
    register(seeds, "escape", "../../../../etc/hostname", Path("/etc/hostname").read_bytes())
    register(seeds, "absolute", "/etc/hostname", Path("/etc/hostname").read_bytes())
    assert run() == (1, [
        "sources.yaml:18:11: sources[2].file: '../../../../etc/hostname' is not a path inside seeds/sources/ (no absolute path, no '..')",
        "sources.yaml:24:11: sources[3].file: '/etc/hostname' is not a path inside seeds/sources/ (no absolute path, no '..')",
    ])


def test_a_link_leading_out_and_a_pipe_are_not_read(seeds, run, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("a secret")
    (seeds / "sources" / "link.txt").symlink_to(outside)
    os.mkfifo(seeds / "sources" / "pipe.txt")
    register(seeds, "link", "link.txt", b"a secret")
    register(seeds, "pipe", "pipe.txt", b"")
    assert run() == (1, [
        "sources.yaml:18:11: sources[2].file: sources/link.txt leads outside sources/ (through a link): not read",
        "sources.yaml:24:11: sources[3].file: sources/pipe.txt is not a regular file: not read",
    ])


def test_a_duplicate_key_names_both_lines(seeds, run):
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace("    summary: Alpha called Beta.\n",
                                               "    summary: Alpha called Beta.\n    summary: Beta called Alpha.\n"))
    assert run() == (1, [
        "facts/calls.yaml:12:5: meetings[0].summary: duplicate key 'summary' (first at line 11, again at line 12)",
    ])


@pytest.mark.parametrize("text, problem", [
    ("meetings: &x [*x]\n", "facts/evil.yaml:1:15: invalid YAML: aliases (*name) are not allowed in seeds files: write the value out"),
    ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c]\n",
     "facts/evil.yaml:2:8: invalid YAML: aliases (*name) are not allowed in seeds files: write the value out"),
    ("meetings: " + "[" * 2_000 + "]" * 2_000 + "\n", "facts/evil.yaml:1:74: invalid YAML: nested more than 64 levels deep"),
    ("meetings: " + "[" * 50_000 + "]" * 50_000 + "\n", "facts/evil.yaml:1:74: invalid YAML: nested more than 64 levels deep"),
])
def test_aliases_and_deep_nesting_are_refused_fast(seeds, run, text, problem):
    (seeds / "facts" / "evil.yaml").write_text(text)
    assert run() == (1, [problem])


def test_an_emptied_registry_is_the_one_problem(seeds, run):
    (seeds / "sources.yaml").write_text("# emptied\n")
    assert run() == (1, ["sources.yaml:1:1: no sources registered: every fact rests on sources listed here"])
    (seeds / "sources.yaml").unlink()
    assert run() == (1, ["sources.yaml:1:1: no such file: sources.yaml"])


def test_an_emptied_entity_registry_is_the_one_problem(seeds, run):
    (seeds / "entities.yaml").write_text("entities:\n")
    assert run() == (1, ["entities.yaml:1:1: no entities registered: every fact rests on entities listed here"])


def test_a_file_the_reader_cannot_take_is_a_problem_of_that_file(seeds, run):
    (seeds / "facts" / "binary.yaml").write_bytes(b"meetings:\n  - id: \xff\xfe\n")
    (seeds / "facts" / "nul.jsonl").write_bytes(b'{"type": "quote", "id": "a\x00"}\n')
    code, found = run()
    assert code == 1
    assert found == [
        "facts/binary.yaml:1:1: not UTF-8 text (invalid start byte at byte 18)",
        "facts/nul.jsonl:1:1: Invalid JSON: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 27",
    ]


def test_crlf_and_a_byte_order_mark_keep_building(seeds, run):
    for path in [seeds / "sources.yaml", seeds / "entities.yaml", *(seeds / "facts").glob("*.yaml")]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run() == (0, [])


def test_a_database_that_cannot_be_written_is_one_line(seeds, tmp_path):
    db = tmp_path / "no-such-folder" / "facts.db"
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
    assert (result.exit_code, result.stderr) == (
        1, f"error: could not write {db}: unable to open database file; it was not changed.\n")


def test_a_huge_excerpt_not_found_gives_a_short_message():
    from diplofacts.loaders.anchor import AnchorError, anchor

    text = "The minister spoke about trade and energy. " * 25_000
    with pytest.raises(AnchorError) as missing:
        anchor(text, "The minister spoke about trade and fishing. " + "x" * 100_000)
    message = str(missing.value)
    assert message.startswith("excerpt not found in the source; closest passage: 'The minister spoke about trade and e")
    assert message.endswith("…'; first difference at character 35: source has 'e' (U+0065), excerpt has 'f' (U+0066)")
    assert len(message) < 500


@pytest.mark.parametrize("name", ["what?.db", "no#1.db", "100%25.db", "a b%.db"])
def test_a_database_path_with_uri_characters_is_that_file(seeds, tmp_path, name):
    """SQLite opens read-only databases by ``file:`` URI: ``?``, ``#`` and ``%`` in the path must
    not end it or start an escape (they opened another file, or none)."""
    db = tmp_path / name
    invoke = CliRunner().invoke
    built = invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
    assert (built.exit_code, built.exception) == (0, None), built.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [name]
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text() + "\n")
    for args in (["build", "--seeds", str(seeds), "--db", str(db)],
                 ["check", "--full", str(db)], ["check", str(db)],
                 ["coverage", "--seeds", str(seeds), "--db", str(db)], ["verify", "--seeds", str(seeds), str(db)]):
        result = invoke(cli, args)
        assert (args[0], result.exit_code, result.exception) == (args[0], 0, None), result.output
    # lint warns about the fixture either way: the same words as for the database at a plain path
    plain = tmp_path / "plain" / "facts.db"
    plain.parent.mkdir()
    shutil.copyfile(db, plain)
    linted = [invoke(cli, ["lint", "--seeds", str(seeds), "--db", str(path)]) for path in (db, plain)]
    assert [(r.exit_code, r.output) for r in linted] == [(1, linted[1].output)] * 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [name]

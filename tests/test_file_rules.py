"""The build's file rules, for every command that reads or writes the seeds: no link leading
out, regular files only (a pipe would hang), nothing written through a link (not even one
leading nowhere), a folder reached through a link reported rather than skipped, texts holding
no NUL or other control character (each refused at its file, line and column), the near-miss
hint aligned where an excerpt differs only in how its characters are composed, and what killed
builds leave beside the database removed by the next build and ignored by git."""
import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import BuildFailed, build
from diplofacts.loaders.anchor import AnchorError, anchor
from diplofacts.loaders.safefiles import leftovers

from .conftest import ROOT, rows

DOC = b"Leaders meet in Geneva\nPresident Alpha met Prime Minister Beta.\n"


def facts(cwd: Path, *args: str):
    """``facts ARGS`` run in ``cwd``: (exit code, stdout, stderr), never a traceback."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(here)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def register(seeds: Path, name: str, file: str, data: bytes) -> None:
    """Append a registration to the fixture's sources.yaml, as a curator would."""
    with (seeds / "sources.yaml").open("a") as f:
        f.write(f"  - id: {name}\n    file: {file}\n    sha256: {hashlib.sha256(data).hexdigest()}\n"
                "    title: T\n    language: en\n    kind: other\n")


def problems(seeds: Path, db: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(seeds, db)
    return [str(p) for p in failed.value.problems]


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


# -- add-source ------------------------------------------------------------------------------
def test_add_source_writes_nothing_through_a_link_leading_nowhere(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    outside = tmp_path / "outside" / "planted.txt"
    outside.parent.mkdir()
    (seeds / "sources" / "geneva.txt").symlink_to(outside)
    before = (seeds / "sources.yaml").read_bytes()
    assert facts(tmp_path, "add-source", "geneva.txt") == (
        1, "", "error: seeds/sources/geneva.txt is a link: nothing is written through a link "
               "(remove it, then register again)\n")
    assert not outside.exists() and not os.path.lexists(outside)
    assert (seeds / "sources.yaml").read_bytes() == before


def test_add_source_appends_to_no_registry_that_links_out(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((seeds / "sources.yaml").read_bytes())
    (seeds / "sources.yaml").unlink()
    (seeds / "sources.yaml").symlink_to(outside)
    before = outside.read_bytes()
    assert facts(tmp_path, "add-source", "geneva.txt") == (
        1, "", "error: seeds/sources.yaml is a link: nothing is written through a link (replace it by the file itself)\n")
    assert outside.read_bytes() == before
    assert sorted(p.name for p in (seeds / "sources").iterdir()) == ["alpha-beta.txt", "second.txt"]


def test_add_source_copies_into_no_sources_folder_that_links_out(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    outside = tmp_path / "outside"
    (seeds / "sources").rename(outside)
    (seeds / "sources").symlink_to(outside)
    assert facts(tmp_path, "add-source", "geneva.txt") == (
        1, "", "error: seeds/sources is a link: nothing is written through a link (replace it by the folder itself)\n")
    assert sorted(p.name for p in outside.iterdir()) == ["alpha-beta.txt", "second.txt"]


def test_add_source_refuses_a_pipe_without_hanging(seeds, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert facts(tmp_path, "add-source", "pipe.txt") == (1, "", "error: pipe.txt is not a regular file: not read\n")


def test_add_source_neither_hangs_on_nor_writes_to_a_registry_that_is_a_pipe(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    (seeds / "sources.yaml").unlink()
    os.mkfifo(seeds / "sources.yaml")
    assert facts(tmp_path, "add-source", "geneva.txt") == (
        1, "", "error: seeds/sources.yaml is not a regular file: not written\n")
    assert sorted(p.name for p in (seeds / "sources").iterdir()) == ["alpha-beta.txt", "second.txt"]


def test_add_source_refuses_control_characters_with_their_place(seeds, tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"Leaders meet\nin Gen\xc3\xa8ve\x00 today\n")
    (tmp_path / "c1.txt").write_bytes("Leaders meet\u0085 today\n".encode())
    before = (seeds / "sources.yaml").read_bytes()
    assert facts(tmp_path, "add-source", "nul.txt") == (
        1, "", "error: nul.txt holds the control character U+0000 (NUL) at line 2, column 10 (byte 23): a text holds "
               "no NUL or other control character (tab, line feed and carriage return aside); clean it first, then "
               "register the cleaned file\n")
    assert facts(tmp_path, "add-source", "c1.txt")[2] == (
        "error: c1.txt holds the control character U+0085 (a C1 control) at line 1, column 13 (byte 12): a text holds "
        "no NUL or other control character (tab, line feed and carriage return aside); clean it first, then "
        "register the cleaned file\n")
    assert facts(tmp_path, "add-source", "--seeds", str(seeds), str(tmp_path / "nul.txt"))[0] == 1
    assert (seeds / "sources.yaml").read_bytes() == before
    assert sorted(p.name for p in (seeds / "sources").iterdir()) == ["alpha-beta.txt", "second.txt"]


def test_add_source_refuses_a_bidi_control_in_a_title(seeds, tmp_path):
    (tmp_path / "geneva.txt").write_bytes(DOC)
    assert facts(tmp_path, "add-source", "geneva.txt", "--title", "Leaders \u202emeet") == (
        1, "", "error: --title: holds the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) at character 8, which "
               "reorders the text around it wherever it is shown: write the text without it\n")


# -- draft -------------------------------------------------------------------------------------
def test_draft_reads_no_source_that_links_out(seeds, tmp_path):
    (seeds / "sources" / "second.txt").unlink()
    (seeds / "sources" / "second.txt").symlink_to("/etc/passwd")
    assert facts(tmp_path, "draft", "second-report") == (
        1, "", "error: sources/second.txt leads outside sources/ (through a link): not read: run facts build first\n")
    assert not (tmp_path / "drafts").exists()


def test_draft_does_not_hang_on_a_pipe(seeds, tmp_path):
    (seeds / "sources" / "second.txt").unlink()
    os.mkfifo(seeds / "sources" / "second.txt")
    assert facts(tmp_path, "draft", "second-report") == (
        1, "", "error: sources/second.txt is not a regular file: not read: run facts build first\n")


def test_draft_reads_no_registry_through_a_link_out_nor_a_linked_fact_folder(seeds, tmp_path):
    outside = tmp_path / "entities.yaml"
    outside.write_bytes((seeds / "entities.yaml").read_bytes())
    (seeds / "entities.yaml").unlink()
    (seeds / "entities.yaml").symlink_to(outside)
    assert facts(tmp_path, "draft", "second-report")[2] == (
        "error: entities.yaml leads outside seeds/ (through a link): not read: run facts build first\n")
    (seeds / "entities.yaml").unlink()
    outside.rename(seeds / "entities.yaml")
    (tmp_path / "more").mkdir()
    (seeds / "facts" / "more").symlink_to(tmp_path / "more")
    assert facts(tmp_path, "draft", "second-report")[2] == (
        "error: facts/more is a link to a folder outside seeds/: its files are not read (links to folders are not "
        "followed: move the folder itself here): run facts build first\n")


def test_draft_refuses_a_source_holding_a_nul(seeds, tmp_path):
    (seeds / "sources" / "second.txt").write_bytes(b"Alpha phoned\x00 Beta.\n")
    assert facts(tmp_path, "draft", "second-report")[2] == (
        "error: sources/second.txt holds the control character U+0000 (NUL) at line 1, column 13 (byte 12): a text "
        "holds no NUL or other control character (tab, line feed and carriage return aside); register a cleaned copy "
        "as a new source: run facts build first\n")


# -- build, coverage, lint: a linked fact folder -----------------------------------------------
def test_a_linked_fact_folder_is_a_problem_not_skipped(seeds, tmp_path):
    db = tmp_path / "facts.db"
    build(seeds, db)
    before = db.read_bytes()
    outside = tmp_path / "more"
    outside.mkdir()
    (seeds / "facts" / "calls.yaml").rename(outside / "calls.yaml")
    (seeds / "facts" / "linked").symlink_to(outside)
    assert problems(seeds, db) == [
        "facts/linked:1:1: facts/linked is a link to a folder outside seeds/: its files are not read (links to "
        "folders are not followed: move the folder itself here)"]
    (seeds / "facts" / "linked").unlink()
    inside = seeds / "kept"
    outside.rename(inside)
    (seeds / "facts" / "linked").symlink_to(inside)
    assert problems(seeds, db) == [
        "facts/linked:1:1: facts/linked is a link to a folder: its files are not read (links to folders are not "
        "followed: move the folder itself here)"]
    assert db.read_bytes() == before


def test_a_linked_facts_folder_a_dangling_fact_file_and_a_pipe_are_problems(seeds, tmp_path):
    db = tmp_path / "facts.db"
    (seeds / "facts" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(seeds / "facts" / "pipe.jsonl")
    assert problems(seeds, db) == [
        "facts/gone.yaml:1:1: facts/gone.yaml is a link leading nowhere: not read",
        "facts/pipe.jsonl:1:1: facts/pipe.jsonl is not a regular file: not read"]
    (seeds / "facts" / "gone.yaml").unlink()
    (seeds / "facts" / "pipe.jsonl").unlink()
    (seeds / "facts").rename(tmp_path / "facts")
    (seeds / "facts").symlink_to(tmp_path / "facts")
    assert problems(seeds, db) == [
        "facts:1:1: facts is a link to a folder outside seeds/: its files are not read (links to folders are not "
        "followed: move the folder itself here)"]
    assert not db.exists()


def test_coverage_and_lint_read_the_seeds_by_the_build_s_rules(seeds, tmp_path):
    (seeds / "sources" / "second.txt").unlink()
    (seeds / "sources" / "second.txt").symlink_to("/etc/passwd")
    for command in ("coverage", "lint"):
        code, out, err = facts(tmp_path, command, "--db", str(tmp_path / "none.db"))
        assert code == 1 and out == ""
        assert err.startswith("seeds/sources.yaml:11:11: sources[1].file: sources/second.txt leads outside sources/ "
                              "(through a link): not read\n")
    assert not (tmp_path / "none.db").exists()


# -- characters --------------------------------------------------------------------------------
def test_a_nul_in_a_source_is_refused_at_its_line_and_column(seeds, tmp_path):
    data = "First line\nCaf\u00e9 au\x00 lait\n".encode()
    (seeds / "sources" / "nul.txt").write_bytes(data)
    register(seeds, "nul", "nul.txt", data)
    assert problems(seeds, tmp_path / "facts.db") == [
        "sources.yaml:18:11: sources[2].file: sources/nul.txt holds the control character U+0000 (NUL) at line 2, "
        "column 8 (byte 19): a text holds no NUL or other control character (tab, line feed and carriage return "
        "aside); register a cleaned copy as a new source"]


@pytest.mark.parametrize("char, named", [("\x07", "U+0007 (BEL)"), ("\x1b", "U+001B (ESC)"), ("\x7f", "U+007F (DEL)"),
                                         ("\x9b", "U+009B (a C1 control)")])
def test_control_characters_in_a_source_are_refused(seeds, tmp_path, char, named):
    data = f"Alpha{char} said\r\n\ttabs and CRLF are fine\n".encode()
    (seeds / "sources" / "odd.txt").write_bytes(data)
    register(seeds, "odd", "odd.txt", data)
    (message,) = problems(seeds, tmp_path / "facts.db")
    assert f"sources/odd.txt holds the control character {named} at line 1, column 6 (byte 5)" in message


def test_tabs_and_line_breaks_are_fine(seeds, tmp_path):
    data = b"Alpha\tsaid\r\nsomething\rmore\n"
    (seeds / "sources" / "fine.txt").write_bytes(data)
    register(seeds, "fine", "fine.txt", data)
    build(seeds, tmp_path / "facts.db")
    assert rows(tmp_path / "facts.db", "SELECT length FROM sources WHERE id = 'fine'") == [(len(data),)]


def test_control_and_bidi_characters_in_curated_text_are_refused_at_their_field(seeds, tmp_path):
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text()
                     .replace("    summary: Alpha called Beta.\n", '    summary: "Alpha called\\0 Beta."\n')
                     .replace("    date_note: made during the call of 2021-06-07\n",
                              '    date_note: "made during\\e the call"\n')
                     .replace("    summary: Alpha said his side stands ready to help.\n",
                              '    summary: "Alpha \\u202Esaid it"\n'))
    (seeds / "facts" / "more.jsonl").write_text(
        '{"type": "statement", "id": "alpha-again", "date": "2021-06-07", "date_basis": "inferred", "date_note": "n",'
        ' "speaker": "alpha", "summary": "Alpha spoke\\u0085 again.", "citations": [{"source": "alpha-beta-call",'
        ' "exact": "President Alpha called Prime Minister Beta on Monday."}]}\n')
    found = problems(seeds, tmp_path / "facts.db")
    assert found == [
        "facts/calls.yaml:11:14: meetings[0].summary: holds the control character U+0000 (NUL) at character 12: a text "
        "holds no NUL or other control character (tab, line feed and carriage return aside)",
        "facts/calls.yaml:23:16: statements[0].date_note: holds the control character U+001B (ESC) at character 11: "
        "a text holds no NUL or other control character (tab, line feed and carriage return aside)",
        "facts/calls.yaml:26:14: statements[0].summary: holds the bidirectional control U+202E (RIGHT-TO-LEFT "
        "OVERRIDE) at character 6, which reorders the text around it wherever it is shown: write the text without it",
        "facts/more.jsonl:1:1: summary: holds the control character U+0085 (a C1 control) at character 11: a text "
        "holds no NUL or other control character (tab, line feed and carriage return aside)",
    ]


def test_a_bidi_control_copied_from_its_source_is_kept_in_an_excerpt(seeds, tmp_path):
    data = "Beta said \u2067\u0627\u0644\u0633\u0644\u0627\u0645\u2069 on Monday.\n".encode()
    (seeds / "sources" / "rtl.txt").write_bytes(data)
    register(seeds, "rtl", "rtl.txt", data)
    (seeds / "facts" / "rtl.yaml").write_text(
        "statements:\n  - id: beta-said-peace\n    date: 2021-06-07\n    date_basis: inferred\n"
        "    date_note: the day rtl reports\n    speaker: beta\n"
        "    summary: Beta spoke of peace.\n    citations:\n      - source: rtl\n"
        "        exact: \"Beta said \\u2067\\u0627\\u0644\\u0633\\u0644\\u0627\\u0645\\u2069 on Monday.\"\n")
    build(seeds, tmp_path / "facts.db")
    assert rows(tmp_path / "facts.db", "SELECT id FROM statements WHERE id = 'beta-said-peace'") == [("beta-said-peace",)]


# -- the near-miss hint ------------------------------------------------------------------------
def test_an_excerpt_differing_only_in_composition_is_pointed_at_where_it_differs():
    text = "President Alpha spoke. President \u00c9mile Beta said caf\u00e9 is good."
    with pytest.raises(AnchorError) as missing:
        anchor(text, "President E\u0301mile Beta")
    assert str(missing.value) == (
        "excerpt not found in the source as written, but found at character 23 once both are normalised (NFC); first "
        "difference at character 10 of the excerpt (character 33 of the source): source has 'É' (U+00C9), excerpt has "
        "'E' (U+0045): copy the excerpt from the source as its characters are written there")
    assert text[33] == "\u00c9"
    decomposed = "Beta said cafe\u0301 is good, twice: cafe\u0301."
    with pytest.raises(AnchorError) as missing:
        anchor(decomposed, "cafe\u0301 is good, twice: caf\u00e9")
    message = str(missing.value)
    assert "found at character 10 once both are normalised (NFC)" in message
    assert "first difference at character 25 of the excerpt (character 35 of the source): source has 'e' (U+0065), " \
           "excerpt has 'é' (U+00E9)" in message
    assert decomposed[35] == "e"


def test_the_hint_in_a_build_names_the_character(seeds, tmp_path):
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace("exact: Alpha phoned Beta on June 7, 2021",
                                               "exact: \"Alpha phoned Beta on June 7, 2021\""))
    data = "Le pr\u00e9sident Alpha a appel\u00e9 Beta.\n".encode()
    (seeds / "sources" / "fr.txt").write_bytes(data)
    register(seeds, "fr", "fr.txt", data)
    calls.write_text(calls.read_text().replace(
        "      - source: second-report\n        exact: \"Alpha phoned Beta on June 7, 2021\"\n",
        "      - source: second-report\n        exact: \"Alpha phoned Beta on June 7, 2021\"\n"
        "      - source: fr\n        exact: \"Alpha a appele\\u0301 Beta\"\n"))
    (message,) = problems(seeds, tmp_path / "facts.db")
    assert message.endswith(
        "meetings[0].citations[2].exact: excerpt not found in the source as written, but found at character 13 once "
        "both are normalised (NFC); first difference at character 13 of the excerpt (character 26 of the source): "
        "source has 'é' (U+00E9), excerpt has 'e' (U+0065): copy the excerpt from the source as its characters are "
        "written there (source 'fr')")


# -- leftovers -----------------------------------------------------------------------------------
def test_the_next_build_removes_what_killed_processes_left(seeds, tmp_path):
    db = tmp_path / "facts.db"
    dead = dead_pid()
    running = subprocess.Popen(["sleep", "60"])
    try:
        left = [f".facts.db.tmp-{dead}", f"..facts.db.digests.{dead}", f".facts.db.checked.json.{dead}",
                f"..facts.db.built.json.{dead}", f".facts.inspect.json.{dead}"]
        kept = [f".facts.db.tmp-{running.pid}", f"..facts.db.digests.{running.pid}", f".facts.db.tmp-{os.getppid()}",
                ".facts.db.tmp-x", f".other.db.tmp-{dead}", f"facts.db.tmp-{dead}", f".facts.db.tmp-{dead}.bak"]
        for name in left + kept:
            (tmp_path / name).write_bytes(b"partial")
        os.mkdir(tmp_path / f".facts.db.tmp-{dead}0")  # a folder: never removed
        assert [p.name for p in leftovers(db)] == sorted(left)
        build(seeds, db)
        names = {p.name for p in tmp_path.iterdir()}
        assert not names & set(left)
        assert set(kept) | {f".facts.db.tmp-{dead}0"} <= names
    finally:
        running.kill()
        running.wait()


def test_a_failed_build_leaves_no_temporary_file(seeds, tmp_path):
    (seeds / "facts" / "bad.yaml").write_text("meetings: [1]\n")
    with pytest.raises(BuildFailed):
        build(seeds, tmp_path / "facts.db")
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name or p.name.split(".")[-1].isdigit()]


@pytest.mark.parametrize("name", [".facts.db.tmp-123", "..facts.db.digests.123", ".facts.db.digests",
                                  "facts.db.checked.json", ".facts.db.checked.json.123", ".facts.db.built.json",
                                  "..facts.db.built.json.123", "facts.inspect.json", ".facts.inspect.json.123",
                                  ".facts.db.lock"])
def test_what_a_build_keeps_or_leaves_beside_the_database_is_ignored_by_git(name):
    result = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT)
    assert result.returncode == 0, f"{name} is not git-ignored"

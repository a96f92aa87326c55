"""The site under hostile load (issue 22): search over a multi-megabyte field, a source of
megabytes, typed SQL in a loop, a read-only file system, malformed addresses and direction
controls in quoted text. Each case as it was reported, now refused or bounded."""
import asyncio
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

import datasette_diplofacts
import datasette_diplofacts.pages as pages
from datasette_diplofacts.queries import SNIPPET_MAX, search_sql
from datasette_diplofacts.searchpage import PAGE_SQL, window_snippet
from diplofacts import site as serving
from diplofacts.loaders import build
from diplofacts.schema.kinds import citation_id
from diplofacts.site import SETTINGS, load_inspect, serve_args, settings

from .servers import free_port, running, running_process

FILLER = "The pipeline talks went on and the pipeline was discussed again.\n"
STRADDLES = "Gamma and Delta crossed the border between two parts of the text.\n"
LATE = "President Alpha arrived late.\n"
END = "Beta wrote to Alpha at the very end.\n"
RLO = "\u202e"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def big_corpus(seeds: Path, db: Path, size: int, summary_words: int = 0) -> dict:
    """The fixture corpus with its first source grown to ``size`` characters of one sentence
    full of "pipeline", an excerpt straddling the first boundary between parts, an uncited
    sentence naming an entity and a cited one at the very end; optionally a meeting summary of
    ``summary_words`` words "pipeline"; and a source whose text, and so an excerpt, holds U+202E
    (the build refuses it in curated text: titles, summaries)."""
    path = seeds / "sources" / "alpha-beta.txt"
    head = path.read_text() + "\n"
    lead = head + FILLER * ((pages.PART - 20 - len(head)) // len(FILLER))
    lead += "x" * (pages.PART - 20 - len(lead))  # the straddling sentence starts 20 characters before part 2
    body = FILLER * ((size - len(lead)) // len(FILLER))
    text = lead + STRADDLES + body + LATE + END
    path.write_text(text)
    _replace(seeds / "sources.yaml", "cfdb17488bc59c8b9db7ecc31794f268c1e26070a851514709d45c6acf739a0a",
             hashlib.sha256(text.encode()).hexdigest())
    rtl = f"Alpha said: {RLO}we will not move and left.\n"  # no U+202C closes the override
    (seeds / "sources" / "rtl.txt").write_text(rtl)
    with (seeds / "sources.yaml").open("a") as f:
        f.write(f"  - id: rtl-report\n    file: rtl.txt\n    sha256: {hashlib.sha256(rtl.encode()).hexdigest()}\n"
                '    title: "Report reversed"\n    language: en\n    kind: news-report\n')
    (seeds / "facts" / "hostile.yaml").write_text(yaml.safe_dump({
        "statements": [
            {"id": "gamma-crossed", "date_basis": "unknown", "speaker": "alpha", "summary": "Gamma and Delta crossed.",
             "citations": [{"source": "alpha-beta-call", "exact": STRADDLES.strip()}]},
            {"id": "beta-wrote", "date_basis": "unknown", "speaker": "beta", "summary": "Beta wrote to Alpha.",
             "citations": [{"source": "alpha-beta-call", "exact": END.strip()}]},
            {"id": "alpha-will-not-move", "date_basis": "unknown", "speaker": "alpha",
             "summary": "Alpha said he will not move.",
             "citations": [{"source": "rtl-report", "exact": f"Alpha said: {RLO}we will not move"}]},
        ]}, allow_unicode=True))
    if summary_words:
        _replace(seeds / "facts" / "calls.yaml", "summary: Alpha called Beta.",
                 "summary: Alpha called Beta about the " + "pipeline " * summary_words + "today.")
    build(seeds, db)
    return {"text": text, "end": citation_id("statement", "beta-wrote", "alpha-beta-call", len(text) - len(END), len(text) - 1),
            "straddles": citation_id("statement", "gamma-crossed", "alpha-beta-call", len(lead), len(lead) + len(STRADDLES) - 1)}


class Site:
    """Datasette over a database, with the site's settings (changed as given), through its client."""

    def __init__(self, db: Path, **changed):
        self.loop = asyncio.new_event_loop()
        self.ds = Datasette(immutables=[str(db)], settings={**SETTINGS, **changed})
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str):
        return self.loop.run_until_complete(self.ds.client.get(path))

    def raw(self, path: str, query: str = "") -> tuple[int, bytes]:
        """A request as a server hands it over, whatever its path (``//x`` included)."""
        app, sent = self.ds.app(), []

        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            sent.append(message)

        self.loop.run_until_complete(app({
            "type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
            "headers": [], "scheme": "http", "server": ("localhost", 80), "http_version": "1.1"}, receive, send))
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    def close(self):
        self.loop.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A 5 MB source (about 150,000 hits of "pipeline"), a 1.8 MB meeting summary full of it."""
    root = tmp_path_factory.mktemp("big")
    shutil.copytree(Path(__file__).parent / "fixtures" / "seeds", root / "seeds")
    info = big_corpus(root / "seeds", root / "facts.db", 5_000_000, summary_words=200_000)
    site = Site(root / "facts.db")
    yield site, info, root / "facts.db"
    site.close()


# 1. Search: bounded whatever the size of a row -------------------------------------------------

def test_a_multi_megabyte_field_searches_in_bounded_time(big):
    site, _, _ = big
    began = time.perf_counter()
    page = site.get("/-/search?q=pipeline")
    took = time.perf_counter() - began
    assert page.status_code == 200
    # was: over two minutes at full CPU for the 5 MB source alone (snippet() over every hit)
    assert took < 10, took  # a sanity bound; the work done is bounded below
    hits = re.findall(r'<p class="card-hit" dir="auto">(.*?)</p>', page.text, re.S)
    assert len(hits) == 2  # the source and the meeting
    assert all("<mark>pipeline</mark>" in h and len(h) < 1000 for h in hits)
    sql = site.get("/facts/search?q=pipeline")  # the SQL one click away, under the time limit
    assert sql.status_code == 200 and "Alpha called Beta about the pipeline" in sql.text


def test_the_search_sql_never_snippets_a_long_row(big):
    _, _, db = big
    for sql in (search_sql(500), PAGE_SQL):
        selects = sql.split("UNION ALL")
        assert len(selects) == 5
        for select in selects:  # snippet() only behind the bound on the row's length
            (snippet,) = re.findall(r"CASE WHEN (substr\(t\.\w+, (\d+), 1\) = '') THEN snippet\(", select)
            assert int(snippet[1]) == SNIPPET_MAX + 1
            assert select.count("snippet(") == 1
    import sqlite3
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.create_function("escape_fts", 1, datasette_diplofacts.fts_query)
    began = time.perf_counter()
    rows = conn.execute(PAGE_SQL, {"fts": "pipeline"}).fetchall()
    assert time.perf_counter() - began < 2
    assert len(rows) == 2 and all(r[3].endswith(" …") and len(r[4]) == 50_000 for r in rows)  # start shown, prefix handed on
    conn.close()


def test_a_hit_in_a_long_row_is_found_in_small_windows():
    worst = "a " * 25_000  # every word a hit: snippet() over the whole of it would take seconds
    began = time.perf_counter()
    hit = window_snippet(worst, "a")
    assert time.perf_counter() - began < 1
    assert hit and hit.count("⟦a⟧") >= 8
    late = "word " * 5000 + "The pipeline burst."
    assert "⟦pipeline⟧ burst" in window_snippet(late, "pipelines")  # stemmed, as the index matches
    assert window_snippet("nothing here " * 100, "pipeline") is None


def test_a_search_past_the_time_limit_is_a_clear_message(big):
    _, _, db = big
    hurried = Site(db)
    hurried.ds.sql_time_limit_ms = 1  # once started: a limit no search meets
    try:
        page = hurried.get("/-/search?q=pipeline+talks")
        assert page.status_code == 503
        assert "took longer than the site allows" in page.text
    finally:
        hurried.close()


# 2. Source pages: paged, bounded, off the event loop -------------------------------------------

def test_a_long_source_is_shown_in_parts_and_every_citation_lands(big, monkeypatch):
    site, info, _ = big
    text = info["text"]
    parts = -(-len(text) // pages.PART)
    seen = []
    real = pages.highlight

    def watched(shown, spans):
        seen.append((len(shown), threading.current_thread() is threading.main_thread()))
        return real(shown, spans)

    monkeypatch.setattr(pages, "highlight", watched)
    first = site.get("/facts/sources/alpha-beta-call")
    assert first.status_code == 200
    assert len(first.content) < 400_000  # was: the whole text, highlighted, at every view
    assert f"Part 1 of {parts}: characters 1–100,000 of {len(text):,}" in first.text
    assert 'href="/facts/sources/alpha-beta-call?part=2" rel="next"' in first.text
    # a link to an excerpt on another part (as the annotations export makes them) is sent there
    elsewhere = json.loads(re.search(r'id="diplofacts-citation-parts">(.*?)</script>', first.text).group(1))
    assert elsewhere[f"citation-{info['end']}"] == parts
    # the fact page links to the part holding the excerpt
    fact = site.get("/facts/statements/beta-wrote").text
    assert f'href="/facts/sources/alpha-beta-call?part={parts}#citation-{info["end"]}"' in fact
    last = site.get(f"/facts/sources/alpha-beta-call?part={parts}").text
    assert f'<span class="anchor" id="citation-{info["end"]}"></span>' in last
    # uncited passages of the part, their lines counted from the start of the source
    late = text.index(LATE)
    assert f"line {text.count(chr(10), 0, late) + 1}: {LATE.strip()}" in re.sub(r"<[^>]+>", "", last)
    assert all(size <= pages.PART for size, _ in seen) and len(seen) == 2
    assert not any(on_loop for _, on_loop in seen)  # highlighting ran off the event loop
    # past the last part: the last part; a malformed part: a bad request
    assert f"Part {parts} of {parts}" in site.get("/facts/sources/alpha-beta-call?part=999").text
    assert site.get("/facts/sources/alpha-beta-call?part=%C2%B2").status_code == 400


def test_an_excerpt_across_two_parts_is_marked_on_both_and_anchored_on_the_first(big):
    site, info, _ = big
    anchor = f'<span class="anchor" id="citation-{info["straddles"]}"></span>'
    one, two = (site.get(f"/facts/sources/alpha-beta-call?part={n}").text for n in (1, 2))
    assert anchor in one and anchor not in two
    assert f'data-citations="citation-{info["straddles"]}"' in one
    assert f'data-citations="citation-{info["straddles"]}"' in two


def test_a_short_source_is_one_page_as_before(big):
    site, _, _ = big
    page = site.get("/facts/sources/second-report").text
    assert "diplofacts-parts" not in page and "diplofacts-citation-parts" not in page


def test_a_source_page_costs_the_same_at_any_size(big, tmp_path, seeds):
    """Part 1 of a 5 MB source against the same page of a 20 MB one: the time does not grow with
    the document (a generous bound: the SQLite reads of the part do, at memory speed)."""
    site, _, _ = big
    db = tmp_path / "facts.db"
    big_corpus(seeds, db, 20_000_000)
    larger = Site(db)
    try:
        def best(s, path):
            times = []
            for _ in range(3):
                began = time.perf_counter()
                assert s.get(path).status_code == 200
                times.append(time.perf_counter() - began)
            return min(times)
        small_t = best(site, "/facts/sources/alpha-beta-call?part=2")
        large_t = best(larger, "/facts/sources/alpha-beta-call?part=2")
        assert large_t < max(1.0, 4 * small_t), (small_t, large_t)
    finally:
        larger.close()


# 3. Typed SQL cannot starve the pages -----------------------------------------------------------

SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")


def _get(url: str, timeout: float = 60) -> tuple[int, float, bytes]:
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body = r.read()
            return r.status, time.perf_counter() - began, body
    except urllib.error.HTTPError as e:
        return e.code, time.perf_counter() - began, e.read()


@pytest.mark.slow
def test_pages_stay_fast_while_hostile_sql_runs(built):
    port = free_port()
    with running(serve_args(built, "127.0.0.1", port), port) as base:
        pages_ = ["/facts/meetings/alpha-beta-call-2021-06-07", "/facts/sources/alpha-beta-call", "/-/search?q=alpha",
                  "/facts/facts"]
        alone = []
        for _ in range(3):
            for p in pages_:
                status, took, _ = _get(base + p)
                assert status == 200
                alone.append(took)
        stop = time.monotonic() + 8
        answers: list[tuple[int, float, bytes]] = []

        def hostile():
            while time.monotonic() < stop:
                answers.append(_get(base + "/facts.json?" + urllib.parse.urlencode({"sql": SLOW})))

        clients = [threading.Thread(target=hostile) for _ in range(6)]
        for c in clients:
            c.start()
        time.sleep(1.5)  # the hostile queries in flight
        loaded = []
        while time.monotonic() < stop - 1:
            for p in pages_:
                status, took, _ = _get(base + p)
                assert status == 200
                loaded.append(took)
        for c in clients:
            c.join()
    # was: every page waited 22 s behind six clients looping 3-second queries
    assert max(loaded) < max(1.0, 10 * max(alone)), (max(alone), max(loaded))
    statuses = {status for status, _, _ in answers}
    assert statuses <= {400, 503}, statuses
    busy = [body for status, _, body in answers if status == 503]
    assert busy and "query typed by a reader at a time" in json.loads(busy[0])["error"]
    ran = [took for status, took, _ in answers if status == 400]
    assert ran and max(ran) < 2.5  # cut at the typed-SQL limit (1 s), not the site's 3 s


def test_typed_sql_runs_under_its_own_shorter_limit(built):
    site = Site(built)
    try:
        began = time.perf_counter()
        page = site.get("/facts.json?" + urllib.parse.urlencode({"sql": SLOW}))
        took = time.perf_counter() - began
        assert page.status_code == 400 and "too long" in page.json()["error"]
        assert took < 2.5, took  # the site's own limit is 3 s
        asked = site.get("/facts.json?" + urllib.parse.urlencode({"sql": "select 1 as one", "_timelimit": "50000"}))
        assert asked.status_code == 200  # asking for more is asking for the typed-SQL limit
    finally:
        site.close()


def test_typed_sql_may_be_turned_off(built):
    site = Site(built, **{k: v for k, v in settings(sql=False).items() if k not in SETTINGS})
    try:
        assert site.get("/facts?sql=select+1").status_code == 403
        assert site.get("/facts/search?q=alpha").status_code == 200  # the preset queries remain
        assert site.get("/-/search?q=alpha").status_code == 200
    finally:
        site.close()
    args = serve_args(built, "127.0.0.1", 8001, sql=False)
    assert args[args.index("default_allow_sql") - 1:args.index("default_allow_sql") + 2] == [
        "--setting", "default_allow_sql", "off"]


# 4. Read-only deploys ---------------------------------------------------------------------------

def _can_mount_read_only(tmp_path: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind {tmp_path} {tmp_path} && "
                            f"mount -o remount,bind,ro {tmp_path} {tmp_path} && ! touch {tmp_path}/probe"],
                           capture_output=True)
    return probe.returncode == 0


def test_facts_serve_and_the_asgi_app_start_on_a_read_only_file_system(built, tmp_path):
    """A real read-only file system: the folder of the database bind-mounted read-only in a
    mount namespace of the server's own."""
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(built, folder / "facts.db")
    if not _can_mount_read_only(tmp_path):
        pytest.skip("needs root and unshare to mount a folder read-only")
    # the temporary folder read-only too: the inspect data is then kept in memory
    ro = "".join(f"mount --bind {d} {d} && mount -o remount,bind,ro {d} {d} && " for d in (folder, serving.elsewhere(folder).parent))
    env = dict(os.environ)
    venv = Path(sys.executable).parent
    for command, port in ((f"exec {venv / 'facts'} serve {folder / 'facts.db'} -p {{port}}", free_port()),
                          (f"cd {folder} && FACTS_DB=facts.db exec {venv / 'uvicorn'} diplofacts.asgi:app --port {{port}}",
                           free_port())):
        with running_process(["unshare", "-m", "sh", "-c", ro + command.format(port=port)], port, env=env) as (base, process):
            status, _, body = _get(base + "/facts/meetings/alpha-beta-call-2021-06-07")
            assert status == 200 and b"Alpha called Beta." in body
            process.terminate()
            process.wait(timeout=15)
            err = process.stderr.read().decode()
        assert "Traceback" not in err, err
        assert "Read-only file system" in err  # said in a line, not a traceback
        assert len([line for line in err.splitlines() if "inspect" in line]) == 3, err
    assert sorted(p.name for p in folder.iterdir()) == ["facts.db"]  # nothing written, no partial file


@pytest.fixture
def blocked(built, tmp_path, monkeypatch):
    """A database whose inspect file cannot be written beside it (a folder stands in its place)
    nor in the temporary folder (a path under a file): the write fails for a reason even root
    meets."""
    (tmp_path / serving.beside(built).name).mkdir()
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(serving, "elsewhere", lambda db: tmp_path / "a-file" / "facts.inspect.json")
    return built


def test_inspect_data_is_kept_in_memory_when_it_cannot_be_written(blocked, tmp_path, capfd):
    data = load_inspect(blocked)
    assert data["facts"]["tables"]["sources"]["count"] == 2
    err = capfd.readouterr().err
    assert "Traceback" not in err and "keeping the inspect data in memory" in err
    assert len(err.splitlines()) == 3
    assert "--inspect-file" not in serve_args(blocked, "127.0.0.1", 8001)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no partial file


def test_a_failed_write_leaves_no_partial_file_and_the_next_place_is_used(built, tmp_path, monkeypatch):
    elsewhere = tmp_path / "tmp"
    elsewhere.mkdir()
    monkeypatch.setattr(serving, "elsewhere", lambda db: elsewhere / "facts.inspect.json")
    real = os.replace

    def full(src, dst):
        if Path(dst).parent == built.parent:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(serving.os, "replace", full)
    args = serve_args(built, "127.0.0.1", 8001)
    assert args[args.index("--inspect-file") + 1] == str(elsewhere / "facts.inspect.json")
    assert sorted(p.name for p in built.parent.iterdir() if "inspect" in p.name) == []
    assert json.loads((elsewhere / "facts.inspect.json").read_text())["facts"]["tables"]["sources"]["count"] == 2


def test_a_partial_inspect_file_is_not_trusted(built):
    target = serving.beside(built)
    target.write_text('{"facts": {"hash": "')  # what a killed writer left
    data = load_inspect(built)
    assert data["facts"]["tables"]["sources"]["count"] == 2
    assert json.loads(target.read_text()) == data  # written again, whole


def test_a_read_only_directory_serves(built, tmp_path):
    """chmod 0o555, as the issue tried (root writes there anyway: the tests above fail the write
    in ways root meets too)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(built, folder / "facts.db")
    folder.chmod(0o555)
    try:
        assert load_inspect(folder / "facts.db")["facts"]["tables"]["sources"]["count"] == 2
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    finally:
        folder.chmod(0o755)


# 5. Malformed addresses, one-line errors, direction controls ------------------------------------

def test_malformed_numbers_sorts_and_paths_are_client_errors(built):
    site = Site(built)
    try:
        for path in ("/-/annotations.jsonld?page=%C2%B2", "/-/annotations.jsonld?page=" + "1" * 23,
                     "/facts/facts?_sort=garbage", "/facts/facts?_sort_desc=garbage", "/facts/facts?_timelimit=%C2%B2",
                     "/facts/sources/alpha-beta-call?part=" + "9" * 23):
            assert site.get(path).status_code == 400, path
        answer = site.get("/facts/facts.json?_sort=garbage")
        assert answer.json()["error"] == "Cannot sort table by garbage"
        assert site.raw("//facts")[0] == 404
        assert site.raw("//etc/passwd")[0] == 404
        assert site.get("/-/annotations.jsonld?page=0").status_code == 200
    finally:
        site.close()


def test_errors_are_logged_in_one_line_and_faults_with_a_traceback(built, capfd, monkeypatch):
    site = Site(built)
    try:
        capfd.readouterr()
        for path, status in (("/no-such-database", 404), ("/facts/facts?_sort=garbage", 400),
                             ("/facts/no_such_table", 404), ("/-/annotations.jsonld?page=%C2%B2", 400)):
            assert site.get(path).status_code == status
            err = capfd.readouterr().err
            assert err.count("\n") == 1 and err.startswith(f"diplofacts: {status} GET "), err
        assert site.raw("//facts")[0] == 404

        async def broken(*args, **kwargs):
            raise RuntimeError("a real fault")

        monkeypatch.setattr(datasette_diplofacts, "source_context", broken)
        capfd.readouterr()
        assert site.get("/facts/sources/alpha-beta-call").status_code == 500
        err = capfd.readouterr().err
        assert "diplofacts: 500 GET /facts/sources/alpha-beta-call: a real fault" in err
        assert "Traceback" in err and "RuntimeError: a real fault" in err
        assert len(err.splitlines()) < 60  # no local variables of every frame
    finally:
        site.close()


def test_direction_controls_in_quoted_and_curated_text_are_isolated(big):
    site, _, _ = big
    fact = site.get("/facts/statements/alpha-will-not-move").text
    # the excerpt in a <strong> of blockquote.excerpt, isolated by the stylesheet (a block ends
    # any embedding anyway); the source's text likewise; titles in <bdi> or isolated by the stylesheet
    assert f"<strong>Alpha said: {RLO}we will not move</strong> and left." in fact
    css = (Path(datasette_diplofacts.__file__).parent / "static" / "diplofacts.css").read_text()
    rule = re.search(r"([^}]*)\{ unicode-bidi: isolate; \}", css).group(1)
    for selector in ("blockquote.excerpt strong", ".diplofacts-title", ".card-title a", ".diplofacts-record li > a",
                     ".diplofacts-gaps li", "bdi"):
        assert selector in rule
    source = site.get("/facts/sources/rtl-report").text
    assert "<dd><bdi>Report reversed</bdi></dd>" in source
    assert RLO in source.split('<div class="source-text">')[1].split("</div>")[0]
    search = site.get("/-/search?q=reversed").text
    assert '<p class="card-title"><a href="/facts/sources/rtl-report' in search  # .card-title a: isolated


# The paged source page in Chromium, at a desktop's width and a phone's ---------------------------

@pytest.fixture(scope="module")
def big_server(big):
    _, info, db = big
    port = free_port()
    with running(serve_args(db, "127.0.0.1", port), port) as base:
        yield base, info




@pytest.mark.parametrize("width", [1280, 390])
def test_a_paged_source_in_a_browser(big_server, browser, width):
    base, info = big_server
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    with contextlib.closing(browser.new_context(viewport={"width": width, "height": 900})) as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # an excerpt's address without its part (as the annotations export gives it) reaches its part
        page.goto(f"{base}/facts/sources/alpha-beta-call#citation-{info['end']}")
        page.wait_for_url(re.compile(r"\?part=51#citation-"))
        page.wait_for_selector("mark.landed")
        assert page.locator("mark.landed").inner_text() == END.strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"hostile-source-last-part-{width}.png"))
        page.goto(f"{base}/facts/sources/alpha-beta-call?part=2")
        assert page.locator(".diplofacts-parts").first.is_visible()
        page.locator(".diplofacts-parts").first.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"hostile-source-part-2-{width}.png"))
        page.goto(f"{base}/facts/statements/alpha-will-not-move")
        assert page.evaluate("getComputedStyle(document.querySelector('blockquote.excerpt strong')).unicodeBidi") == "isolate"
        # the words after the excerpt are read left to right, after it: the override stops at its end
        after, excerpt = page.evaluate("""() => {
            const strong = document.querySelector('blockquote.excerpt strong'), range = document.createRange();
            range.selectNodeContents(strong.nextSibling);
            return [range.getClientRects()[0].left, strong.getBoundingClientRect().right];
        }""")
        assert after >= excerpt - 1, (after, excerpt)
        page.screenshot(path=str(artifacts / f"hostile-rtl-excerpt-{width}.png"))
        assert not errors, errors

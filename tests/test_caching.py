"""A site that changes only when it is rebuilt tells caches so: every page and export of an
immutable database carries an ETag made from the database and the address, and Cache-Control
with a shared-cache lifetime; a conditional request answers 304 without rendering; a new build
changes the validators; a database opened writable gets neither."""
import asyncio
import shutil

import pytest
from datasette.app import Datasette

from diplofacts.site import SETTINGS

from .conftest import rows

PATHS = ("/", "/facts/meetings/alpha-beta-call-2021-06-07", "/facts/meetings", "/-/search?q=ready", "/-/facts.atom",
         "/-/meetings.ics", "/datapackage.json", "/facts/facts.json")


class Client:
    def __init__(self, db, immutable=True):
        self.loop = asyncio.new_event_loop()
        self.ds = Datasette(immutables=[str(db)] if immutable else [], files=[] if immutable else [str(db)],
                            settings=SETTINGS)
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path, **headers):
        return self.loop.run_until_complete(self.ds.client.get(path, headers=headers))

    def close(self):
        self.loop.close()


@pytest.fixture
def client(built):
    c = Client(built)
    yield c
    c.close()


def test_every_page_carries_validators_and_a_shared_cache_lifetime(client, monkeypatch):
    monkeypatch.delenv("DIPLOFACTS_CACHE_SECONDS", raising=False)
    etags = set()
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "public, max-age=60, s-maxage=300", path
        etag = response.headers["etag"]
        assert etag.startswith('W/"') and etag not in etags, path  # one per address
        etags.add(etag)
        again = client.get(path, **{"if-none-match": etag})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag), path
        assert client.get(path, **{"if-none-match": 'W/"something-else"'}).status_code == 200


def test_the_lifetimes_are_a_setting(client, monkeypatch):
    monkeypatch.setenv("DIPLOFACTS_CACHE_SECONDS", "5,30")
    assert client.get("/").headers["cache-control"] == "public, max-age=5, s-maxage=30"


def test_errors_and_typed_sql_are_not_cached(client):
    missing = client.get("/facts/meetings/no-such-meeting")
    assert missing.status_code == 404 and "etag" not in missing.headers
    typed = client.get("/facts?sql=select+1")
    assert typed.status_code == 200 and "etag" not in typed.headers


def test_a_new_build_changes_the_validators(built, tmp_path):
    first = Client(built)
    before = first.get("/facts/meetings").headers["etag"]
    first.close()
    rebuilt = tmp_path / "rebuilt" / "facts.db"
    rebuilt.parent.mkdir()
    shutil.copy(built, rebuilt)
    import sqlite3
    conn = sqlite3.connect(rebuilt)
    conn.execute("UPDATE meetings SET summary = 'Alpha phoned Beta.'")
    conn.commit()
    conn.close()
    second = Client(rebuilt)
    after = second.get("/facts/meetings")
    second.close()
    assert after.headers["etag"] != before and "Alpha phoned Beta." in after.text


def test_a_writable_database_gets_no_validators(built):
    c = Client(built, immutable=False)
    try:
        response = c.get("/facts/meetings")
        assert response.status_code == 200 and "etag" not in response.headers
    finally:
        c.close()
    assert rows(built, "SELECT count(*) FROM meetings")  # still a database


def test_the_database_is_offered_for_download_only_where_it_is_served(built):
    for immutable, offered in ((True, True), (False, False)):
        c = Client(built, immutable=immutable)
        try:
            import json
            names = [r["name"] for r in json.loads(c.get("/datapackage.json").text)["resources"]]
            assert ("facts-db" in names) == offered
            assert (c.get("/facts.db").status_code == 200) == offered
            assert ('href="http://localhost/facts.db"' in c.get("/-/downloads").text) == offered
        finally:
            c.close()


def test_a_rebuilt_file_is_not_served_or_described_until_the_server_restarts(built, tmp_path):
    import hashlib
    import json
    import os
    served = tmp_path / "served" / "facts.db"
    served.parent.mkdir()
    shutil.copy(built, served)
    opened = hashlib.sha256(served.read_bytes()).hexdigest()
    c = Client(served)
    try:
        def package_hash():
            return next(r["hash"] for r in json.loads(c.get("/datapackage.json").text)["resources"] if r["name"] == "facts-db")
        assert package_hash() == f"sha256:{opened}" and c.get("/facts.db").status_code == 200
        import sqlite3
        rebuilt = tmp_path / "next.db"
        shutil.copy(built, rebuilt)
        conn = sqlite3.connect(rebuilt)
        conn.execute("UPDATE meetings SET summary = 'Alpha phoned Beta.'")
        conn.commit()
        conn.close()
        os.replace(rebuilt, served)  # a new build swapped in while the server runs
        download = c.get("/facts.db")
        assert download.status_code == 503 and "restarted" in download.text
        assert package_hash() == f"sha256:{opened}"  # it still describes what it serves
        assert "Alpha called Beta." in c.get("/facts/meetings/alpha-beta-call-2021-06-07").text
    finally:
        c.close()
    again = Client(served)  # restarted: the new build, described and downloadable
    try:
        assert again.get("/facts.db").status_code == 200
        assert "Alpha phoned Beta." in again.get("/facts/meetings/alpha-beta-call-2021-06-07").text
    finally:
        again.close()

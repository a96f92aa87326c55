"""How responses travel: static files cached for a year (their addresses change when they
do), and text compressed for clients that accept gzip; SQL typed by a reader kept to its share
of the server; malformed page numbers refused; errors logged in one line. An ASGI wrapper
around the whole site, and the site's ``handle_exception`` hook."""
from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import re
import sys
import time
from urllib.parse import parse_qsl, urlencode

from datasette.utils.asgi import Base400, Response

from .compat import new_request, quiet_datasette_tracebacks, reset_request, state
from .served import REBUILT, rebuilt

STATIC_PREFIXES = ("/-/static/", "/-/static-plugins/")
LONG_CACHE = b"public, max-age=31536000, immutable"
COMPRESSIBLE = (b"text/html", b"text/css", b"application/javascript", b"text/javascript", b"application/json",
                b"image/svg+xml", b"text/plain")
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(js|css|map)$")  # a name that changes with the content
MIN_SIZE = 1024  # smaller bodies gain nothing
MAX_BUFFER = 16 * 1024 * 1024  # bodies are buffered to compress them; larger ones pass as they are


# SQL typed by a reader (``?sql=``, or a table's ``?_where=``) shares Datasette's few SQL threads
# with every page. So it runs under a shorter time limit than the site's own queries, and at most
# SQL_SLOTS such requests run at once in a process: past that, the reader is told to try again
# (503), and the pages keep the other threads. A public deploy may also turn it off altogether
# (``facts serve --no-sql``, FACTS_SQL=off for the ASGI app: diplofacts/site.py).
SQL_SLOTS = 1
SQL_TIME_LIMIT_MS = 1000
TYPED_SQL = ("sql", "_where")
BUSY = ("The site runs {slots} query typed by a reader at a time, and one is running now. Try again in a few "
        "seconds; the site's pages and its preset queries are not affected.")
# Query parameters that must be a plain number: anything else (a superscript digit, 23 digits)
# is a bad request, not a server error.
NUMBERS = {"page": 9, "part": 9, "_timelimit": 9}



class _Slots:
    """Requests of typed SQL in flight, in this process (the event loop is single-threaded).
    Refusals are logged at most once a second, with how many there were: a client looping on
    refusals must not fill the log instead."""

    def __init__(self, size: int):
        self.size, self.used = size, 0
        self.refused, self.logged = 0, 0.0

    def take(self, method: str, path: str) -> bool:
        if self.used < self.size:
            self.used += 1
            return True
        self.refused += 1
        now = time.monotonic()
        if now - self.logged >= 1:
            _log(503, method, path, f"typed SQL refused, every slot busy ({self.refused} refused in the last second or more)")
            self.refused, self.logged = 0, now
        return False

    def give(self) -> None:
        self.used -= 1


def typed_sql(params: list[tuple[str, str]]) -> bool:
    return any(k in TYPED_SQL and v.strip() for k, v in params)


def limited(params: list[tuple[str, str]], limit_ms: int) -> bytes:
    """The query string with ``_timelimit`` at most ``limit_ms``."""
    kept = [(k, v) for k, v in params if k != "_timelimit"]
    asked = [int(v) for k, v in params if k == "_timelimit" and v.isascii() and v.isdigit() and 0 < int(v) < limit_ms]
    return urlencode([*kept, ("_timelimit", str(min(asked, default=limit_ms)))]).encode()


def bad_number(params: list[tuple[str, str]]) -> str | None:
    for k, v in params:
        if k in NUMBERS and v != "" and not (v.isascii() and v.isdigit() and len(v) <= NUMBERS[k]):
            return f"{k} must be a whole number of at most {NUMBERS[k]} digits"
    return None


async def _plain(send, status: int, text: str, json_body: bool, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = (json.dumps({"ok": False, "error": text, "status": status}) if json_body else text + "\n").encode()
    kind = b"application/json; charset=utf-8" if json_body else b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *headers]})
    await send({"type": "http.response.body", "body": body})


# Every page and export of a served immutable database is the same until the database is
# rebuilt: it carries an ETag made from the database's hash and its address, and Cache-Control
# letting browsers keep it CACHE_SECONDS[0] and shared caches (a CDN, deploy/nginx.conf)
# CACHE_SECONDS[1] before they revalidate; a request whose If-None-Match holds its ETag is
# answered 304 without rendering anything. A database opened writable gets neither.
CACHE_ENV = "DIPLOFACTS_CACHE_SECONDS"  # "browser,shared", e.g. "60,300"
CACHE_SECONDS = (60, 300)


def cache_seconds() -> tuple[int, int]:
    value = os.environ.get(CACHE_ENV, "")
    parts = value.split(",")
    if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
        return int(parts[0]), int(parts[1])
    return CACHE_SECONDS


class Validators:
    """The version of what this site serves (its fact databases' hashes), found once."""

    def __init__(self, datasette):
        self.datasette, self.found, self.value = datasette, False, None

    async def version(self) -> str | None:
        if not self.found and self.datasette is not None and state(self.datasette).databases:
            dbs = [self.datasette.databases[n] for n in state(self.datasette).databases if n in self.datasette.databases]
            if dbs and not any(db.is_mutable or db.is_memory for db in dbs):
                hashes = await asyncio.to_thread(lambda: [str(db.hash) for db in dbs])  # from the inspect file
                self.value = hashlib.sha256("\x1f".join(hashes).encode()).hexdigest()[:16]
            self.found = True
        return self.value

    @staticmethod
    def etag(version: str, scope) -> bytes:
        address = scope.get("path", "") + "?" + scope.get("query_string", b"").decode("latin-1")
        return b'W/"' + (version + hashlib.sha256(address.encode()).hexdigest()[:16]).encode() + b'"'


def _matches(scope, etag: bytes) -> bool:
    asked = b",".join(v for k, v in scope.get("headers", []) if k.lower() == b"if-none-match")
    return bool(asked) and (asked.strip() == b"*" or etag in [t.strip() for t in asked.split(b",")])


def wrap(app, datasette=None, slots: int = SQL_SLOTS, sql_time_limit_ms: int = SQL_TIME_LIMIT_MS):
    quiet_datasette_tracebacks()
    typed = _Slots(slots)
    validators = Validators(datasette)

    async def delivered(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith("//"):  # not an address of this site (Datasette would answer 500)
            await _plain(send, 404, "Not found", False)
            return
        params = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        wants_json = path.split("?")[0].endswith(".json")
        problem = bad_number(params)
        if problem:
            _log(400, scope.get("method", "GET"), path, problem)
            await _plain(send, 400, problem, wants_json)
            return
        token = new_request()  # one copy of the site's metadata for this request
        try:
            await _answer(scope, receive, send, path, params, wants_json)
        finally:
            reset_request(token)

    async def _answer(scope, receive, send, path, params, wants_json):
        if typed_sql(params):
            if not typed.take(scope.get("method", "GET"), path):
                await _plain(send, 503, BUSY.format(slots=slots), wants_json, ((b"retry-after", b"5"),))
                return
            try:
                await _delivered({**scope, "query_string": limited(params, sql_time_limit_ms)}, receive, send)
            finally:
                typed.give()
            return
        if datasette is not None and any(path.endswith(f"/{name}.db") and rebuilt(datasette, name)
                                         for name in state(datasette).databases):
            await _plain(send, 503, REBUILT, wants_json, ((b"retry-after", b"60"),))
            return
        cacheable = scope.get("method") in ("GET", "HEAD") and not path.startswith(STATIC_PREFIXES)
        version = await validators.version() if cacheable else None
        if version is None:
            await _delivered(scope, receive, send)
            return
        etag = Validators.etag(version, scope)
        browser, shared = cache_seconds()
        control = f"public, max-age={browser}, s-maxage={shared}".encode()
        if _matches(scope, etag):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", control), (b"vary", b"Accept-Encoding")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await _delivered(scope, receive, send, ((b"etag", etag), (b"cache-control", control)))

    async def _delivered(scope, receive, send, validated: tuple = ()):
        path = scope.get("path", "")
        # versioned: the address changes when the file does (?v=…, or a hash in the name)
        versioned = path.startswith(STATIC_PREFIXES) and (bool(scope.get("query_string")) or bool(_HASHED.search(path)))
        accepts = any(k == b"accept-encoding" and b"gzip" in v for k, v in scope.get("headers", []))
        start: dict | None = None
        body: list[bytes] = []
        size = 0
        passing = False

        async def sending(message):
            nonlocal start, size, passing
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                if versioned and message["status"] == 200:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"] + [(b"cache-control", LONG_CACHE)]
                elif validated and message["status"] == 200:
                    replaced = {k for k, _ in validated}
                    headers = [(k, v) for k, v in headers if k.lower() not in replaced] + list(validated)
                message = {**message, "headers": headers}
                kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
                if not accepts or encoded or not kind.startswith(COMPRESSIBLE):
                    passing = True
                    await send(message)
                    return
                start = message
                return
            if passing:
                await send(message)
                return
            body.append(message.get("body", b""))
            size += len(body[-1])
            if size > MAX_BUFFER:  # too big to hold: send what is held as it is, then the rest
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(body), "more_body": True})
                return
            if not message.get("more_body") and start is not None:
                await _finish(send, start, b"".join(body))

        await app(scope, receive, sending)

    return delivered


async def _finish(send, start: dict, data: bytes) -> None:
    headers = [(k, v) for k, v in start["headers"] if k.lower() not in (b"content-length", b"vary")]
    vary = [v for k, v in start["headers"] if k.lower() == b"vary"]
    if len(data) >= MIN_SIZE:
        data = gzip.compress(data, compresslevel=6, mtime=0)
        headers.append((b"content-encoding", b"gzip"))
    headers.append((b"content-length", str(len(data)).encode()))
    headers.append((b"vary", b", ".join([*vary, b"Accept-Encoding"]) if vary else b"Accept-Encoding"))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": data})


# Errors: one line each on standard error (status, method, path, message); a traceback only for
# a real fault of the server (a 500 that is not one of Datasette's own errors, printed by
# Datasette's handler). Datasette 0.65 prints every error, a 404 included, with ``rich`` and the
# local variables of every frame (hundreds of lines): that printing is turned off
# (``compat.quiet_datasette_tracebacks``).
def _log(status: int, method: str, path: str, message: object) -> None:
    line = " ".join(str(message).split())[:300]
    sys.stderr.write(f"diplofacts: {status} {method} {path}: {line}\n")


def _datasette_error(exception: Exception) -> bool:
    """One of Datasette's own errors (its ``DatasetteError``: a message and a status)."""
    return type(exception).__name__ == "DatasetteError" and isinstance(getattr(exception, "status", None), int)


def status_of(exception: Exception) -> int:
    if isinstance(exception, Base400):
        return exception.status
    if _datasette_error(exception):
        status: int = exception.status  # type: ignore[attr-defined]
        if status == 500 and str(getattr(exception, "message", "")).startswith("Cannot sort table by"):
            return 400  # ?_sort= naming no column: the request is wrong, not the server
        return status
    return 500


def handle_exception(datasette, request, exception):
    """The site's answer to an error (the plugin's ``handle_exception`` hook): logged in one
    line; Datasette's own errors that are the request's fault answered with their true status."""
    status = status_of(exception)
    _log(status, request.method, request.path, exception)
    if not (_datasette_error(exception) and status != getattr(exception, "status", None)):
        return None  # Datasette's own page, with its status

    async def page():
        message = str(getattr(exception, "message", exception))
        if request.path.split("?")[0].endswith(".json"):
            return Response.json({"ok": False, "error": message, "status": status, "title": None}, status=status)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        return Response.html(await template.render_async({
            "ok": False, "error": message, "status": status, "title": None, "urls": datasette.urls,
            "app_css_hash": datasette.app_css_hash(), "menu_links": lambda: []}), status=status)

    return page

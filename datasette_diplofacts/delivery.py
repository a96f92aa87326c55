"""How responses travel: static files cached for a year (their addresses change when they
do), and text compressed for clients that accept gzip. An ASGI wrapper around the whole site."""
from __future__ import annotations

import gzip
import re

STATIC_PREFIXES = ("/-/static/", "/-/static-plugins/")
LONG_CACHE = b"public, max-age=31536000, immutable"
COMPRESSIBLE = (b"text/html", b"text/css", b"application/javascript", b"text/javascript", b"application/json",
                b"image/svg+xml", b"text/plain")
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(js|css|map)$")  # a name that changes with the content
MIN_SIZE = 1024  # smaller bodies gain nothing
MAX_BUFFER = 16 * 1024 * 1024  # bodies are buffered to compress them; larger ones pass as they are


def wrap(app):
    async def delivered(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
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

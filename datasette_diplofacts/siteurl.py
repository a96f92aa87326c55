"""The site's one canonical address, from which every identifier meant to last is made: feed
entry ids, calendar UIDs, annotation ids, PLOVER links, permalinks and "Cite this", the
sitemap. Set it where the site is published, as the public origin (``https://facts.example.org``;
a ``base_url`` prefix is added to paths as usual), in the plugin's configuration
(``plugins: diplofacts: site_url:`` in the metadata) or in the environment
(``DIPLOFACTS_SITE_URL``, which ``facts serve --site-url``, the ASGI app and the container
read). Without it, addresses follow the request (its Host header), so a site reached under
two names gives two identifiers for one fact: the site works, and says so once at startup."""
from __future__ import annotations

import logging
import os
import re
from urllib.parse import urlsplit

from datasette.utils import tilde_encode

ENV = "DIPLOFACTS_SITE_URL"
log = logging.getLogger("diplofacts")


def site_url(datasette) -> str | None:
    """The configured public origin, without a trailing slash; None where none is set."""
    configured = (datasette.plugin_config("diplofacts") or {}).get("site_url") or os.environ.get(ENV, "")
    value = str(configured).strip().rstrip("/")
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise ValueError(f"site_url {value!r}: give the public origin, such as https://facts.example.org")
    return value


def absolute(datasette, request, path: str) -> str:
    """``path`` (from ``datasette.urls``: base_url included) as a lasting address: on the
    canonical origin where one is set, else as the request reached the site."""
    origin = site_url(datasette)
    if origin:
        return origin + path
    return datasette.absolute_url(request, path) if request is not None else path


def absolutes(datasette, request):
    """``absolute`` for many paths of one request: the origin found once (the plugin's
    configuration is read once, not once a path). Where no site_url is set, a plain path
    (``/``, then no ``.`` segment, ``?`` or ``#``) is joined to the request's origin as
    ``urljoin`` would join it; any other goes through ``datasette.absolute_url``."""
    origin = site_url(datasette)
    if origin:
        return lambda path: origin + path
    if request is None:
        return lambda path: path
    root = datasette.absolute_url(request, "/")

    def join(path: str) -> str:
        if path.startswith("/") and not path.startswith("//") and not _DOTTED.search(path) and not _SPECIAL.search(path):
            return root + path[1:]
        return datasette.absolute_url(request, path)

    return join


_DOTTED = re.compile(r"/\.\.?(?:/|$)")  # a "." or ".." segment, which urljoin resolves
_SPECIAL = re.compile(r"[?#;\\\s]")


def warn_if_unset(datasette) -> None:
    """Say once, at startup, that identifiers follow the request while no address is set."""
    if site_url(datasette) is None:
        log.warning("diplofacts: no site_url set: feed ids, calendar UIDs, annotation ids and permalinks follow each "
                    "request's Host header, so they are not stable; set plugins.diplofacts.site_url or %s", ENV)


def row_url(datasette, database: str, table: str, pk: str) -> str:
    """The address of a row's page (a fact's permalink), from the site's root."""
    return datasette.urls.table(database, table) + "/" + tilde_encode(pk)

"""deploy/nginx.conf in front of `facts serve`, for real: a repeated request is a cache hit,
a conditional request is answered 304, and once a rebuilt database is swapped in (and the site
restarted), the new content is served as soon as the shared-cache lifetime has passed (the
first request after it may still get the old page, while nginx fetches the new one)."""
import os
import shutil
import subprocess
import time
import urllib.request

import pytest

from diplofacts.loaders import build

from .conftest import FIXTURE_SEEDS, ROOT
from .servers import free_port, running_process

pytestmark = pytest.mark.slow
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PAGE = "/facts/meetings/alpha-beta-call-2021-06-07"


def fetch(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, ""


def proxy_config(folder, site_port: int, proxy_port: int) -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server 127.0.0.1:8001;" in conf and "listen 127.0.0.1:8080;" in conf
    conf = conf.replace("server 127.0.0.1:8001;", f"server 127.0.0.1:{site_port};")
    conf = conf.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{proxy_port};")
    conf = "user root;\n" + conf if os.geteuid() == 0 else conf  # the test runs as whoever runs it
    (folder / "tmp").mkdir(parents=True)
    (folder / "nginx.conf").write_text(conf)


@pytest.fixture
def seeds_copy(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    return seeds


def test_nginx_caches_revalidates_and_serves_a_rebuild(tmp_path, seeds_copy):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed: `make test` installs it (Debian's nginx)")
    site = tmp_path / "site"
    site.mkdir()
    build(seeds_copy, site / "facts.db")
    site_port, proxy_port = free_port(), free_port()
    proxy = tmp_path / "proxy"
    proxy_config(proxy, site_port, proxy_port)
    env = {**os.environ, "DIPLOFACTS_CACHE_SECONDS": "0,2"}
    serve = [str(ROOT / ".venv" / "bin" / "facts") if (ROOT / ".venv" / "bin" / "facts").exists() else "facts",
             "serve", str(site / "facts.db"), "-h", "127.0.0.1", "-p", str(site_port)]
    nginx = subprocess.Popen([NGINX, "-p", str(proxy), "-c", str(proxy / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{proxy_port}"
    try:
        with running_process(serve, site_port, env=env):
            statuses = [fetch(base + PAGE)[1].get("x-cache-status") for _ in range(3)]
            assert statuses[0] == "MISS" and statuses[1:] == ["HIT", "HIT"]
            status, headers, body = fetch(base + PAGE)
            assert "Alpha called Beta." in body
            etag = headers["etag"]
            assert fetch(base + PAGE, **{"If-None-Match": etag})[0] == 304
        # a rebuild, swapped in; the site restarted on the same address
        calls = seeds_copy / "facts" / "calls.yaml"
        calls.write_text(calls.read_text().replace("summary: Alpha called Beta.", "summary: Alpha telephoned Beta."))
        build(seeds_copy, tmp_path / "next.db")
        os.replace(tmp_path / "next.db", site / "facts.db")
        with running_process(serve, site_port, env=env):
            time.sleep(2.5)  # past the shared-cache lifetime
            # the first request after it may get the old page while nginx fetches the new one
            # in the background (proxy_cache_background_update): the new one follows at once
            for _ in range(20):
                status, headers, body = fetch(base + PAGE)
                if "Alpha telephoned Beta." in body:
                    break
                assert headers.get("x-cache-status") in ("UPDATING", "STALE"), headers
                time.sleep(0.2)
            assert status == 200 and "Alpha telephoned Beta." in body
            assert headers["etag"] != etag
            assert fetch(base + PAGE)[1].get("x-cache-status") == "HIT"
    finally:
        nginx.terminate()
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()

"""The site through its caching proxy (deploy/nginx.conf) against the site alone, side by side
in one run: wrk, 16 connections for 60 s on five pages in turn (home, a fact, a source, an
entity, search), counting requests per second, errors and the site's memory before and after.

    .venv/bin/python benchmarks/proxy_bench.py [--db facts.db] [--seconds 60] [--connections 16]

Needs nginx and wrk (Debian packages: `make proxy wrk`). Prints the figures as it measures."""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diplofacts.site import serve_args  # noqa: E402
from tests.servers import free_port, running_process  # noqa: E402

ROTATE = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def page_paths(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        meeting = conn.execute("SELECT id FROM meetings ORDER BY rowid LIMIT 1").fetchone()[0]
        source = conn.execute("SELECT id FROM sources ORDER BY rowid LIMIT 1").fetchone()[0]
        entity = conn.execute("SELECT entity_id FROM meeting_participants ORDER BY rowid LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    return ["/", f"/facts/meetings/{meeting}", f"/facts/sources/{source}", f"/facts/entities/{entity}", "/-/search?q=talks"]


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (the server's workers), in KB."""
    total = 0
    for p in [pid, *(int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split())]:
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{p}/status").read_text()).group(1))
        except (OSError, AttributeError):
            pass
    return total


def wrk(base: str, paths: list[str], connections: int, seconds: int, script: Path) -> dict:
    script.write_text(ROTATE % ", ".join(f'"{p}"' for p in paths))
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script), base],
                         capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "errors": (int(errors.group(1)) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=ROOT / "facts.db")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    for tool in (nginx, "wrk"):
        if not shutil.which(tool) and not os.path.exists(tool):
            raise SystemExit(f"{tool} is needed: make proxy wrk")
    with tempfile.TemporaryDirectory(prefix="proxy-bench-") as scratch:
        work = Path(scratch)
        db = work / "facts.db"
        shutil.copy(args.db, db)
        paths = page_paths(db)
        site_port, proxy_port = free_port(), free_port()
        conf = (ROOT / "deploy" / "nginx.conf").read_text()
        conf = conf.replace("server 127.0.0.1:8001;", f"server 127.0.0.1:{site_port};")
        conf = conf.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{proxy_port};")
        if os.geteuid() == 0:
            conf = "user root;\n" + conf
        (work / "proxy" / "tmp").mkdir(parents=True)
        (work / "proxy" / "nginx.conf").write_text(conf)
        print(f"{args.connections} connections, {args.seconds} s each, pages: {', '.join(paths)}", flush=True)
        with running_process(serve_args(db, "127.0.0.1", site_port), site_port) as (base, server):
            proxy = subprocess.Popen([nginx, "-p", str(work / "proxy"), "-c", str(work / "proxy" / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                before = rss_kb(server.pid)
                direct = wrk(base, paths, args.connections, args.seconds, work / "rotate.lua")
                after_direct = rss_kb(server.pid)
                print(f"direct:  {direct['rps']:8.1f} req/s, {direct['errors']} errors; site memory {before} -> {after_direct} KB",
                      flush=True)
                proxied = wrk(f"http://127.0.0.1:{proxy_port}", paths, args.connections, args.seconds, work / "rotate.lua")
                after_proxy = rss_kb(server.pid)
                print(f"proxied: {proxied['rps']:8.1f} req/s, {proxied['errors']} errors; site memory {after_direct} -> "
                      f"{after_proxy} KB", flush=True)
                print(f"ratio proxied/direct: {proxied['rps'] / direct['rps']:.1f}x", flush=True)
            finally:
                proxy.terminate()
                proxy.wait(timeout=10)


if __name__ == "__main__":
    main()

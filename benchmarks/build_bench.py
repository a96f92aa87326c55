"""The build, end to end through the `facts` CLI, beside the raw limit: the same final rows
written with plain sqlite3 executemany in one transaction, plus the same indexes and FTS."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FACT_TABLES = ("meetings", "statements", "agreements", "quotes")


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """Run a command in its own process: (wall seconds, its peak RSS in MB, its stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{command[:2]} failed: {err.read()[-2000:]}")
        return wall, usage.ru_maxrss / 1024, out.read()


def cli_build(facts_cli: str, seeds: Path, db: Path, jobs: int) -> dict:
    """`facts build` end to end: wall time, peak RSS and its own split of time by stage."""
    wall, rss, out = run_measured([facts_cli, "build", "--full", "--seeds", str(seeds), "--db", str(db), "--timings",
                                   "-j", str(jobs)])
    timings = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", out.split("Timings:", 1)[1])}
    return {"seconds": wall, "rss_mb": rss, "timings": timings}


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' AND name != 'sqlite_stat1'")]
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
    finally:
        conn.close()


def yaml_baseline(seeds: Path) -> dict:
    """The plain streaming baseline for YAML, in its own process: every fact file under
    ``seeds/facts/`` parsed one after another with PyYAML's C loader, keeping only a count.
    ``seconds`` is the parse loop timed inside that process (not the interpreter's start);
    ``rss_mb`` is the process's peak RSS."""
    _, rss, out = run_measured([sys.executable, __file__, "--yaml-baseline", str(seeds)])
    result = json.loads(out)
    return {**result, "facts_per_s": result["facts"] / result["seconds"], "rss_mb": rss}


def _yaml_baseline(seeds: Path) -> dict:
    import yaml

    files = sorted(p for p in (seeds / "facts").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    facts = 0
    began = time.perf_counter()
    for path in files:
        with path.open("rb") as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        facts += sum(len(v) for v in (data or {}).values() if isinstance(v, list))
        del data
    return {"seconds": time.perf_counter() - began, "facts": facts, "files": len(files)}


def raw_limit(built: Path, target: Path) -> dict:
    """The raw limit, in its own process: its memory must not inflate the next measurements."""
    out = subprocess.run([sys.executable, __file__, str(built), str(target)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _raw_limit(built: Path, target: Path) -> dict:
    """Copy every row of the built database into a fresh file the fastest plain way."""
    src = sqlite3.connect(built)
    schema = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE '%_fts_%' ORDER BY rowid").fetchall()
    tables = [(n, s) for t, n, s in schema if t == "table" and not n.endswith("_fts")]
    data = {n: src.execute(f"SELECT * FROM [{n}]").fetchall() for n, _ in tables}
    src.close()
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = MEMORY")
    conn.execute("PRAGMA synchronous = OFF")
    for _, sql in tables:
        conn.execute(sql)
    rows = sum(len(v) for v in data.values())
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    for name, values in data.items():
        if values:
            conn.executemany(f"INSERT INTO [{name}] VALUES ({', '.join('?' * len(values[0]))})", values)
    conn.execute("COMMIT")
    t1 = time.perf_counter()
    for t, _name, sql in schema:
        if t in ("index", "view"):
            conn.execute(sql)
    t2 = time.perf_counter()
    for t, name, sql in schema:
        if t == "table" and name.endswith("_fts"):
            conn.execute(sql)
            base = name[:-4]
            columns = re.findall(r'"(\w+)"', sql.split("(", 1)[1].split("tokenize")[0])
            cols = ", ".join(f"[{c}]" for c in columns)
            conn.execute(f"INSERT INTO [{name}] (rowid, {cols}) SELECT rowid, {cols} FROM [{base}]")
    conn.execute("ANALYZE")
    t3 = time.perf_counter()
    conn.close()
    facts = sum(len(data.get(t, [])) for t in FACT_TABLES)
    return {"rows": rows, "facts": facts, "load": t1 - t0, "indexes": t2 - t1, "fts": t3 - t2,
            "seconds": t3 - t0, "rows_per_s": rows / (t1 - t0), "facts_per_s": facts / (t3 - t0)}


if __name__ == "__main__":
    if sys.argv[1] == "--yaml-baseline":
        print(json.dumps(_yaml_baseline(Path(sys.argv[2]))))
    else:
        print(json.dumps(_raw_limit(Path(sys.argv[1]), Path(sys.argv[2]))))

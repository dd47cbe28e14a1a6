#!/usr/bin/env python3
"""Search against the anchor: Pagefind indexing the same built hub that bench/search_bench.py measured.

Pagefind (https://pagefind.app, from the `pagefind-bin` package on PyPI, which ships its binary) is the
static search most static-site generators point to. This script indexes a copy of an already built hub
with it, the same pages our own index covers (briefings, themes, free pages), and reports beside our
figures from search_bench.py's JSON:

  - indexing time (Pagefind's whole run; ours is part of the build, so its share is given as the
    build's time with and without search, when search_bench measured it, else left out);
  - the number and size of index files;
  - the bytes a first query downloads, fresh cache, for the same queries, in headless Chromium: for
    Pagefind its index files, its WebAssembly and the fragments of the first five results (what its own
    UI loads first), and separately its script; for us, the search/data/ files (the script and page
    are counted apart in search_bench.py too).

Appends a section to bench/results.md (or --results). Standard library plus selenium.

    python3 bench/pagefind_bench.py --site .build/search-bench/site4000 --ours bench/.corpus/search.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "site"))
sys.path.insert(0, str(REPO / "bench"))

# The pages our own index covers: briefings, themes and the free pages at the top of the site.
GLOB = "{briefings/*/index.html,themes/*/index.html,*/index.html}"
FIRST_RESULTS = 5
# How long one Pagefind query may take in the browser before it is reported as not answered. On this
# 2-core machine some of the benchmark's queries took over a minute (a prefix like "F2" matches most
# pages' words); waiting for each would make make bench far longer, and the report says which did not finish.
QUERY_TIMEOUT_SECONDS = 90

PROBE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind probe</title></head>
<body><p>Pagefind probe page for bench/pagefind_bench.py</p></body></html>
"""

# Runs one query the way Pagefind's own UI starts: search, then the data of the first results.
QUERY = """
const [query, first, done] = arguments;
// Pagefind fetches from a Web Worker when it can, whose fetches the page's resource timing does not
// see; without one it fetches the same files from the page.
window.Worker = undefined;
(async () => {
  const pagefind = await import('./pagefind/pagefind.js');
  await pagefind.options({});
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, first).map(r => r.data()));
  done({results: search.results.length, loaded: data.length});
})().catch(e => done({error: String(e)}));
"""

RESOURCES = """
return performance.getEntriesByType('resource').map(e => ({name: e.name, transfer: e.transferSize,
  body: e.encodedBodySize}));
"""


def ensure_pagefind() -> list[str]:
    """The command that runs Pagefind, installing `pagefind-bin` from PyPI when it is missing."""
    probe = [sys.executable, "-m", "pagefind_bin", "--version"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        print("Installing pagefind-bin from PyPI")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pagefind-bin"], check=True,
                       env={**os.environ, "PIP_ROOT_USER_ACTION": "ignore", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    return [sys.executable, "-m", "pagefind_bin"]


def copy_site(site: Path, into: Path) -> Path:
    """A copy of the site to index (hard links: Pagefind only adds its own folder)."""
    target = into / "site"
    shutil.copytree(site, target, copy_function=os.link)
    (target / "pagefind-probe.html").write_text(PROBE_PAGE)
    return target


def index(pagefind: list[str], site: Path) -> dict:
    started = time.monotonic()
    run = subprocess.run(pagefind + ["--site", str(site), "--glob", GLOB], capture_output=True, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        sys.exit(f"pagefind failed:\n{run.stdout}\n{run.stderr}")
    pages = next((line.split()[1] for line in run.stdout.splitlines() if line.strip().startswith("Indexed")
                  and line.strip().endswith("pages")), "?")
    files = [f for f in (site / "pagefind").rglob("*") if f.is_file()]
    index_files = [f for f in files if f.parent.name in ("index", "fragment") or f.suffix in (".pf_meta", ".json")]
    return {"seconds": round(seconds, 2), "pages": pages, "files": len(files), "bytes": sum(f.stat().st_size for f in files),
            "index_files": len(index_files), "index_bytes": sum(f.stat().st_size for f in index_files)}


def measure(site: Path, queries: list[str]) -> list[dict]:
    """Each query in a browser of its own: with no Worker, Pagefind's WebAssembly runs on the page's
    thread, and a query that does not finish blocks the browser, so the browser is stopped when its
    time is up (the query is reported as not answered) and the next query starts a new one."""
    import threading
    from conftest import StaticServer
    from search_bench import browser
    server = StaticServer(site)
    out = []
    try:
        for q in queries:
            driver = browser()
            driver.set_script_timeout(QUERY_TIMEOUT_SECONDS + 60)
            # Kill the driver and its browser when the query's time is up.
            # (chromedriver shares this script's process group, so the group is not signalled.)
            def stop(pid=driver.service.process.pid):
                subprocess.run(["pkill", "-KILL", "-P", str(pid)], check=False)
                subprocess.run(["kill", "-KILL", str(pid)], check=False, stderr=subprocess.DEVNULL)
            try:
                driver.execute_cdp_cmd("Network.clearBrowserCache", {})
                driver.get(f"{server.origin}/pagefind-probe.html")
                driver.execute_script("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();")
                timer = threading.Timer(QUERY_TIMEOUT_SECONDS, stop)
                started = time.monotonic()
                timer.start()
                try:
                    answer = driver.execute_async_script(QUERY, q, FIRST_RESULTS)
                except Exception:
                    answer = {"results": None}
                timer.cancel()
                seconds = time.monotonic() - started
                if "error" in answer:
                    sys.exit(f"Pagefind query {q!r} failed in the browser: {answer['error']}")
                if answer["results"] is None:
                    entries = []
                else:
                    entries = [e for e in driver.execute_script(RESOURCES) if "/pagefind/" in e["name"]]
                script = sum(e["transfer"] for e in entries if e["name"].endswith(".js"))
                data = sum(e["transfer"] for e in entries if not e["name"].endswith(".js"))
                out.append({"query": q, "results": answer["results"], "data_bytes": data, "script_bytes": script,
                            "files": len(entries), "seconds": round(seconds, 2)})
                print(f"  {q}: {answer['results']} results, {data:,} B, {seconds:.1f} s", flush=True)
            finally:
                try:
                    driver.quit()
                except Exception:
                    stop()
    finally:
        server.stop()
    return out


def ours_by_query(path: Path | None) -> tuple[dict, dict]:
    if not path or not path.is_file():
        return {}, {}
    ours = json.loads(path.read_text())
    return ours, {q["query"]: q for q in ours.get("queries", [])}


def report(result: dict, ours: dict, by_query: dict) -> str:
    pf = result["index"]
    lines = ["", "## Search against Pagefind", "",
             f"Written by `make bench` (bench/pagefind_bench.py) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
             f"{result['version'].replace('pagefind', 'Pagefind', 1)} indexed a copy of the same built {ours.get('briefings', '?')}-briefing hub "
             f"that bench/search_bench.py measured, the same pages (`--glob '{GLOB}'`: {pf['pages']} pages). "
             "First-query bytes are on the wire with a fresh cache in headless Chromium: for Pagefind its index, "
             f"WebAssembly and the fragments of the first {FIRST_RESULTS} results (its script apart); for Learning Hub "
             "the files of search/data/ (the page and search.js apart, as in search_bench.py).", ""]
    t = ours.get("index", {})
    our_files = sum(t.get(k, {}).get("files", 0) for k in ("t", "m", "f")) + 1
    our_bytes = sum(t.get(k, {}).get("bytes", 0) for k in ("t", "m", "f")) + ours.get("manifest_bytes", 0)
    lines += ["| | Learning Hub | Pagefind |", "|---|---:|---:|",
              f"| indexing time | part of the build ({ours.get('build_seconds', '?')} s for the whole build) | {pf['seconds']} s |",
              f"| index files | {our_files:,} | {pf['index_files']:,} (+{pf['files'] - pf['index_files']} script and UI files) |",
              f"| index bytes | {our_bytes:,} | {pf['index_bytes']:,} |", ""]
    lines += ["| query | our results | our first query B | our first query ms | Pagefind results | Pagefind first query B | "
              "Pagefind first query s | Pagefind script B |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    unanswered = [q for q in result["queries"] if q["results"] is None]
    for q in result["queries"]:
        o = by_query.get(q["query"], {})
        pf_results = "no answer" if q["results"] is None else f"{q['results']:,}"
        pf_seconds = f"over {QUERY_TIMEOUT_SECONDS}" if q["results"] is None else f"{q['seconds']:.1f}"
        ours_cells = (f"{o.get('results', '?'):,} | {o.get('first_query_bytes', 0):,} | {o.get('cold_ms', '?')}" if o else "? | ? | ?")
        lines.append(f"| {q['query']} | {ours_cells} | {pf_results} | {q['data_bytes']:,} | {pf_seconds} | {q['script_bytes']:,} |")
    answered = [q for q in result["queries"] if q["results"] is not None] or result["queries"]
    worst_pf = max(q["data_bytes"] for q in answered)
    worst_ours = max((o.get("first_query_bytes", 0) for o in by_query.values()), default=0)
    lines += ["", f"Largest first query: Learning Hub {worst_ours:,} B, Pagefind {worst_pf:,} B "
              "(Pagefind's results count words matched by stem and prefix differently from ours, so the result "
              "counts differ; the bytes are what a reader waits for). Times are from the query's start to its first "
              f"{FIRST_RESULTS} results' data, fresh cache, on loopback: ours is search_bench.py's cold query."
              + (f" {len(unanswered)} Pagefind queries gave no answer within {QUERY_TIMEOUT_SECONDS} s: the browser was "
                 "stopped then, and their bytes are not counted." if unanswered else ""), ""]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--site", required=True, help="a hub built by learning-hub (search_bench.py leaves one)")
    p.add_argument("--ours", help="search_bench.py's --json output for the same site")
    p.add_argument("--results", default=str(REPO / "bench" / "results.md"), help="append the section here")
    p.add_argument("--no-append", action="store_true", help="print the section only")
    args = p.parse_args()

    from search_bench import QUERIES
    pagefind = ensure_pagefind()
    version = subprocess.run(pagefind + ["--version"], capture_output=True, text=True).stdout.strip()
    ours, by_query = ours_by_query(Path(args.ours) if args.ours else None)
    queries = list(by_query) or QUERIES
    with tempfile.TemporaryDirectory(prefix="pagefind-bench-", dir=str(Path(args.site).resolve().parent)) as tmp:
        site = copy_site(Path(args.site).resolve(), Path(tmp))
        result = {"version": version, "index": index(pagefind, site)}
        result["queries"] = measure(site, queries)
    section = report(result, ours, by_query)
    print(section)
    if not args.no_append:
        with open(args.results, "a") as f:
            f.write(section)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Search benchmark: how much a first query downloads, and how fast queries answer, on a big hub.

Builds a hub of N briefings (default 4,000) with the learning-hub tool, serves it under a sub-path with
`python3 -m http.server`, and drives the search page in headless Chromium (selenium, as Tests/site does):

  - first query: a fresh browser cache, the search page loaded, the query typed; every byte fetched
    from search/data/ counted (the page, its CSS and search.js are counted separately);
  - typing: the same, one character at a time, as a reader types (results as you type);
  - query time: the query run again with everything cached (the time from the input event, after the
    typing pause, to the results on screen), and the ranking alone (scoring, intersecting, sorting).

The corpus comes from bench/gen_corpus.py (the benchmark corpus of `make bench`); without it, a small
built-in generator writes a comparable hub. Standard library plus selenium only. Prints a table and
writes the numbers as JSON (--json).

    python3 bench/search_bench.py                     # 4,000 briefings
    python3 bench/search_bench.py -n 500 --json out.json
    python3 bench/search_bench.py --site /tmp/site    # measure an already built site
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "site"))

QUERIES = ["graded care", "strat", "strategy meetings", "neglect", "child", "voice of the child", "F2",
           "escalation policy", "domestic abuse", "information sharing with GP", "safeguarding partnership",
           "supervision", "missed appointments", "fathers", "consistently"]
FIRST_QUERY_LIMIT = 300 * 1024
QUERY_TIME_LIMIT_MS = 50


# --------------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------------

def make_corpus(n: int, responses: int, out: Path) -> Path:
    """Content/ for n briefings: from bench/gen_corpus.py when it is there, else from the fallback below."""
    generator = REPO / "bench" / "gen_corpus.py"
    if generator.is_file():
        subprocess.run([sys.executable, str(generator), "-n", str(n), "-m", str(responses), "--prefile",
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        print(f"corpus: bench/gen_corpus.py, {n} briefings, {responses} responses")
    else:
        fallback_corpus(n, out)
        print(f"corpus: the fallback generator in bench/search_bench.py, {n} briefings")
    return out / "Content"


def fallback_corpus(n: int, out: Path):
    """A deterministic hub in the project's format, used only when bench/gen_corpus.py is missing."""
    rng = random.Random(5)
    content = out / "Content"
    if content.exists():
        shutil.rmtree(content)
    for d in ("briefings", "themes", "pages"):
        (content / d).mkdir(parents=True)
    (content / "hub.yml").write_text("title: Learning Hub\npartnership: Bench Partnership\n"
                                     "responses_email: learning@example.org\ndescription: A benchmark hub.\n"
                                     "base_path: /\nas_of: 2026-11-27\n")
    themes = ["strategy-meetings", "graded-care-profile", "voice-of-the-child", "gp-information-sharing",
              "signs-of-safety", "neglect", "domestic-abuse", "escalation"]
    for t in themes:
        name = t.replace("-", " ").capitalize()
        (content / "themes" / f"{t}.md").write_text(f"---\nname: {name}\ndescription: About {name.lower()}.\n---\n\nText.\n")
    agencies = ["Health visitors", "The GP practice", "Children's social care", "The police", "The school", "CAMHS"]
    actions = ["share information with partner agencies", "hear the voice of the child", "hold a strategy meeting",
               "use the Graded Care Profile", "follow up missed appointments", "escalate concerns",
               "record the views of fathers", "review the chronology"]
    when = ["when the family moved", "when the plan ended", "when a referral was closed", "after the incident"]
    names = ["Ben", "Amira", "Callum", "Daisy", "Ethan", "Freya", "George", "Hana"]
    for i in range(n):
        child = names[i % len(names)]
        chosen = rng.sample(themes, 3)

        def sentence():
            return f"{rng.choice(agencies)} did not consistently {rng.choice(actions)} {rng.choice(when)}."
        findings = "\n".join(f"- {sentence()}" + ("\n  - " + sentence() if k % 3 == 1 else "") for k in range(8))
        recs = "\n".join(f"- The partnership should make sure agencies {rng.choice(actions)}." for _ in range(6))
        body = "\n\n".join([
            f"## 01 Background\n\n{child} lived with family. " + " ".join(sentence() for _ in range(8)),
            "## 02 Safeguarding concerns\n\n" + " ".join(sentence() for _ in range(8)),
            "## 03 The incident\n\n" + " ".join(sentence() for _ in range(6)),
            "## 04 The review\n\n" + "\n".join(f"- [{t}](../themes/{t}.md)" for t in chosen),
            "## 05 The findings\n\n" + findings, "## 06 Recommendations\n\n" + recs,
            "## 07 Implementing change\n\n- Discuss the findings with your team."])
        (content / "briefings" / f"{child.lower()}-{i:05d}.md").write_text(
            f"---\ntitle: \"{child}: review {i}\"\npublished: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"review_kind: Rapid Review\nchild: {child}\nthemes: [{', '.join(chosen)}]\n"
            f"summary: A review of the help given to {child}.\n---\n\n{body}\n")


def build_site(tool: Path, content: Path, out: Path) -> float:
    started = time.monotonic()
    subprocess.run([str(tool), "build", "--content", str(content), "--theme", str(REPO / "Theme"), "--output", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


# --------------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------------

RESOURCES = """
return performance.getEntriesByType('resource').map(e => ({name: e.name, transfer: e.transferSize,
  body: e.encodedBodySize}));
"""


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-extensions", "--no-first-run", "--disable-background-networking"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=options)
    driver.set_script_timeout(60)
    return driver


def wait_done(driver, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("const s = document.getElementById('search'); "
                                 "return s && s.getAttribute('data-state') === 'done';"):
            return
        time.sleep(0.01)
    raise TimeoutError("the search page did not finish")


def fresh_page(driver, url: str) -> int:
    """Loads the page with an empty cache; returns the bytes of the page, its CSS and its script."""
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get(url)
    wait_done(driver)
    page = sum(e["transfer"] for e in driver.execute_script(RESOURCES)) + driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0]; return n ? n.transferSize : 0;")
    driver.execute_script("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();")
    return page


def data_bytes(driver) -> tuple[int, int, int]:
    """(bytes on the wire, body bytes, files) fetched from search/data/ since the last clear."""
    entries = [e for e in driver.execute_script(RESOURCES) if "/search/data/" in e["name"]]
    return sum(e["transfer"] for e in entries), sum(e["body"] for e in entries), len(entries)


def type_query(driver, text: str, per_character: bool):
    from selenium.webdriver.common.by import By
    box = driver.find_element(By.ID, "search-q")
    box.clear()
    driver.execute_script("document.getElementById('search').setAttribute('data-state', 'busy');")
    if per_character:
        for ch in text:
            box.send_keys(ch)
            time.sleep(0.25)  # a reader's pace: each pause is long enough for the page to search
    else:
        box.send_keys(text)
    wait_done(driver)
    return driver.execute_script("return window.learningHubSearch.last")


def rerun(driver) -> dict:
    """The current query again, everything cached: the time from the input event to the results."""
    driver.execute_script("""
        const box = document.getElementById('search-q');
        document.getElementById('search').setAttribute('data-state', 'busy');
        box.dispatchEvent(new Event('input'));""")
    wait_done(driver)
    return driver.execute_script("return window.learningHubSearch.last")


def measure(site: Path, queries: list[str], repeats: int) -> dict:
    from conftest import StaticServer
    tmp = Path(tempfile.mkdtemp(prefix="search-bench-"))
    mounted = tmp / "mounted" / "hub"
    mounted.parent.mkdir(parents=True)
    os.symlink(site, mounted)
    server = StaticServer(tmp)
    driver = browser()
    page = f"{server.origin}/mounted/hub/search/"
    out = {"queries": []}
    try:
        # The page itself, for scale.
        out["page_bytes"] = fresh_page(driver, page)
        out["manifest_bytes"] = (site / "search" / "data" / "manifest.json").stat().st_size
        for q in queries:
            fresh_page(driver, page)
            last = type_query(driver, q, per_character=False)
            wire, body, files = data_bytes(driver)
            warm = [rerun(driver) for _ in range(repeats)]
            # The same query arriving in the address (the header's search box, without typing).
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            driver.get(page + "?q=" + urllib.parse.quote(q))
            wait_done(driver)
            from_address = sum(e["transfer"] for e in driver.execute_script(RESOURCES) if "/search/data/" in e["name"])
            out["queries"].append({
                "query": q, "results": last["results"], "first_query_bytes": wire, "first_query_body_bytes": body,
                "first_query_files": files, "from_address_bytes": from_address, "cold_ms": round(last["total"], 1),
                "warm_ms": round(statistics.median(w["total"] for w in warm), 2),
                "warm_max_ms": round(max(w["total"] for w in warm), 2),
                "rank_ms": round(statistics.median(w["rank"] for w in warm), 2),
            })
        # Typing one query a character at a time, from a fresh cache: everything the page fetches.
        fresh_page(driver, page)
        type_query(driver, "graded care", per_character=True)
        wire, _, files = data_bytes(driver)
        out["typing"] = {"query": "graded care", "bytes": wire, "files": files}
    finally:
        driver.quit()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def index_size(site: Path) -> dict:
    data = site / "search" / "data"
    sizes = {}
    for part in ("t", "m", "f"):
        files = list((data / part).glob("*"))
        sizes[part] = {"files": len(files), "bytes": sum(f.stat().st_size for f in files),
                       "largest": max((f.stat().st_size for f in files), default=0)}
    return sizes


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--briefings", "-n", type=int, default=4000)
    p.add_argument("--responses", "-m", type=int, default=2000, help="responses filed (gen_corpus.py only)")
    p.add_argument("--tool", default=str(REPO / ".build" / "debug" / "learning-hub"))
    p.add_argument("--work", default=str(REPO / ".build" / "search-bench"), help="where the corpus and site go")
    p.add_argument("--site", help="measure this built site instead of building one")
    p.add_argument("--repeats", type=int, default=9, help="warm runs per query")
    p.add_argument("--queries", help="comma-separated queries to run instead of the standard list")
    p.add_argument("--json", help="also write the numbers here")
    args = p.parse_args()

    result = {"briefings": args.briefings}
    if args.site:
        site = Path(args.site).resolve()
    else:
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        content = make_corpus(args.briefings, args.responses, work / f"corpus{args.briefings}")
        site = (work / f"site{args.briefings}").resolve()
        result["build_seconds"] = round(build_site(Path(args.tool), content, site), 1)
        print(f"built {site} in {result['build_seconds']} s")
    manifest = json.loads((site / "search" / "data" / "manifest.json").read_text())
    result["documents"] = manifest["documents"]
    result["index"] = index_size(site)
    result.update(measure(site, args.queries.split(",") if args.queries else QUERIES, args.repeats))

    print(f"\n{result['documents']:,} documents indexed; manifest {result['manifest_bytes']:,} B; "
          f"term shards {result['index']['t']['files']} files, {result['index']['t']['bytes']:,} B "
          f"(largest {result['index']['t']['largest']:,} B); document shards {result['index']['m']['files']} files, "
          f"{result['index']['m']['bytes']:,} B; the search page, CSS and script {result['page_bytes']:,} B\n")
    print(f"{'query':32} {'results':>8} {'1st query B':>12} {'files':>6} {'via ?q= B':>10} {'cold ms':>8} "
          f"{'warm ms':>8} {'max ms':>7} {'rank ms':>8}")
    for q in result["queries"]:
        print(f"{q['query']:32} {q['results']:>8,} {q['first_query_bytes']:>12,} {q['first_query_files']:>6} "
              f"{q['from_address_bytes']:>10,} {q['cold_ms']:>8} {q['warm_ms']:>8} {q['warm_max_ms']:>7} {q['rank_ms']:>8}")
    worst_bytes = max(q["first_query_bytes"] for q in result["queries"])
    worst_warm = max(q["warm_max_ms"] for q in result["queries"])
    print(f"\ntyping '{result['typing']['query']}' one character at a time fetched {result['typing']['bytes']:,} B "
          f"in {result['typing']['files']} files")
    print(f"largest first query: {worst_bytes:,} B (limit {FIRST_QUERY_LIMIT:,}); "
          f"slowest warm query: {worst_warm} ms (limit {QUERY_TIME_LIMIT_MS})")
    result["ok"] = worst_bytes <= FIRST_QUERY_LIMIT and worst_warm < QUERY_TIME_LIMIT_MS
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`make bench`: Learning Hub against Hugo on the same synthetic briefings, the collector at scale,
how build time grows with N, and a rebuild after one change. Writes bench/results.md.

Standard library only; needs hugo, hyperfine and /usr/bin/time (the Makefile installs them) and a
release build of learning-hub (passed with --tool). See bench/README.md.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, ".corpus")
THEME = os.path.join(ROOT, "Theme")


def log(msg):
    print(msg, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def generate(n, m=0, hugo=False):
    out = os.path.join(CORPUS, "n%d" % n + ("-m%d" % m if m else ""))
    cmd = [sys.executable, os.path.join(HERE, "gen_corpus.py"), "-n", str(n), "--out", out]
    if m:
        cmd += ["-m", str(m)]
    if hugo:
        cmd += ["--hugo"]
    run(cmd, stdout=subprocess.DEVNULL)
    return out


def timed(cmd, cwd=None):
    """Wall seconds and peak RSS (MiB) of one run, through /usr/bin/time."""
    out = os.path.join(CORPUS, ".time")
    started = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out] + cmd, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    with open(out) as f:
        rss_kb = int(f.read().strip().splitlines()[-1])
    return wall, rss_kb / 1024


def hyperfine(commands, names, runs, prepare=None):
    """Medians (seconds) of each command, run side by side by hyperfine."""
    export = os.path.join(CORPUS, ".hyperfine.json")
    cmd = ["hyperfine", "--style", "basic", "--runs", str(runs), "--warmup", "1", "--export-json", export]
    if prepare:
        cmd += ["--prepare", prepare]
    for name, c in zip(names, commands):
        cmd += ["-n", name, c]
    run(cmd, stdout=subprocess.DEVNULL)
    with open(export) as f:
        results = json.load(f)["results"]
    return [statistics.median(r["times"]) for r in results]


def peak_memory(cmd, runs=3):
    return statistics.median(timed(cmd)[1] for _ in range(runs))


def machine(tool):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0]
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    hyper = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()
    return [("CPU", "%s, %d cores (nproc)" % (cpu, os.cpu_count())), ("Memory", "%.1f GiB" % (mem_kb / 1024 / 1024)),
            ("OS", "%s %s" % (platform.system(), platform.release())), ("Swift", swift), ("Hugo", hugo),
            ("hyperfine", hyper), ("learning-hub", os.path.relpath(tool, ROOT) + " (release)")]


def fmt_s(s):
    return "%.2f s" % s if s >= 1 else "%.0f ms" % (s * 1000)


def largest_summary_page(public):
    """The largest page the board reads (issue 15's limit is 1 MB at 50,000 responses), and its size."""
    best = ("", 0)
    for folder, _, files in os.walk(public):
        rel = os.path.relpath(folder, public).replace(os.sep, "/")
        summary = rel.split("/")[0] in ("actions", "organisations", "responses") or re.match(r"briefings/[^/]+/responses$", rel)
        if summary and "index.html" in files:
            size = os.path.getsize(os.path.join(folder, "index.html"))
            if size > best[1]:
                best = (rel + "/", size)
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--tool", required=True, help="the release learning-hub binary")
    p.add_argument("--runs", type=int, default=5, help="timed runs per build (default 5)")
    p.add_argument("--quick", action="store_true", help="smaller sizes, for trying the script")
    p.add_argument("--rewrite", action="store_true", help="only write results.md again from the last run's bench/.corpus/results.json")
    args = p.parse_args()
    if args.rewrite:
        with open(os.path.join(CORPUS, "results.json")) as f:
            r = json.load(f)
        r["growth"] = {int(k): v for k, v in r["growth"].items()}
        sizes = tuple(b["n"] for b in r["builds"])
        scale = tuple(s["n"] for s in r["scaling"])
        write_results(r, sizes, scale, tuple(c["m"] for c in r["collect"]), r.get("collect_n", 1000))
        return
    tool = os.path.abspath(args.tool)
    os.makedirs(CORPUS, exist_ok=True)
    out_root = os.path.join(CORPUS, "out")
    os.makedirs(out_root, exist_ok=True)
    sizes = (200, 800) if args.quick else (1000, 4000)
    scale = (400, 1600) if args.quick else (2000, 8000)
    collects = (1000, 5000) if args.quick else (10000, 50000)
    collect_n = 200 if args.quick else 1000
    started = time.time()
    results = {"machine": machine(tool), "builds": [], "scaling": [], "collect": [], "rebuild": None, "collect_n": collect_n}

    log("Generating corpora in bench/.corpus/ (kept between runs)")
    corpora = {n: generate(n, hugo=True) for n in sizes}
    for n in scale:
        corpora.setdefault(n, generate(n))
    inbox_corpus = generate(collect_n, max(collects))

    # 1. Learning Hub and Hugo, side by side.
    for n in sizes:
        c = corpora[n]
        ours_out, hugo_out = os.path.join(out_root, "lh-%d" % n), os.path.join(out_root, "hugo-%d" % n)
        ours = [tool, "build", "--content", os.path.join(c, "Content"), "--theme", THEME, "--output", ours_out]
        hugo = ["hugo", "--quiet", "-s", os.path.join(c, "hugo"), "-d", hugo_out]
        log("Building %d briefings with both, %d runs each (hyperfine)" % (n, args.runs))
        t_ours, t_hugo = hyperfine([" ".join(ours), " ".join(hugo)], ["learning-hub", "hugo"], args.runs)
        m_ours, m_hugo = peak_memory(ours), peak_memory(hugo)
        row = {"n": n, "ours": t_ours, "hugo": t_hugo, "ours_mib": m_ours, "hugo_mib": m_hugo}
        if n == sizes[-1]:
            # The same, each run into an empty output folder (no file to compare or reuse), with no
            # spare site beside it either (`.<output>.spare`, which a build would write into).
            log("  ... and again into an empty output folder each time")
            spare = os.path.join(os.path.dirname(ours_out), "." + os.path.basename(ours_out) + ".spare")
            fresh = hyperfine([" ".join(ours), " ".join(hugo)], ["learning-hub", "hugo"], max(3, args.runs - 2),
                              prepare="rm -rf %s %s %s" % (ours_out, spare, hugo_out))
            row["fresh"] = fresh
        results["builds"].append(row)
        log("  learning-hub %s, %.0f MiB; hugo %s, %.0f MiB" % (fmt_s(t_ours), m_ours, fmt_s(t_hugo), m_hugo))

    # 2. Growth with N.
    growth = {sizes[-1]: results["builds"][-1]["ours"]}
    for n in scale:
        c = corpora[n]
        cmd = [tool, "build", "--content", os.path.join(c, "Content"), "--theme", THEME, "--output", os.path.join(out_root, "lh-%d" % n)]
        log("Building %d briefings, %d runs" % (n, args.runs))
        growth[n] = hyperfine([" ".join(cmd)], ["learning-hub"], args.runs)[0]
        results["scaling"].append({"n": n, "ours": growth[n], "mib": peak_memory(cmd, runs=1)})
    results["growth"] = growth

    # 3. The collector, into a fresh copy each time, then the build of the summaries.
    # Each run in a folder of its own, all removed after the last: removing the previous run's
    # 50,000 records and 770 MB site right before a run made ext4 (this machine's has no journal)
    # step over every inode just freed for each file the run made (`recently_deleted`), a cost of
    # the harness's, not of collecting (bench/README, "Eighth round").
    inbox_all = sorted(os.listdir(os.path.join(inbox_corpus, "inbox")))
    collect_root = os.path.join(out_root, "collect")
    shutil.rmtree(collect_root, ignore_errors=True)
    for m in collects:
        times = []
        for i in range(3 if not args.quick else 2):
            work = os.path.join(collect_root, "%d-%d" % (m, i + 1))
            shutil.copytree(os.path.join(inbox_corpus, "Content"), os.path.join(work, "Content"))
            os.makedirs(os.path.join(work, "inbox"))
            for name in inbox_all[:m]:
                os.link(os.path.join(inbox_corpus, "inbox", name), os.path.join(work, "inbox", name))
            log("Collecting %d responses into a fresh copy of the %d-briefing hub (run %d)" % (m, collect_n, i + 1))
            t_collect, m_collect = timed([tool, "collect", "inbox", "--content", "Content", "--theme", THEME], cwd=work)
            t_build, m_build = timed([tool, "build", "--content", "Content", "--theme", THEME, "--output", "Public"], cwd=work)
            times.append((t_collect, t_build, m_collect, m_build))
        med = lambda k: statistics.median(t[k] for t in times)
        largest = largest_summary_page(os.path.join(work, "Public"))
        results["collect"].append({"m": m, "collect": med(0), "build": med(1), "collect_mib": med(2), "build_mib": med(3),
                                   "largest_page": largest[0], "largest_page_bytes": largest[1]})
        log("  collect %s, build %s" % (fmt_s(med(0)), fmt_s(med(1))))
    shutil.rmtree(collect_root, ignore_errors=True)

    # 4. A rebuild after one briefing changed, through a BuildSession (build --rebuild-on-input).
    n = sizes[-1]
    work = os.path.join(out_root, "rebuild")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(os.path.join(corpora[n], "Content"), os.path.join(work, "Content"))
    cmd = [tool, "build", "--content", "Content", "--theme", THEME, "--output", "Public"]
    run(cmd, cwd=work, stdout=subprocess.DEVNULL)  # the site as a previous build left it
    target = os.path.join(work, "Content", "briefings", sorted(os.listdir(os.path.join(work, "Content", "briefings")))[n // 2])
    proc = subprocess.Popen(cmd + ["--rebuild-on-input"], cwd=work, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    def read_build():
        line = proc.stdout.readline()
        m = re.match(r"build \d+: (\w+) ([\d.]+) ms; loaded (\d+), rendered (\d+), written (\d+)", line)
        if not m:
            raise SystemExit("unexpected output from --rebuild-on-input: %r" % line)
        return {"kind": m.group(1), "ms": float(m.group(2)), "loaded": int(m.group(3)), "rendered": int(m.group(4)), "written": int(m.group(5))}
    log("Rebuilding the %d-briefing hub after editing one briefing, %d times" % (n, args.runs))
    full = read_build()
    rebuilds = []
    for i in range(args.runs):
        with open(target, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("## 02 Safeguarding concerns\n\n", "## 02 Safeguarding concerns\n\nEdit %d: a sentence the author added. " % i, 1)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        proc.stdin.write("\n")
        proc.stdin.flush()
        rebuilds.append(read_build())
    proc.stdin.close()
    proc.wait()
    results["rebuild"] = {"full_ms": full["ms"], "full": full, "rebuilds": rebuilds,
                          "median_ms": statistics.median(r["ms"] for r in rebuilds)}
    log("  in-session full build %.0f ms; rebuild median %.0f ms" % (full["ms"], results["rebuild"]["median_ms"]))
    results["elapsed"] = time.time() - started
    write_results(results, sizes, scale, collects, collect_n)


def write_results(r, sizes, scale, collects, collect_n):
    big = r["builds"][-1]
    lines = ["# Benchmark results", "",
             "Written by `make bench` (bench/run_bench.py) on %s, in %.0f s. See bench/README.md for what each figure is." % (
                 time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), r["elapsed"]), "",
             "## Machine", "", "| | |", "|---|---|"]
    lines += ["| %s | %s |" % tuple(kv) for kv in r["machine"]]
    lines += ["", "## Learning Hub and Hugo on the same briefings", "",
              "Medians of %s; peak memory is the median of 3 runs' maximum resident set size (`/usr/bin/time`). "
              "Each tool writes into the output folder its previous run left (Hugo rewrites every file; Learning Hub "
              "leaves files whose bytes are the same)." % ("hyperfine runs after one warm-up run"), "",
              "| Briefings | learning-hub | Hugo | time ratio | learning-hub memory | Hugo memory | memory ratio |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for b in r["builds"]:
        lines.append("| %d | %s | %s | %.2f | %.0f MiB | %.0f MiB | %.2f |" % (
            b["n"], fmt_s(b["ours"]), fmt_s(b["hugo"]), b["ours"] / b["hugo"], b["ours_mib"], b["hugo_mib"], b["ours_mib"] / b["hugo_mib"]))
    if "fresh" in big:
        o, h = big["fresh"]
        lines += ["", "Into an empty output folder each run (hyperfine `--prepare 'rm -rf ...'`), %d briefings: "
                  "learning-hub %s, Hugo %s, ratio %.2f." % (big["n"], fmt_s(o), fmt_s(h), o / h)]
    g = r["growth"]
    n_mid, n_big = sizes[-1], scale[-1]
    lines += ["", "## How build time grows", "", "| Briefings | learning-hub | peak memory |", "|---:|---:|---:|"]
    rows = sorted([(s["n"], s["ours"], s["mib"]) for s in r["scaling"]] + [(big["n"], big["ours"], big["ours_mib"])])
    lines += ["| %d | %s | %.0f MiB |" % (n, fmt_s(t), mib) for n, t, mib in rows]
    lines += ["", "Time for %d briefings over time for %d: **%.2f** (linear would be 2.00)." % (n_big, n_mid, g[n_big] / g[n_mid])]
    lines += ["", "## Collecting responses", "",
              "Into a fresh copy of a %d-briefing hub each run (median of the runs), then `learning-hub build` "
              "of the whole hub with the summaries." % collect_n, "",
              "| Responses | collect | build with summaries | total | collect memory | build memory |", "|---:|---:|---:|---:|---:|---:|"]
    for c in r["collect"]:
        lines.append("| %d | %s | %s | %s | %.0f MiB | %.0f MiB |" % (c["m"], fmt_s(c["collect"]), fmt_s(c["build"]),
                                                                   fmt_s(c["collect"] + c["build"]), c["collect_mib"], c["build_mib"]))
    rb = r["rebuild"]
    cli_full = big["ours"]
    lines += ["", "## Rebuilding after one briefing changed", "",
              "`learning-hub build --rebuild-on-input` on the %d-briefing hub: a full build through a `BuildSession` "
              "into the site a previous build left, then %d rebuilds, each after adding a sentence to the same briefing "
              "(timed inside the process, from reading the sources to the last file written)." % (n_mid, len(rb["rebuilds"])), "",
              "| | time | files loaded | files rendered | files written |", "|---|---:|---:|---:|---:|",
              "| full build in the session | %.0f ms | %d | %d | %d |" % (rb["full_ms"], rb["full"]["loaded"], rb["full"]["rendered"], rb["full"]["written"])]
    for i, b in enumerate(rb["rebuilds"]):
        lines.append("| rebuild %d | %.0f ms | %d | %d | %d |" % (i + 1, b["ms"], b["loaded"], b["rendered"], b["written"]))
    lines += ["", "Median rebuild %.0f ms: **%.1f×** faster than the full build in the same session, %.1f× faster than "
              "a full `learning-hub build` (%s, process start included)." % (rb["median_ms"], rb["full_ms"] / rb["median_ms"],
                                                                          cli_full * 1000 / rb["median_ms"], fmt_s(cli_full))]
    c50 = r["collect"][-1]
    if "largest_page" in c50:
        lines += ["", "Largest summary page at %d responses (the tracker, organisations, coverage, dashboard, briefings' "
                  "responses): `%s`, %.0f KB (limit 1 MB)." % (c50["m"], c50["largest_page"], c50["largest_page_bytes"] / 1000)]
    time_ratio, mem_ratio, growth = big["ours"] / big["hugo"], big["ours_mib"] / big["hugo_mib"], g[n_big] / g[n_mid]
    collect_total, speedup = c50["collect"] + c50["build"], rb["full_ms"] / rb["median_ms"]
    fresh_ratio = big["fresh"][0] / big["fresh"][1] if big.get("fresh") else None

    def row(target, measured, value, limit, higher_is_better=False):
        met = value >= limit if higher_is_better else value <= limit
        short = "" if met else ("%.2f × short of the limit" % (limit / value) if higher_is_better else "%.2f × the limit" % (value / limit))
        return "| %s | %s | %s | %s |" % (target, measured, "yes" if met else "no", short or "")

    lines += ["", "## Targets", "", "| Target | Measured | Met | By how much it misses |", "|---|---|---|---|",
              # Issue 17's targets: at most Hugo's time, into the folder the last build left and into an
              # empty one; the partnership's goal of half Hugo's time is the row after each.
              row("%d briefings in at most Hugo's time, into the previous output" % big["n"], "%.2f × Hugo" % time_ratio, time_ratio, 1.0),
              row("... the partnership's goal: half Hugo's time", "%.2f × Hugo" % time_ratio, time_ratio, 0.5),
              *([row("%d briefings in at most Hugo's time, into an empty folder" % big["n"], "%.2f × Hugo" % fresh_ratio, fresh_ratio, 1.0),
                 row("... the partnership's goal: half Hugo's time", "%.2f × Hugo" % fresh_ratio, fresh_ratio, 0.5)]
                if fresh_ratio is not None else []),
              row("%d briefings in at most half Hugo's peak memory" % big["n"], "%.2f × Hugo" % mem_ratio, mem_ratio, 0.5),
              row("%d briefings in at most 2.2 × the time of %d" % (n_big, n_mid), "%.2f ×" % growth, growth, 2.2),
              row("collect %d responses and build their summaries in under 10 s" % c50["m"], fmt_s(collect_total), collect_total, 10),
              row("largest summary page at %d responses at most 1 MB" % c50["m"], "%.0f KB" % (c50.get("largest_page_bytes", 0) / 1000),
                  c50.get("largest_page_bytes", 0) / 1e6, 1),
              row("rebuild after one change at least 5 × faster than a full build",
                  "%.1f × (session), %.1f × (CLI)" % (speedup, cli_full * 1000 / rb["median_ms"]), speedup, 5, higher_is_better=True),
              "", "What dominates the time: see \"Where the time goes\" below (bench/profile.py, run by `make bench` after this), "
              "and bench/README.md for what was tried."]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(CORPUS, "results.json"), "w") as f:
        json.dump(r, f, indent=1, default=str)
    print("\n" + text)


if __name__ == "__main__":
    main()

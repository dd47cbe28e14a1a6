#!/usr/bin/env python3
"""Where a build's time goes: `perf record` of one-threaded builds of the benchmark corpora, summed
into the parts of the pipeline, appended to bench/results.md by `make bench`.

One thread, so that each percentage is a share of the CPU time a build needs (the parallel build
spreads the same work over both cores). Needs `perf` (Debian's linux-perf) and `swift demangle`;
without perf it says so and leaves results.md as it is. Standard library only.

    python3 bench/profile.py --tool .build-release/release/learning-hub [--results bench/results.md]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, ".corpus")
THEME = os.path.join(ROOT, "Theme")
MARK = "## Where the time goes"
HZ = 499  # samples a second

# The parts of a build, in the order the pipeline runs them: each the sum of the inclusive shares of
# the functions named, which never call one another (demangled, simplified; a "specialized" copy
# stands for the function), so a sample counts once for each part it is inside. A part given as
# (a, minus b) is a's share less b's.
PARTS = [
    ("Loading briefings, themes and pages (cmark, Yams)", ["ContentFileLoader.load(_:)"]),
    ("Loading filed responses", ["ResponseStore.loadResponses(for:log:parallel:cache:)"]),
    ("Making the search index", ["SearchIndexCache.files(for:all:)"]),
    ("Rendering pages: the views and all but the template engine", (
        ["SiteRenderer.render(_:previous:emit:)"], ["TemplateLibrary.renderBytes(_:template:)"])),
    ("Rendering pages: the template engine (Sources/TemplateEngine)", ["TemplateLibrary.renderBytes(_:template:)"]),
    ("... of which turning the views into its values (`SymbolTable.object`)", ["SymbolTable.object(_:)"]),
    ("... Swift's dynamic casts (`swift_dynamicCast`, anywhere in the build)", ["swift_dynamicCast"]),
    ("Writing files (only those whose bytes changed)", ["SiteStream.write(_:)"]),
]


def log(msg):
    print(msg, flush=True)


class PerfFailed(Exception):
    pass


def perf_profile(cmd, cwd, data):
    recorded = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", str(HZ), "-g", "-o", data] + cmd, cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if recorded.returncode != 0:
        raise PerfFailed(recorded.stderr.strip().splitlines()[-1] if recorded.stderr.strip() else "exit %d" % recorded.returncode)
    report = subprocess.run(["perf", "report", "-i", data, "--children", "--sort", "symbol", "-g", "none", "--stdio"],
                            check=True, capture_output=True, text=True).stdout
    demangled = subprocess.run(["swift", "demangle", "--simplified"], input=report, check=True, capture_output=True, text=True).stdout
    # cpu-clock counts nanoseconds.
    counted = re.search(r"# Event count \(approx\.\): (\d+)", report)
    shares = {"(CPU seconds)": int(counted.group(1)) / 1e9 if counted else 0.0}
    for line in demangled.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[[.k]\]\s+(.*?)\s*$", line)
        if m:
            # perf adds IPC columns ("-  -") when it writes to a pipe.
            symbol = re.sub(r"\s+-\s+-$", "", m.group(3))
            shares.setdefault(symbol, float(m.group(1)))
    return shares


def share(shares, symbol):
    return max([v for k, v in shares.items() if k == symbol or k == "specialized " + symbol] or [0.0])


def part_share(shares, part):
    if isinstance(part, tuple):
        plus, minus = part
        return max(part_share(shares, plus) - part_share(shares, minus), 0.0)
    return sum(share(shares, symbol) for symbol in part)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--results", default=os.path.join(HERE, "results.md"))
    ap.add_argument("-n", type=int, default=4000, help="briefings in the first corpus (default 4000)")
    ap.add_argument("-m", type=int, default=50000, help="responses collected into the 1000-briefing hub (default 50000)")
    args = ap.parse_args()
    if shutil.which("perf") is None:
        log("perf is not installed (apt-get install linux-perf): no profile written")
        return
    tool = os.path.abspath(args.tool)
    # The corpora exactly as run_bench.py makes them (the briefings with their Hugo copy), so that
    # neither script makes the other's again; each is only made if it is missing or out of date.
    for n, m in ((args.n, 0), (1000, args.m)):
        cmd = [sys.executable, os.path.join(HERE, "gen_corpus.py"), "-n", str(n), "--out",
               os.path.join(CORPUS, "n%d" % n + ("-m%d" % m if m else ""))] + (["-m", str(m)] if m else ["--hugo"])
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    rows = []
    # Beside the corpus, not in /tmp: the inbox is hard-linked in, and links cannot cross file systems.
    with tempfile.TemporaryDirectory(prefix="profile-", dir=CORPUS) as tmp:
        log("Profiling a one-threaded build of %d briefings" % args.n)
        build = [tool, "build", "--content", os.path.join(CORPUS, "n%d" % args.n, "Content"), "--theme", THEME,
                 "--output", os.path.join(tmp, "out"), "--single-thread"]
        subprocess.run(build, check=True, stdout=subprocess.DEVNULL)  # the output a previous build left, as in the benchmark
        try:
            briefings = perf_profile(build, tmp, os.path.join(tmp, "briefings.data"))
        except PerfFailed as failure:
            log("perf could not record (%s): no profile written" % failure)
            return

        log("Profiling a one-threaded build of the 1000-briefing hub with %d responses collected" % args.m)
        source = os.path.join(CORPUS, "n1000-m%d" % args.m)
        work = os.path.join(tmp, "responses")
        shutil.copytree(os.path.join(source, "Content"), os.path.join(work, "Content"))
        os.makedirs(os.path.join(work, "inbox"))
        for name in sorted(os.listdir(os.path.join(source, "inbox")))[:args.m]:
            os.link(os.path.join(source, "inbox", name), os.path.join(work, "inbox", name))
        subprocess.run([tool, "collect", "inbox", "--content", "Content", "--theme", THEME], cwd=work, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build = [tool, "build", "--content", "Content", "--theme", THEME, "--output", "Public", "--single-thread"]
        subprocess.run(build, cwd=work, check=True, stdout=subprocess.DEVNULL)
        try:
            responses = perf_profile(build, work, os.path.join(tmp, "responses.data"))
        except PerfFailed as failure:
            log("perf could not record (%s): no profile written" % failure)
            return
        for name, patterns in PARTS:
            rows.append((name, part_share(briefings, patterns), part_share(responses, patterns)))

    lines = [MARK, "",
             "`perf record -e cpu-clock -g` of one-threaded builds (`--single-thread`) into the output a previous build left, "
             "written by bench/profile.py: each figure is the share of the build's CPU time spent inside that part "
             "(inclusive; the parts marked ... are inside the line above them, so the column does not add up to 100 %).", "",
             "| Part of the build | %d briefings | 1000 briefings, %d responses |" % (args.n, args.m), "|---|---:|---:|"]
    lines.append("| The whole build, in CPU seconds on one thread | %.1f s | %.1f s |" % (briefings["(CPU seconds)"], responses["(CPU seconds)"]))
    for name, a, b in rows:
        lines.append("| %s | %.0f %% | %.0f %% |" % (name, a, b))
    with open(args.results, encoding="utf-8") as f:
        text = f.read()
    text = text.split("\n" + MARK)[0].rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    with open(args.results, "w", encoding="utf-8") as f:
        f.write(text)
    log("\n".join(lines))


if __name__ == "__main__":
    main()

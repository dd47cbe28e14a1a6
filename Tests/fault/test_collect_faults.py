#!/usr/bin/env python3
"""Fault injection for `learning-hub collect`: runs killed with SIGKILL at random moments, then run
again, and two runs at once. After each trial the hub's records and the inbox must be exactly what
one uninterrupted run leaves: no response lost, none duplicated in history, no temporary file left,
every rejected file with its reasons beside it.

    python3 Tests/fault/test_collect_faults.py                 # the short run of `make test`
    COLLECT_SOAK_SECONDS=600 python3 Tests/fault/test_collect_faults.py   # `make soak`

HUB names the tool (default .build/debug/learning-hub). COLLECT_FAULT_SEED fixes the kill moments.
The functions named test_* also run under pytest.
"""
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HUB = os.path.abspath(os.environ.get("HUB", os.path.join(ROOT, ".build/debug/learning-hub")))
TRIALS = int(os.environ.get("COLLECT_FAULT_TRIALS", "8"))
SOAK_SECONDS = float(os.environ.get("COLLECT_SOAK_SECONDS", "0"))
SEED = int(os.environ.get("COLLECT_FAULT_SEED", str(int(time.time()))))

TEAMS = 36          # distinct teams, one response each
RESUBMITTED = 12    # of them, sending a later version too (a record replaced, one kept in history)
BAD = 6             # files that are rejected


def response(org, team, submitted, discussion):
    return (
        "---\nbriefing: ben\n"
        f"organisation: {org}\nteam: {team}\nteam_manager: Alex Example\ncontact: team@example.org\n"
        f"submitted: {submitted}\n"
        "learning:\n  - refs: [F1]\n"
        f"    discussion: {discussion}\n"
        "actions:\n  - what: Add strategy meetings to the team induction\n    who: Team manager\n"
        "    by_when: 31/01/2027\n    done_when: Every new starter has had the session\n"
        "    worked_when: Staff ask for strategy meetings when they should\n    status: In progress\n"
        "---\nWe talked about this at our team meeting.\n"
    )


def make_inbox(inbox):
    os.makedirs(inbox)
    orgs = ["Northshire Council", "Northshire NHS Trust", "Ysgol Gymraeg", "Northshire Police"]
    for i in range(TEAMS):
        org = orgs[i % len(orgs)]
        # Some names that transliterate, and one pair whose slugs clash.
        team = [f"Team {i}", f"Tîm {i} Môn", f"Équipe {i}"][i % 3]
        with open(os.path.join(inbox, f"team-{i:02}.md"), "w", encoding="utf-8") as f:
            f.write(response(org, team, "2026-11-20", f"We rarely ask for a strategy meeting ({i})."))
        if i < RESUBMITTED:
            with open(os.path.join(inbox, f"team-{i:02}-v2.md"), "w", encoding="utf-8") as f:
                f.write(response(org, team, "2026-11-24", f"On reflection we now ask every time ({i})."))
    with open(os.path.join(inbox, "clash-a.md"), "w", encoding="utf-8") as f:
        f.write(response("Ysgol Gymraeg", "Tim Mon", "2026-11-21", "Clash A."))
    with open(os.path.join(inbox, "clash-b.md"), "w", encoding="utf-8") as f:
        f.write(response("Ysgol Gymraeg", "Tîm Môn", "2026-11-21", "Clash B."))
    for i in range(BAD):
        with open(os.path.join(inbox, f"bad-{i}.md"), "w", encoding="utf-8") as f:
            f.write(response("", f"Team {i}", "2026-11-20", "No organisation.") if i % 2 else "not a response\n")


def make_hub(where):
    """A copy of the sample hub without its responses, and an inbox."""
    os.makedirs(where)
    shutil.copytree(os.path.join(ROOT, "Theme"), os.path.join(where, "Theme"))
    shutil.copytree(os.path.join(ROOT, "Content"), os.path.join(where, "Content"),
                    ignore=lambda d, names: ["responses"] if d == os.path.join(ROOT, "Content") else [])
    make_inbox(os.path.join(where, "inbox"))


def collect(hub, **kwargs):
    return subprocess.Popen([HUB, "collect", "inbox"], cwd=hub, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def tree(folder):
    """Every file under `folder`: relative path -> sha256 of its bytes."""
    result = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                result[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return result


def state(hub):
    return {"responses": tree(os.path.join(hub, "Content", "responses")), "inbox": tree(os.path.join(hub, "inbox"))}


def problems(hub, reference):
    """What differs from an uninterrupted run, in words."""
    found = []
    now = state(hub)
    every = list(now["responses"]) + list(now["inbox"])
    temps = [p for p in every if ".tmp-" in p or os.path.basename(p).startswith(".collect-tmp-")]
    if temps:
        found.append(f"temporary files left: {temps}")
    left = [p for p in now["inbox"] if "/" not in p]
    if left:
        found.append(f"files left in the inbox: {left}")
    rejected = [p for p in now["inbox"] if p.startswith("rejected/")]
    for p in rejected:
        if not p.endswith((".errors.txt", ".reply.txt")) and p + ".errors.txt" not in now["inbox"]:
            found.append(f"{p} has no .errors.txt")
    history = [h for p, h in now["responses"].items() if "/history/" in p]
    if len(history) != len(set(history)):
        found.append(f"history holds the same version twice: {sorted(p for p in now['responses'] if '/history/' in p)}")
    for part in ("responses", "inbox"):
        if now[part] != reference[part]:
            missing = sorted(set(reference[part]) - set(now[part]))
            extra = sorted(set(now[part]) - set(reference[part]))
            changed = sorted(p for p in set(now[part]) & set(reference[part]) if now[part][p] != reference[part][p])
            found.append(f"{part} differs from an uninterrupted run: missing {missing}, extra {extra}, changed {changed}")
    return found


class Setup:
    """A pristine hub, and the state one uninterrupted run leaves it in, with how long that took."""

    def __init__(self, scratch):
        self.scratch = scratch
        self.pristine = os.path.join(scratch, "pristine")
        make_hub(self.pristine)
        hub = self.fresh("reference")
        started = time.monotonic()
        run = collect(hub)
        out, err = run.communicate()
        self.duration = time.monotonic() - started
        assert run.returncode == 1, f"the reference run should reject the bad files: {run.returncode}\n{err}"
        self.reference = state(hub)
        assert not problems(hub, self.reference), problems(hub, self.reference)
        self.trials = 0

    def fresh(self, name):
        hub = os.path.join(self.scratch, name)
        shutil.rmtree(hub, ignore_errors=True)
        shutil.copytree(self.pristine, hub)
        return hub


def killed_trial(setup, rng):
    """Kills a run at a random moment, runs it again to the end, and says what is wrong."""
    setup.trials += 1
    hub = setup.fresh(f"killed-{setup.trials}")
    delay = rng.uniform(0, setup.duration * 1.1)
    run = collect(hub)
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.communicate()
    again = collect(hub)
    out, err = again.communicate()
    found = problems(hub, setup.reference)
    for text in (out, err):
        if "NSCocoaErrorDomain" in text or "Fatal error" in text:
            found.append(f"the re-run printed a raw error: {text[-400:]}")
    if again.returncode not in (0, 1):
        found.append(f"the re-run ended with status {again.returncode}: {err[-400:]}")
    if not found:
        shutil.rmtree(hub)
    return [f"killed after {delay:.2f} s: {p}" for p in found]


def concurrent_trial(setup):
    """Two collects on the same hub and inbox at once: one waits for the other."""
    setup.trials += 1
    hub = setup.fresh(f"concurrent-{setup.trials}")
    first, second = collect(hub), collect(hub)
    outputs = [first.communicate(), second.communicate()]
    found = problems(hub, setup.reference)
    for (out, err), run in zip(outputs, (first, second)):
        if "NSCocoaErrorDomain" in out + err or run.returncode not in (0, 1):
            found.append(f"a run ended badly ({run.returncode}): {err[-400:]}")
        if "Accepted" not in out:
            found.append(f"a run printed no summary: {out[-400:]} {err[-400:]}")
    if not found:
        shutil.rmtree(hub)
    return [f"two at once: {p}" for p in found]


_setup = None


def shared_setup():
    global _setup
    if _setup is None:
        _setup = Setup(tempfile.mkdtemp(prefix="collect-faults-"))
    return _setup


def test_a_killed_collect_then_a_rerun_loses_and_duplicates_nothing():
    setup, rng = shared_setup(), random.Random(SEED)
    failures = []
    for _ in range(TRIALS):
        failures += killed_trial(setup, rng)
    assert not failures, f"seed {SEED}:\n" + "\n".join(failures)


def test_two_collects_at_once_leave_what_one_leaves():
    setup = shared_setup()
    failures = []
    for _ in range(2):
        failures += concurrent_trial(setup)
    assert not failures, "\n".join(failures)


def soak(seconds):
    """Kills and concurrent runs, alternately, until `seconds` have passed."""
    setup, rng = shared_setup(), random.Random(SEED)
    deadline = time.monotonic() + seconds
    failures, kills, pairs = [], 0, 0
    while time.monotonic() < deadline:
        failures += killed_trial(setup, rng)
        kills += 1
        if kills % 5 == 0:
            failures += concurrent_trial(setup)
            pairs += 1
    return failures, kills, pairs


def main():
    if not os.path.exists(HUB):
        print(f"{HUB} is missing: run 'swift build --product learning-hub' first", file=sys.stderr)
        return 2
    setup = shared_setup()
    print(f"collect fault injection (seed {SEED}): one uninterrupted run takes {setup.duration:.2f} s")
    if SOAK_SECONDS > 0:
        failures, kills, pairs = soak(SOAK_SECONDS)
        print(f"{kills} killed runs and {pairs} pairs of runs at once in {SOAK_SECONDS:.0f} s")
    else:
        failures = []
        for test in (test_a_killed_collect_then_a_rerun_loses_and_duplicates_nothing, test_two_collects_at_once_leave_what_one_leaves):
            try:
                test()
            except AssertionError as error:
                failures.append(str(error))
        print(f"{TRIALS} killed runs and 2 pairs of runs at once")
    for failure in failures:
        print("FAIL", failure)
    if not failures:
        shutil.rmtree(setup.scratch, ignore_errors=True)
        print("no response lost, none duplicated in history, no temporary file left, every rejected file has its reasons")
    else:
        print(f"trials that failed are kept in {setup.scratch}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fault injection for `learning-hub build`: whatever happens to a build, Public/ is the last site.

A build is killed (SIGKILL) at random moments, or made to fail part-way by a write error (a file-size
limit, which works as root too, where a read-only folder would not stop anyone), and Public/ is then
compared byte for byte with the site the previous build left and the site the new sources make: it
must be exactly one of them. The run after a kill must give the new site and leave nothing behind.

    HUB=.build/debug/learning-hub python3 -m pytest Tests/fault/test_build_faults.py -q
    BUILD_FAULT_SECONDS=120 ...   # `make soak`: keep killing builds for that long (default: a few kills)
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HUB = Path(os.environ.get("HUB", REPO_ROOT / ".build/debug/learning-hub")).resolve()
SOAK_SECONDS = float(os.environ.get("BUILD_FAULT_SECONDS", "0"))
SHORT_KILLS = 4

EXTRA_PAGE = """---
title: Extra notes for the build fault tests
summary: A page that one build has and the next one does not.
---

This page exists only in the older of the two builds the fault tests compare.
"""


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) under `folder`, by relative path."""
    tree: dict[str, bytes | None] = {}
    for root, dirs, files in os.walk(folder):
        rel = Path(root).relative_to(folder)
        for name in dirs:
            tree[str(rel / name)] = None
        for name in files:
            tree[str(rel / name)] = (Path(root) / name).read_bytes()
    return tree


def build(hub: Path, output: str = "Public", **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(HUB), "build", "--output", output], cwd=hub, capture_output=True, text=True, **kwargs)


def leftovers(hub: Path) -> list[str]:
    """Anything a build leaves beside Public/ or inside it that is not the site. The spare (the site the
    last build replaced, which the next one writes into) is meant to be there, never half-written."""
    beside = [p.name for p in hub.iterdir() if p.name not in {"Content", "Theme", "Public", "expected-new", ".Public.spare"}]
    inside = [str(p.relative_to(hub)) for p in (hub / "Public").rglob("*") if ".tmp-" in p.name or ".publishing-" in p.name]
    return beside + inside


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """A copy of the sample hub with an old and a new version of its sources, and both sites."""
    if not HUB.exists():
        pytest.fail(f"{HUB} is missing: run `swift build` first")
    hub = tmp_path_factory.mktemp("build-faults")
    shutil.copytree(REPO_ROOT / "Content", hub / "Content")
    shutil.copytree(REPO_ROOT / "Theme", hub / "Theme")

    def use_old():
        (hub / "Content/pages/extra-notes.md").write_text(EXTRA_PAGE)
        shutil.copyfile(REPO_ROOT / "Content/pages/about.md", hub / "Content/pages/about.md")
        shutil.copyfile(REPO_ROOT / "Theme/assets/style.css", hub / "Theme/assets/style.css")

    def use_new():
        (hub / "Content/pages/extra-notes.md").unlink(missing_ok=True)
        with open(hub / "Content/pages/about.md", "a") as f:
            f.write("\nThis sentence is only in the newer build.\n")
        with open(hub / "Theme/assets/style.css", "a") as f:
            f.write("\n/* newer build */\n")

    use_old()
    assert build(hub).returncode == 0
    old = snapshot(hub / "Public")
    use_new()
    assert build(hub, "expected-new").returncode == 0
    new = snapshot(hub / "expected-new")
    shutil.rmtree(hub / "expected-new")
    assert old != new and "extra-notes/index.html" in old and "extra-notes/index.html" not in new
    return hub, old, new


def restore(hub: Path, tree: dict[str, bytes | None]) -> None:
    """Puts Public/ back to `tree` (the old site), as a previous build would have left it."""
    shutil.rmtree(hub / "Public", ignore_errors=True)
    (hub / "Public").mkdir()
    for path, data in sorted(tree.items()):
        target = hub / "Public" / path
        if data is None:
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def which_site(hub: Path, old, new) -> str:
    now = snapshot(hub / "Public")
    if now == old:
        return "old"
    if now == new:
        return "new"
    extra = sorted(set(now) - set(old) - set(new))[:5]
    missing = sorted(set(new) - set(now))[:5]
    pytest.fail(f"Public/ is neither the old site nor the new one: {len(now)} entries; not in either {extra}; "
                f"missing from the new {missing}")


def full_build_seconds(hub: Path, old) -> float:
    restore(hub, old)
    started = time.monotonic()
    assert build(hub).returncode == 0
    return time.monotonic() - started


def kill_at_random(hub: Path, old, new, window: float, rng: random.Random) -> str:
    restore(hub, old)
    process = subprocess.Popen([str(HUB), "build"], cwd=hub, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, window))
    process.send_signal(signal.SIGKILL)
    process.wait()
    seen = which_site(hub, old, new)
    # The next build finishes the job and clears up after the killed one.
    again = build(hub)
    assert again.returncode == 0, again.stderr
    assert which_site(hub, old, new) == "new"
    assert leftovers(hub) == []
    return seen


def test_a_killed_build_leaves_the_old_site_or_the_new_one_whole(sites):
    hub, old, new = sites
    window = full_build_seconds(hub, old) * 1.1
    rng = random.Random(13)
    seen = [kill_at_random(hub, old, new, window, rng) for _ in range(SHORT_KILLS)]
    deadline = time.monotonic() + SOAK_SECONDS
    while time.monotonic() < deadline:
        seen.append(kill_at_random(hub, old, new, window, rng))
    print(f"{len(seen)} killed builds: {seen.count('old')} left the old site, {seen.count('new')} the new one")


def limit_file_size():
    # Writing past the limit then fails with EFBIG ("File too large") instead of stopping the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (12_000, 12_000))


def test_a_write_error_part_way_leaves_the_old_site_and_names_the_page(sites):
    hub, old, new = sites
    restore(hub, old)
    result = build(hub, preexec_fn=limit_file_size)
    assert result.returncode != 0
    assert which_site(hub, old, new) == "old"
    assert leftovers(hub) == []
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, result.stderr
    path = re.match(r"^(.*?)(:\d+:\d+)?: error: ", errors[0]).group(1)
    # Named as the page it would have been, in Public/, not as a temporary file or folder.
    assert path.startswith("Public/") and "tmp" not in path and "publishing" not in path, errors[0]
    assert path.removeprefix("Public/") in new, errors[0]
    assert "File too large" in errors[0] and "Public/ was left as the last build made it" in errors[0]
    assert "Build failed" in result.stderr


def test_files_whose_bytes_did_not_change_keep_their_modification_times(sites):
    hub, old, new = sites
    restore(hub, old)
    same = next(path for path, data in sorted(old.items()) if data is not None and new.get(path) == data)
    changed = "about/index.html"
    assert old[changed] != new[changed]
    before = {name: os.stat(hub / "Public" / name) for name in [same, changed]}
    time.sleep(0.05)
    assert build(hub).returncode == 0
    after = {name: os.stat(hub / "Public" / name) for name in before}
    assert after[same].st_mtime_ns == before[same].st_mtime_ns, same
    assert after[changed].st_mtime_ns != before[changed].st_mtime_ns

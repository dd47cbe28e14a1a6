"""Shared fixtures for the checks of a built Learning Hub site.

The site under test is $SITE_DIR (default: Public/ at the repository root; a
relative SITE_DIR is taken from the repository root). Build one with
`.build/debug/learning-hub build --output /tmp/site-under-test`.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Never let selenium-manager go looking for (or downloading) a browser or driver.
os.environ.setdefault("SE_OFFLINE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL_HINT = "run `bash Tests/site/install-deps.sh` first"

# Folders at the top of the site that are not free pages.
SECTION_FOLDERS = {"briefings", "themes", "assets"}


def site_dir_path() -> Path:
    raw = os.environ.get("SITE_DIR", "Public")
    path = Path(raw)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path.resolve()


def artifacts_dir_path() -> Path:
    raw = os.environ.get("ARTIFACTS_DIR", "test-artifacts")
    path = Path(raw)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


# --------------------------------------------------------------------------
# Parsing pages
# --------------------------------------------------------------------------

# Attributes that hold one URL, per element ("*" = any element).
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "track": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
    "button": ("formaction",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "blockquote": ("cite",),
    "q": ("cite",),
    "ins": ("cite",),
    "del": ("cite",),
}
# Elements whose URL the browser fetches by itself (not a link a person follows).
LOADING_ELEMENTS = {"script", "img", "iframe", "frame", "embed", "source", "track",
                    "video", "audio", "object", "input", "use", "image"}
# <link rel=...> values that make the browser fetch the href.
LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
                     "mask-icon", "manifest", "preload", "prefetch", "preconnect", "dns-prefetch",
                     "modulepreload", "prerender"}


@dataclass
class UrlRef:
    tag: str
    attr: str
    value: str
    line: int
    rel: str = ""

    @property
    def loads(self) -> bool:
        """Whether the browser fetches this URL on its own when the page loads."""
        if self.tag == "link":
            return bool(set(self.rel.lower().split()) & LOADING_LINK_RELS)
        return self.tag in LOADING_ELEMENTS or self.attr == "srcset"


@dataclass
class ParsedPage:
    path: Path          # file on disk
    rel: str            # path relative to the site root, posix, e.g. "briefings/ben/index.html"
    ids: dict = field(default_factory=dict)          # id -> first line
    duplicate_ids: list = field(default_factory=list)
    urls: list = field(default_factory=list)          # [UrlRef]
    inline_scripts: list = field(default_factory=list)  # lines
    style_elements: list = field(default_factory=list)  # lines
    style_attrs: list = field(default_factory=list)     # (line, tag)
    event_attrs: list = field(default_factory=list)     # (line, tag, attr)
    javascript_urls: list = field(default_factory=list)  # (line, tag, attr, value)
    csp_metas: list = field(default_factory=list)        # (line, content, in_head, before_resources)
    first_resource_line: int | None = None
    stylesheet_hrefs: list = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, page: ParsedPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_head = False
        self.seen_body = False
        self.script_stack: list[tuple[int, bool]] = []  # (line, has_src)
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs, self_closing=True)

    def _element(self, tag, attrs, self_closing):
        line = self.getpos()[0]
        page = self.page
        a = {}
        for name, value in attrs:
            a.setdefault(name, value if value is not None else "")
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
            self.seen_body = True

        if "id" in a:
            ident = a["id"]
            if ident in page.ids:
                page.duplicate_ids.append((line, ident))
            else:
                page.ids[ident] = line
        if "style" in a:
            page.style_attrs.append((line, tag))
        for name in a:
            if name.startswith("on") and len(name) > 2:
                page.event_attrs.append((line, tag, name))

        for attr in URL_ATTRS.get(tag, ()):
            if attr in a:
                value = a[attr].strip()
                page.urls.append(UrlRef(tag, attr, value, line, a.get("rel", "")))
                if value.lower().startswith("javascript:"):
                    page.javascript_urls.append((line, tag, attr, value))
        if "srcset" in a:
            for candidate in a["srcset"].split(","):
                candidate = candidate.strip()
                if candidate:
                    page.urls.append(UrlRef(tag, "srcset", candidate.split()[0], line))

        if tag == "link" and "stylesheet" in a.get("rel", "").lower().split():
            page.stylesheet_hrefs.append(a.get("href", ""))
        if tag in ("link", "script", "style") and page.first_resource_line is None:
            page.first_resource_line = line
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            page.csp_metas.append((line, a.get("content", ""), self.in_head and not self.seen_body,
                                   page.first_resource_line is None))
        if tag == "style":
            page.style_elements.append(line)
        if tag == "script" and not self_closing:
            self.script_stack.append((line, "src" in a))
            self.script_text = []

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script_stack:
            line, has_src = self.script_stack.pop()
            text = "".join(self.script_text)
            if not has_src or text.strip():
                self.page.inline_scripts.append(line)

    def handle_data(self, data):
        if self.script_stack:
            self.script_text.append(data)


def parse_page(site: Path, path: Path) -> ParsedPage:
    page = ParsedPage(path=path, rel=path.relative_to(site).as_posix())
    parser = _PageParser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


# --------------------------------------------------------------------------
# URL helpers
# --------------------------------------------------------------------------

def url_scheme(url: str) -> str:
    """The URL's scheme in lower case: "" for a relative or absolute-path URL,
    "//" for a protocol-relative one (which names another origin)."""
    if url.startswith("//"):
        return "//"
    return urllib.parse.urlsplit(url).scheme.lower()


def resolve_in_site(site: Path, page_rel: str, url: str, base_path: str | None = None):
    """Resolve a same-site URL found in page_rel.

    Returns (target_rel, fragment, problem). target_rel is the file the URL
    names (a folder becomes its index.html), relative to the site root, or None.
    """
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    fragment = urllib.parse.unquote(parts.fragment)
    if path == "":
        return page_rel, fragment, None
    if path.startswith("/"):
        if base_path is None:
            return None, fragment, "absolute-path URL (the site must work under any sub-path: use a relative URL)"
        if not path.startswith(base_path):
            return None, fragment, f"absolute-path URL outside the configured base path {base_path!r}"
        joined = path[len(base_path):]
    else:
        joined = posixpath.join(posixpath.dirname(page_rel), path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return None, fragment, "URL climbs out of the site root"
    if normal == ".":
        normal = ""
    target = site / normal
    if target.is_dir():
        if not path.endswith("/"):
            return None, fragment, "link to a folder without a trailing slash (pretty URLs must end in '/')"
        normal = posixpath.join(normal, "index.html") if normal else "index.html"
        target = site / normal
    if not target.is_file():
        return None, fragment, f"target {normal!r} does not exist"
    return normal, fragment, None


def base_path_of_404(page: ParsedPage) -> str | None:
    """The base path 404.html was built for, read from its stylesheet link."""
    for href in page.stylesheet_hrefs:
        if href.startswith("/") and "assets/" in href:
            return href[: href.index("assets/")]
    for ref in page.urls:
        if ref.tag == "link" and ref.value.startswith("/") and "assets/" in ref.value:
            return ref.value[: ref.value.index("assets/")]
    return None


# --------------------------------------------------------------------------
# Site discovery
# --------------------------------------------------------------------------

@dataclass
class Site:
    root: Path
    html_files: list
    pages: dict  # rel -> ParsedPage

    def page_url(self, rel: str) -> str:
        """The pretty URL path of an HTML file, relative to the site root."""
        if rel == "index.html":
            return ""
        if rel.endswith("/index.html"):
            return rel[: -len("index.html")]
        return rel

    def page_kinds(self) -> dict:
        return discover_page_kinds(self.root)


def content_dir_path() -> Path:
    raw = os.environ.get("CONTENT_DIR", "Content")
    path = Path(raw)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def _first_child_page(root: Path, folder: str) -> str | None:
    base = root / folder
    if not base.is_dir():
        return None
    for child in sorted(p for p in base.iterdir() if p.is_dir()):
        if (child / "index.html").is_file():
            return f"{folder}/{child.name}/"
    return None


def discover_page_kinds(root: Path) -> dict:
    """name -> URL path (relative to the site root) of one page of each kind.

    The named kinds come first (None when the site has no such page); then one
    page for every other shape of address the site has (e.g. briefings/*/responses/),
    so a new kind of page is checked as soon as the builder makes one.
    """
    content_pages = content_dir_path() / "pages"
    free_slugs = {p.stem for p in content_pages.glob("*.md")} if content_pages.is_dir() else None
    top = sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "index.html").is_file()) \
        if root.is_dir() else []
    free = [name for name in top if name not in SECTION_FOLDERS
            and (free_slugs is None or name in free_slugs)]
    kinds = {
        "home": "",
        "briefings": "briefings/",
        "briefing": _first_child_page(root, "briefings"),
        "themes": "themes/",
        "theme": _first_child_page(root, "themes"),
        "page": f"{free[0]}/" if free else None,
        "404": "404.html",
    }
    covered = {"", "briefings/", "briefings/*/", "themes/", "themes/*/", "404.html"}
    covered |= {f"{name}/" for name in free}
    if not root.is_dir():
        return kinds
    for index in sorted(root.rglob("index.html"), key=lambda p: (len(p.parts), p.as_posix())):
        rel = index.relative_to(root).parent.as_posix()
        url = "" if rel == "." else rel + "/"
        parts = url.strip("/").split("/") if url else []
        if len(parts) >= 2 and parts[0] in ("briefings", "themes"):
            parts[1] = "*"
        shape = "/".join(parts) + "/" if parts else ""
        if shape in covered:
            continue
        covered.add(shape)
        name = "-".join("item" if part == "*" else part for part in parts)
        kinds[name] = url
    return kinds


PAGE_KIND_NAMES = ["home", "briefings", "briefing", "themes", "theme", "page", "404"]
DESKTOP_WIDTH = 1280
NARROW_WIDTH = 320


def pytest_generate_tests(metafunc):
    """Parametrize browser tests by page kind, read from the site at collection time."""
    if "kind" not in metafunc.fixturenames:
        return
    root = site_dir_path()
    names = list(discover_page_kinds(root)) if (root / "index.html").is_file() else PAGE_KIND_NAMES
    if "width" in metafunc.fixturenames:
        cases = [(k, DESKTOP_WIDTH) for k in names] + [("briefing", NARROW_WIDTH)]
        metafunc.parametrize("kind,width", cases, ids=[f"{k}@{w}" for k, w in cases])
    else:
        metafunc.parametrize("kind", names)


@pytest.fixture(scope="session")
def site() -> Site:
    root = site_dir_path()
    if not (root / "index.html").is_file():
        pytest.fail(f"no built site at {root} (set SITE_DIR, or run "
                    f"`.build/debug/learning-hub build --output DIR`)")
    html_files = sorted(root.rglob("*.html"))
    pages = {p.relative_to(root).as_posix(): parse_page(root, p) for p in html_files}
    return Site(root=root, html_files=html_files, pages=pages)


# --------------------------------------------------------------------------
# Browser fixtures (accessibility)
# --------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StaticServer:
    """`python3 -m http.server` on 127.0.0.1, serving `directory`."""

    def __init__(self, directory: Path):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
             "--directory", str(directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"http.server did not start on port {self.port}")
                time.sleep(0.05)
        self.origin = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# The sub-path the site is mounted under for the browser checks: two levels
# deep, so a URL that climbs out of the site, or starts at "/", breaks.
SUB_PATH = "/mounted/learning-hub/"


@dataclass
class Served:
    base_url: str        # where the site's index.html is: http://127.0.0.1:PORT/mounted/learning-hub/
    url_404: str         # 404.html, served at the base path it was built for
    base_path_404: str


@pytest.fixture(scope="session")
def served_site(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("served")
    # Server 1: the site under a sub-path it knows nothing about.
    sub_root = tmp / "subpath-root"
    shutil.copytree(site.root, sub_root / SUB_PATH.strip("/"), symlinks=False)
    # Server 2: the site at the base path 404.html was built for (hub.yml's
    # base_path), since only that page uses absolute paths.
    base = base_path_of_404(site.pages["404.html"]) if "404.html" in site.pages else "/"
    base = base or "/"
    base_root = tmp / "basepath-root"
    shutil.copytree(site.root, base_root / base.strip("/") if base.strip("/") else base_root)
    servers = [StaticServer(sub_root), StaticServer(base_root)]
    try:
        yield Served(base_url=servers[0].origin + SUB_PATH,
                     url_404=servers[1].origin + base + "404.html",
                     base_path_404=base)
    finally:
        for s in servers:
            s.stop()


@pytest.fixture(scope="session")
def driver():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail(f"selenium is not installed: {INSTALL_HINT}")
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not os.access(exe, os.X_OK):
            pytest.fail(f"{exe} is missing: {INSTALL_HINT}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--lang=en-GB", "--disable-extensions", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-default-apps", "--disable-sync"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(30)
    drv.set_script_timeout(120)
    try:
        yield drv
    finally:
        drv.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail(f"axe-playwright-python is not installed: {INSTALL_HINT}")
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    if not path.is_file():
        found = sorted(Path(axe_playwright_python.__file__).parent.rglob("axe*.js"))
        if not found:
            pytest.fail("axe.min.js not found inside axe_playwright_python")
        path = found[0]
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = artifacts_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path

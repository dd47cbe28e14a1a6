"""Links, anchors, external requests, inline code and the CSP, read from the HTML.

Each test walks every page and reports every problem it finds, as
`file:line: message`, before failing.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from conftest import base_path_of_404, resolve_in_site, url_scheme

NOT_FOUND = "404.html"
# Schemes a person may follow from a link, never fetched by the page itself.
FOLLOW_ONLY_SCHEMES = {"http", "https", "//", "mailto", "tel"}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*?))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"');\s]+)""", re.I)


def report(problems: list[str], what: str):
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n  " + "\n  ".join(problems), pytrace=False)


def _fragment_exists(site, target_rel: str, fragment: str) -> bool:
    page = site.pages.get(target_rel)
    if page is not None:
        return fragment in page.ids
    try:
        text = (site.root / target_rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"""\bid\s*=\s*["']%s["']""" % re.escape(fragment), text) is not None


def _same_site_refs(page):
    """The URLs in a page that point into the site itself."""
    for ref in page.urls:
        if ref.value == "" and ref.attr in ("action", "formaction", "cite"):
            continue
        if url_scheme(ref.value) == "":
            yield ref


def test_relative_urls_resolve(site):
    """Every relative href/src names a file in the site (a folder means its index.html)."""
    problems = []
    for rel, page in site.pages.items():
        base = base_path_of_404(page) if rel == NOT_FOUND else None
        for ref in _same_site_refs(page):
            if ref.value.startswith("/") and rel != NOT_FOUND:
                continue  # reported by test_no_absolute_paths
            if rel == NOT_FOUND and not ref.value.startswith(("/", "#")):
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}> is relative, "
                                f"but 404.html is shown at any depth: use the base path")
                continue
            target, _fragment, problem = resolve_in_site(site.root, rel, ref.value, base)
            if problem:
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}>: {problem}")
    report(problems, "broken internal URLs")


def test_fragments_exist(site):
    """Every #anchor names an id in the page it points at."""
    problems = []
    for rel, page in site.pages.items():
        base = base_path_of_404(page) if rel == NOT_FOUND else None
        for ref in _same_site_refs(page):
            if "#" not in ref.value:
                continue
            if ref.value.startswith("/") and rel != NOT_FOUND:
                continue
            target, fragment, problem = resolve_in_site(site.root, rel, ref.value, base)
            if problem or target is None:
                continue  # reported by test_relative_urls_resolve
            if fragment == "":
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}>: empty fragment")
            elif not _fragment_exists(site, target, fragment):
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}>: "
                                f"no id={fragment!r} in {target}")
    report(problems, "broken anchors")


def test_no_absolute_paths(site):
    """Only 404.html may use "/..." URLs; the rest must work under any sub-path."""
    problems = []
    for rel, page in site.pages.items():
        if rel == NOT_FOUND:
            continue
        for ref in _same_site_refs(page):
            if ref.value.startswith("/"):
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}> is an absolute path")
    report(problems, "absolute-path URLs")


def test_404_uses_one_base_path(site):
    page = site.pages.get(NOT_FOUND)
    if page is None:
        pytest.fail("the site has no 404.html", pytrace=False)
    base = base_path_of_404(page)
    if base is None:
        pytest.fail("404.html does not link its stylesheet by an absolute path under the base path", pytrace=False)
    assert base.startswith("/") and base.endswith("/"), f"base path {base!r} should start and end with '/'"
    problems = [f"{NOT_FOUND}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}> is not under {base!r}"
                for ref in _same_site_refs(page)
                if ref.value.startswith("/") and not ref.value.startswith(base)]
    report(problems, "404.html URLs outside the base path")


def test_no_external_resources(site):
    """Nothing is fetched from another origin; plain links to other sites are fine."""
    problems = []
    for rel, page in site.pages.items():
        for ref in page.urls:
            scheme = url_scheme(ref.value)
            if scheme == "":
                continue
            if scheme == "javascript":
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}>: javascript: URL")
            elif ref.loads:
                if scheme == "data" and ref.tag in ("img", "source"):
                    continue  # the CSP allows img-src data:
                problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}"
                                f"{' rel=' + repr(ref.rel) if ref.rel else ''}> loads from another origin")
            elif ref.tag in ("a", "area", "link"):
                if scheme not in FOLLOW_ONLY_SCHEMES:
                    problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}>: "
                                    f"unexpected scheme {scheme!r}")
            elif ref.tag in ("form", "button"):
                if scheme != "mailto":
                    problems.append(f"{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.value!r}> "
                                    f"submits to another origin")
    report(problems, "external requests")


def test_css_makes_no_external_requests(site):
    """The stylesheets' url() and @import stay inside the site and name files that exist."""
    problems = []
    for css in sorted(site.root.rglob("*.css")):
        rel = css.relative_to(site.root).as_posix()
        text = css.read_text(encoding="utf-8", errors="replace")
        text_no_comments = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
        refs = [(m.start(), next(g for g in m.groups() if g is not None)) for m in CSS_URL.finditer(text_no_comments)]
        refs += [(m.start(), m.group(1)) for m in CSS_IMPORT.finditer(text_no_comments)
                 if not re.match(r"@import\s+url\(", m.group(0), re.I)]
        for pos, url in sorted(set(refs)):
            url = url.strip()
            line = text_no_comments.count("\n", 0, pos) + 1
            scheme = url_scheme(url)
            if url == "" or url.startswith("#") or scheme == "data":
                continue
            if scheme:
                problems.append(f"{rel}:{line}: url({url!r}) loads from another origin")
                continue
            if url.startswith("/"):
                problems.append(f"{rel}:{line}: url({url!r}) is an absolute path")
                continue
            path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if target.startswith("..") or not (site.root / target).is_file():
                problems.append(f"{rel}:{line}: url({url!r}) names no file in the site")
    for svg in sorted(site.root.rglob("*.svg")):
        rel = svg.relative_to(site.root).as_posix()
        for n, line in enumerate(svg.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if re.search(r"""(?:href|src)\s*=\s*["'](?:https?:)?//""", line) or re.search(r"url\(\s*['\"]?(?:https?:)?//", line):
                problems.append(f"{rel}:{n}: refers to another origin")
    report(problems, "external or broken URLs in CSS/SVG")


def test_no_inline_scripts(site):
    problems = []
    for rel, page in site.pages.items():
        problems += [f"{rel}:{line}: <script> with inline content (or no src)" for line in page.inline_scripts]
        problems += [f"{rel}:{line}: <{tag} {attr}=...> javascript: URL" for line, tag, attr, _ in page.javascript_urls]
    report(problems, "inline scripts")


def test_no_inline_styles(site):
    """The CSP's style-src 'self' blocks style="" attributes and <style> elements."""
    problems = []
    for rel, page in site.pages.items():
        problems += [f"{rel}:{line}: <{tag} style=...>" for line, tag in page.style_attrs]
        problems += [f"{rel}:{line}: <style> element" for line in page.style_elements]
    report(problems, "inline styles")


def test_no_event_handler_attributes(site):
    problems = []
    for rel, page in site.pages.items():
        problems += [f"{rel}:{line}: <{tag} {attr}=...>" for line, tag, attr in page.event_attrs]
    report(problems, "inline event handlers")


def _csp_directives(content: str) -> dict:
    directives = {}
    for part in content.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    return directives


def test_every_page_has_the_csp_meta(site):
    problems = []
    for rel, page in site.pages.items():
        if not page.csp_metas:
            problems.append(f"{rel}: no <meta http-equiv=\"Content-Security-Policy\">")
            continue
        for line, content, in_head, before_resources in page.csp_metas:
            where = f"{rel}:{line}"
            if not in_head:
                problems.append(f"{where}: the CSP meta is not in <head> (browsers ignore it there)")
            if not before_resources:
                problems.append(f"{where}: the CSP meta comes after a <link>/<script>/<style> it should govern")
            d = _csp_directives(content)
            script = d.get("script-src", d.get("default-src"))
            if "script-src" not in d:
                problems.append(f"{where}: no script-src directive")
            if script is None or "'self'" not in script:
                problems.append(f"{where}: script-src does not allow 'self'")
            for name in ("script-src", "style-src", "default-src"):
                for token in d.get(name, []):
                    if token in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:") or \
                            token.startswith(("http://", "https://")):
                        problems.append(f"{where}: {name} allows {token}")
    report(problems, "CSP problems")


def _sitemap_paths(site) -> tuple[list[str], list[str]]:
    """The pages sitemap.xml lists, as paths relative to the site root ('' = home)."""
    path = site.root / "sitemap.xml"
    if not path.is_file():
        pytest.fail("the site has no sitemap.xml", pytrace=False)
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        pytest.fail(f"sitemap.xml is not well-formed XML: {e}", pytrace=False)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = tree.getroot()
    problems = []
    if root.tag != f"{ns}urlset":
        problems.append(f"sitemap.xml: root element is {root.tag}, not the sitemaps.org urlset")
    locs = []
    for url in root.iter(f"{ns}url"):
        loc = url.find(f"{ns}loc")
        if loc is None:
            problems.append("sitemap.xml: a <url> without <loc>")
            continue
        text = (loc.text or "").strip()
        # Relative locs are relative to the sitemap's own address: "./" is the home page.
        locs.append(text[2:] if text.startswith("./") else text)
    # Absolute locs (https://host/base/x/ or /base/x/): drop what they all share.
    paths = [urllib.parse.urlsplit(l).path if (url_scheme(l) or l.startswith("/")) else l for l in locs]
    absolute = [p for p in paths if p.startswith("/")]
    if absolute:
        prefix = posixpath.commonprefix(absolute)
        prefix = prefix[: prefix.rfind("/") + 1]
        paths = [p[len(prefix):] if p.startswith(prefix) else p for p in paths]
    return [urllib.parse.unquote(p) for p in paths], problems


def test_sitemap_lists_every_page(site):
    listed, problems = _sitemap_paths(site)
    pages = {site.page_url(rel) for rel in site.pages if rel == "index.html" or rel.endswith("/index.html")}
    seen = set()
    for p in listed:
        if p in seen:
            problems.append(f"sitemap.xml: {p or '(home)'} is listed twice")
        seen.add(p)
        target = "index.html" if p == "" else (p + "index.html" if p.endswith("/") else p)
        if not (site.root / target).is_file():
            problems.append(f"sitemap.xml: {p!r} names no page in the site")
    for missing in sorted(pages - seen):
        problems.append(f"sitemap.xml: does not list {missing or '(home)'} ({missing}index.html)")
    report(problems, "sitemap problems")

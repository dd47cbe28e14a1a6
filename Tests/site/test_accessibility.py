"""Each kind of page, in headless Chromium, served under a sub-path:
it loads its stylesheets without errors, passes axe-core's WCAG 2.2 A/AA
rules, reflows at 320px, and the skip link works from the keyboard.

Screenshots and axe reports go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import base64
import json
import time

import pytest

from conftest import DESKTOP_WIDTH, NARROW_WIDTH

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = DESKTOP_WIDTH
NARROW = NARROW_WIDTH


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def set_viewport(driver, width: int, height: int = 900):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def page_url(site, served, kind: str) -> str:
    kinds = site.page_kinds()
    if kind not in kinds:
        pytest.fail(f"the site no longer has a {kind} page (collected from a different build?)", pytrace=False)
    path = kinds[kind]
    if path is None:
        if kind == "page":
            pytest.skip("the site has no free pages (Content/pages is empty)")
        pytest.fail(f"the site has no {kind} page to check", pytrace=False)
    if kind == "404":
        return served.url_404
    return served.base_url + path


def load(driver, url: str, width: int = DESKTOP):
    set_viewport(driver, width)
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    deadline = time.monotonic() + 15
    while driver.execute_script("return document.readyState") != "complete":
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not finish loading", pytrace=False)
        time.sleep(0.05)
    if driver.execute_script("return document.fonts ? document.fonts.status : 'loaded'") != "loaded":
        driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                    "document.fonts.ready.then(() => done(true));")


STYLESHEET_REPORT = """
const out = {sheets: [], links: []};
for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
  let rules = null, error = null;
  if (link.sheet) { try { rules = link.sheet.cssRules.length; } catch (e) { error = String(e); } }
  out.links.push({href: link.getAttribute('href'), resolved: link.href, media: link.media,
                  loaded: !!link.sheet, rules: rules, error: error});
}
const probe = document.createElement('div');
document.body.appendChild(probe);
const bodyStyle = getComputedStyle(document.body);
out.body = {margin: bodyStyle.margin, fontFamily: bodyStyle.fontFamily, color: bodyStyle.color,
            background: bodyStyle.backgroundColor};
probe.remove();
out.totalRules = Array.from(document.styleSheets).reduce((n, s) => {
  try { return n + s.cssRules.length; } catch (e) { return n; } }, 0);
return out;
"""


def stylesheet_problems(driver) -> list[str]:
    report = driver.execute_script(STYLESHEET_REPORT)
    problems = []
    if not report["links"]:
        problems.append("the page links no stylesheet")
    for link in report["links"]:
        if not link["loaded"] or not link["rules"]:
            problems.append(f"stylesheet {link['href']!r} (-> {link['resolved']}) did not load "
                            f"(sheet={'yes' if link['loaded'] else 'no'}, rules={link['rules']}, {link['error'] or ''})")
    body = report["body"]
    if report["totalRules"] == 0 or (body["margin"] == "8px" and "Times" in body["fontFamily"]):
        problems.append(f"the page looks unstyled: body margin {body['margin']}, font {body['fontFamily']}")
    return problems


def console_problems(driver) -> list[str]:
    """Errors the browser logged: failed loads, CSP refusals, script errors."""
    problems = []
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            message = f"console: {entry.get('message')}"
            if message not in problems:
                problems.append(message)
    return problems


def screenshot(driver, path, width: int):
    height = driver.execute_script(
        "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))")
    set_viewport(driver, width, min(max(height, 200), 16000))
    height = driver.execute_script(
        "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))")
    set_viewport(driver, width, min(max(height, 200), 16000))
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(data["data"]))
    set_viewport(driver, width)


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations', 'incomplete']})
  .then(r => done({
      version: r.testEngine && r.testEngine.version,
      violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
          nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))})),
      incomplete: r.incomplete.map(v => ({id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))}))}))
  .catch(e => done({error: String(e && e.stack || e)}));
"""


def run_axe(driver, axe_source: str) -> dict:
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source)
    result = driver.execute_async_script(AXE_RUN, AXE_TAGS)
    if "error" in result:
        pytest.fail(f"axe.run failed: {result['error']}", pytrace=False)
    return result


def format_violations(violations: list) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    {target}    {node['html'][:160]}")
            summary = (node.get("summary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n  ".join(lines)


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------

def test_page_loads_with_styles(kind, site, served_site, driver, artifacts_dir):
    """The page renders with its stylesheets, logs no errors, and gets a screenshot."""
    url = page_url(site, served_site, kind)
    load(driver, url)
    problems = stylesheet_problems(driver) + console_problems(driver)
    screenshot(driver, artifacts_dir / f"{kind}.png", DESKTOP)
    if kind == "briefing":
        load(driver, url, NARROW)
        problems += console_problems(driver)
        screenshot(driver, artifacts_dir / f"{kind}-{NARROW}.png", NARROW)
    problems = list(dict.fromkeys(problems))
    if problems:
        pytest.fail(f"{url}:\n  " + "\n  ".join(problems), pytrace=False)


def test_axe_wcag22_aa(kind, width, site, served_site, driver, axe_source, artifacts_dir):
    url = page_url(site, served_site, kind)
    load(driver, url, width)
    result = run_axe(driver, axe_source)
    (artifacts_dir / f"axe-{kind}@{width}.json").write_text(json.dumps({"url": url, **result}, indent=2))
    if result["violations"]:
        pytest.fail(f"axe-core {result.get('version')} found {len(result['violations'])} WCAG 2.2 A/AA "
                    f"violations on {kind} page {url} at {width}px:\n  " + format_violations(result["violations"]),
                    pytrace=False)


def test_reflows_at_320px(kind, site, served_site, driver):
    """WCAG 1.4.10: at 320 CSS px wide the page needs no horizontal scrolling."""
    url = page_url(site, served_site, kind)
    load(driver, url, NARROW)
    wide = driver.execute_script("""
        const vw = document.documentElement.clientWidth;
        const out = {vw: vw, sw: document.documentElement.scrollWidth, culprits: []};
        if (out.sw > vw) {
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= vw + 1) continue;
            const parent = el.parentElement;
            const pr = parent.getBoundingClientRect();
            // Report where the overflow starts: an element wider than the viewport whose
            // parent fits, or that sticks out of its parent, and not inside a scroll box.
            if (parent !== document.body && pr.right > vw + 1 && r.right <= pr.right + 1) continue;
            let inScroller = false;
            for (let p = parent; p && p !== document.body; p = p.parentElement) {
              const ox = getComputedStyle(p).overflowX;
              if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') { inScroller = true; break; }
            }
            if (inScroller) continue;
            const cs = getComputedStyle(el);
            out.culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (typeof el.className === 'string' && el.className.trim() ?
                 '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                ' (right edge ' + Math.round(r.right) + 'px, width ' + Math.round(r.width) + 'px, min-width ' +
                cs.minWidth + ', width ' + cs.width + ') ' + el.outerHTML.slice(0, 100).replace(/\\s+/g, " "));
          }
        }
        out.culprits = out.culprits.slice(0, 10);
        return out;""")
    if wide["sw"] > wide["vw"]:
        pytest.fail(f"{kind} page scrolls sideways at {NARROW}px: content is {wide['sw']}px wide "
                    f"(viewport {wide['vw']}px). Where the overflow starts:\n  " + "\n  ".join(wide["culprits"]),
                    pytrace=False)


def test_skip_link_from_keyboard(site, served_site, driver):
    """The first Tab on the home page reaches a visible skip link; Enter on it focuses <main>."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    load(driver, served_site.base_url)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    first = driver.execute_script("""
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        return {tag: a.tagName.toLowerCase(), href: a.getAttribute('href'), text: a.textContent.trim(),
                html: a.outerHTML.slice(0, 200), rect: [r.left, r.top, r.width, r.height],
                vw: window.innerWidth, vh: window.innerHeight};""")
    if not (first["tag"] == "a" and (first["href"] or "").startswith("#") and "skip" in first["text"].lower()):
        pytest.fail(f"the first Tab on the home page focused {first['html']!r}, not a skip link", pytrace=False)
    left, top, width, height = first["rect"]
    if not (width >= 1 and height >= 1 and left < first["vw"] and top < first["vh"]
            and left + width > 0 and top + height > 0):
        pytest.fail(f"the focused skip link is not visible on screen (rect {first['rect']})", pytrace=False)
    target_id = first["href"][1:]
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    after = driver.execute_script("""
        const a = document.activeElement;
        return {tag: a.tagName.toLowerCase(), id: a.id, html: a.outerHTML.slice(0, 120),
                hash: location.hash, mainId: (document.querySelector('main') || {}).id || null};""")
    problems = []
    if after["mainId"] != target_id:
        problems.append(f"the skip link points at #{target_id}, but <main> has id {after['mainId']!r}")
    if after["tag"] != "main":
        problems.append(f"after Enter on the skip link, focus is on {after['html']!r}, not <main> "
                        f"(give <main> tabindex=\"-1\")")
    if after["hash"] != f"#{target_id}":
        problems.append(f"after Enter the address ends in {after['hash']!r}, not #{target_id}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)

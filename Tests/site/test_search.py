"""Search, in headless Chromium, with the site served under a sub-path (the fixtures of conftest.py):
results as you type, ranking, prefixes and stems, marks, filters, following a result to its anchor,
the keyboard, the live region, axe-core with results on screen, the page without JavaScript, the A to Z
index, and the browser's tokeniser and stemmer against the index the builder wrote.

The axe, reflow and stylesheet checks of test_accessibility.py also run on the search and A to Z pages
(they are kinds of page it discovers); test_search_and_a_z_pages_are_checked_by_the_page_suite makes
sure they stay covered.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path

import pytest

from conftest import REPO_ROOT, discover_page_kinds
from test_accessibility import console_problems, format_violations, load, run_axe, set_viewport

FOCUS_YELLOW = "rgb(255, 221, 51)"

RESULTS = """
return Array.from(document.querySelectorAll('#search-results > li')).map(li => {
  const a = li.querySelector('a');
  const id = li.querySelector('.search-result__id');
  return {href: a.href, text: a.textContent.trim(), kind: li.className.replace(/.*search-result--/, ''),
          id: id ? id.textContent : '', marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
          meta: (li.querySelector('.search-result__meta') || {}).textContent || ''};
});
"""


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def search_url(served, query: str = "", **params) -> str:
    pairs = ([("q", query)] if query else []) + [(k, v) for k, vs in params.items()
                                                 for v in (vs if isinstance(vs, list) else [vs])]
    return served.base_url + "search/" + ("?" + urllib.parse.urlencode(pairs) if pairs else "")


def wait_for_results(driver, query: str, timeout: float = 15.0) -> dict:
    """Waits until the page has searched for `query` and shown the results; returns the status."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        # After Enter in the header's box the browser may still be on the old page,
        # or mid-way through loading the search page: keep asking until it is there.
        state = driver.execute_script("""
            const s = document.getElementById('search'), st = document.getElementById('search-status'),
                  q = document.getElementById('search-q');
            if (!s || !st || !q) return null;
            return {state: s.getAttribute('data-state'), status: st.textContent, value: q.value};""")
        if state is None:
            time.sleep(0.05)
            continue
        if state["state"] == "done" and state["value"] == query and f"\u2018{query.strip()}\u2019" in state["status"]:
            return state
        if state["state"] == "error":
            pytest.fail(f"the search page could not search: {state['status']}", pytrace=False)
        time.sleep(0.05)
    pytest.fail(f"the search page never showed results for {query!r} (last state {state})", pytrace=False)


def type_query(driver, served, query: str) -> list[dict]:
    """Opens the search page, types the query as a reader would, and returns the results shown."""
    from selenium.webdriver.common.by import By
    load(driver, search_url(served))
    box = driver.find_element(By.ID, "search-q")
    box.send_keys(query)
    wait_for_results(driver, query)
    return driver.execute_script(RESULTS)


def open_query(driver, served, query: str, **params) -> list[dict]:
    """Opens the search page with the query (and filters) in its address, as the header's search box does."""
    load(driver, search_url(served, query, **params))
    wait_for_results(driver, query)
    return driver.execute_script(RESULTS)


def ben(served, anchor: str) -> str:
    return served.base_url + "briefings/ben/#" + anchor


def result_count(driver) -> int:
    status = driver.find_element("id", "search-status").text
    m = re.match(r"([\d,]+) results? for", status)
    assert m, f"the status does not start with the number of results: {status!r}"
    return int(m.group(1).replace(",", ""))


def active(driver) -> dict:
    return driver.execute_script("""
        const a = document.activeElement, cs = getComputedStyle(a);
        return {tag: a.tagName.toLowerCase(), id: a.id, href: a.href || '', type: a.type || '',
                inResults: !!a.closest('#search-results'), background: cs.backgroundColor,
                boxShadow: cs.boxShadow, outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor};""")


def tab_until(driver, condition, limit: int = 60, shift: bool = False) -> dict:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    for _ in range(limit):
        chain = ActionChains(driver)
        if shift:
            chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
        else:
            chain.send_keys(Keys.TAB)
        chain.perform()
        now = active(driver)
        if condition(now):
            return now
    pytest.fail(f"{limit} presses of Tab never reached the element (last: {active(driver)})", pytrace=False)


def focus_is_visible(state: dict) -> bool:
    return state["background"] == FOCUS_YELLOW or state["boxShadow"] not in ("", "none") \
        or not state["outline"].startswith("none")


# --------------------------------------------------------------------------
# Finding things
# --------------------------------------------------------------------------

def test_graded_care_finds_the_gcp_finding_and_recommendation_first(site, served_site, driver):
    results = type_query(driver, served_site, "graded care")
    top = [(r["id"], r["href"]) for r in results[:2]]
    assert top == [("F2", ben(served_site, "F2")), ("R1", ben(served_site, "R1"))], \
        f"the first results for 'graded care' are {[(r['id'], r['text'][:50]) for r in results[:4]]}"
    f2 = results[0]
    assert f2["kind"] == "finding" and "The Graded Care Profile is not effectively used" in f2["text"]
    assert "Graded" in f2["marks"] and "Care" in f2["marks"], f"matched words are not marked: {f2['marks']}"
    assert "Ben: bruising" in f2["meta"], "a finding's result does not say which briefing it is from"
    # R1 says "GCP": the content defines it as the Graded Care Profile.
    assert results[1]["kind"] == "recommendation" and "GCP" in results[1]["text"]
    # The theme page itself comes right after.
    assert any(r["kind"] == "theme" and r["href"].endswith("themes/graded-care-profile/") for r in results[2:5])
    assert result_count(driver) == len(results) or len(results) == 10
    problems = console_problems(driver)
    assert not problems, "\n".join(problems)


def test_a_prefix_finds_the_strategy_meeting_findings(site, served_site, driver):
    results = type_query(driver, served_site, "strat")
    findings = [r["id"] for r in results if r["kind"] == "finding"]
    assert findings[:2] == ["F1", "F1.1"], f"'strat' finds the findings {findings}"
    assert [r["id"] for r in results[:2]] == ["F1", "F1.1"]
    assert any(m.lower() == "strategy" for m in results[0]["marks"]), results[0]["marks"]
    assert results[1]["href"] == ben(served_site, "F1-1")


@pytest.mark.parametrize("one,other", [("meeting", "meetings"), ("strategy", "strategies"),
                                       ("assessment", "assessments")])
def test_stems_match_every_form_of_a_word(site, served_site, driver, one, other):
    first = open_query(driver, served_site, one + " ")
    second = open_query(driver, served_site, other + " ")
    assert first, f"no results for {one!r}"
    assert [r["href"] for r in first] == [r["href"] for r in second], f"{one!r} and {other!r} find different results"


def test_an_id_finds_its_finding(site, served_site, driver):
    results = open_query(driver, served_site, "ben R3.1")
    assert results[0]["href"] == ben(served_site, "R3-1"), [r["id"] for r in results[:3]]
    results = open_query(driver, served_site, "F2-1 ")
    assert results[0]["href"] == ben(served_site, "F2-1")


def test_no_results_says_so(site, served_site, driver):
    load(driver, search_url(served_site, "zzxqvw"))
    deadline = time.monotonic() + 10
    while "No results" not in driver.find_element("id", "search-status").text and time.monotonic() < deadline:
        time.sleep(0.05)
    status = driver.find_element("id", "search-status").text
    assert status.startswith("No results for \u2018zzxqvw\u2019"), status
    assert driver.execute_script(RESULTS) == []
    assert not driver.find_element("id", "search-results").is_displayed()


def test_common_words_alone_say_so(site, served_site, driver):
    load(driver, search_url(served_site, "the"))
    wait_for_results(driver, "the")
    assert driver.find_element("id", "search-status").text == "\u2018the\u2019 is too common to search for. Try other words."
    assert driver.execute_script(RESULTS) == []


# --------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------

def test_a_theme_filter_narrows_the_results(site, served_site, driver):
    from selenium.webdriver.support.ui import Select
    everything = open_query(driver, served_site, "meetings")
    total = result_count(driver)
    Select(driver.find_element("id", "search-theme")).select_by_visible_text("Strategy meetings")
    deadline = time.monotonic() + 10
    while ("on the theme" not in driver.find_element("id", "search-status").text
           or driver.find_element("id", "search").get_attribute("data-state") != "done") and time.monotonic() < deadline:
        time.sleep(0.05)
    narrowed = driver.execute_script(RESULTS)
    count = result_count(driver)
    assert 0 < count < total, f"the theme filter did not narrow {total} results (now {count})"
    assert "on the theme Strategy meetings" in driver.find_element("id", "search-status").text
    # Every result left is on the theme; F1, F1.1 and R3 are (theme_items), F2.3 is not.
    ids = [r["id"] for r in narrowed if r["id"]]
    assert ids[:3] == ["F1", "F1.1", "R3"], ids
    assert all(r["href"] in [e["href"] for e in everything] or len(everything) == 10 for r in narrowed)
    # The address keeps the filter, so the results can be shared.
    assert "theme=strategy-meetings" in driver.current_url


def test_a_kind_filter_shows_only_that_kind(site, served_site, driver):
    results = open_query(driver, served_site, "graded care", kind="recommendation")
    assert results and all(r["kind"] == "recommendation" for r in results), [r["kind"] for r in results]
    assert results[0]["id"] == "R1"
    assert driver.find_element("id", "search-kind-recommendation").is_selected()
    assert "showing only recommendations" in driver.find_element("id", "search-status").text
    results = open_query(driver, served_site, "graded care", kind=["finding", "theme"])
    assert {r["kind"] for r in results} == {"finding", "theme"}


def test_the_filters_are_real_form_controls(site):
    page = (site.root / "search" / "index.html").read_text(encoding="utf-8")
    for kind in ("theme", "briefing", "finding", "recommendation", "section"):
        assert re.search(rf'<input type="checkbox" id="search-kind-{kind}" name="kind" value="{kind}">\s*'
                         rf'<label for="search-kind-{kind}">', page), f"no labelled checkbox for {kind}"
    assert re.search(r"<fieldset[^>]*>\s*<legend>Show only</legend>", page)
    assert re.search(r'<label for="search-theme">[^<]+</label>\s*<select id="search-theme" name="theme">', page)
    assert '<label class="search-form__label" for="search-q">' in page


# --------------------------------------------------------------------------
# Following results, the keyboard, the live region
# --------------------------------------------------------------------------

def test_following_a_result_lands_on_its_anchor(site, served_site, driver):
    type_query(driver, served_site, "graded care")
    first = driver.find_element("css selector", "#search-results > li:first-child a")
    # With more themes and kinds to filter by, the results can start below the fold.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", first)
    first.click()
    deadline = time.monotonic() + 10
    while "#F2" not in driver.current_url and time.monotonic() < deadline:
        time.sleep(0.05)
    assert driver.current_url == ben(served_site, "F2")
    deadline = time.monotonic() + 5  # the theme scrolls smoothly
    while True:
        landed = driver.execute_script("""
            const t = document.getElementById('F2'), r = t.getBoundingClientRect();
            return {target: t.matches(':target'), top: r.top, bottom: r.bottom, vh: innerHeight,
                    text: t.closest('li').textContent};""")
        if 0 <= landed["top"] < landed["vh"] or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert landed["target"], "the finding is not the page's :target"
    assert 0 <= landed["top"] < landed["vh"], f"the finding is not on screen: {landed}"
    assert "Graded Care Profile is not effectively used" in landed["text"]


def test_search_works_from_the_keyboard(site, served_site, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    # From another page: the header's search box, then Enter.
    load(driver, served_site.base_url + "themes/")
    box = tab_until(driver, lambda a: a["id"] == "site-search-q")
    assert focus_is_visible(box), f"the header's search box shows no focus: {box}"
    ActionChains(driver).send_keys("graded care").send_keys(Keys.ENTER).perform()
    wait_for_results(driver, "graded care")
    assert driver.current_url.startswith(served_site.base_url + "search/?q=graded+care")

    # The page's own field: typing more, and Enter, search in place.
    field = tab_until(driver, lambda a: a["id"] == "search-q")
    assert focus_is_visible(field), f"the search field shows no focus: {field}"
    url = driver.current_url
    ActionChains(driver).send_keys(Keys.END).send_keys(" profile").send_keys(Keys.ENTER).perform()
    wait_for_results(driver, "graded care profile")
    assert driver.find_element("id", "search-q").get_attribute("value") == "graded care profile"
    assert active(driver)["id"] == "search-q", "Enter moved the focus away from the field"
    assert url != driver.current_url and "profile" in driver.current_url

    # A kind filter, with Space.
    box = tab_until(driver, lambda a: a["id"] == "search-kind-recommendation")
    assert focus_is_visible(box), f"the checkbox shows no focus: {box}"
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    deadline = time.monotonic() + 10
    while "showing only recommendations" not in driver.find_element("id", "search-status").text and time.monotonic() < deadline:
        time.sleep(0.05)
    results = driver.execute_script(RESULTS)
    assert results and all(r["kind"] == "recommendation" for r in results)

    # The theme list, then the first result, then Enter follows it.
    select = tab_until(driver, lambda a: a["id"] == "search-theme")
    assert focus_is_visible(select), f"the theme list shows no focus: {select}"
    link = tab_until(driver, lambda a: a["inResults"])
    assert link["href"] == ben(served_site, "R1"), link
    assert link["background"] == FOCUS_YELLOW, f"the focused result is not highlighted: {link}"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    deadline = time.monotonic() + 10
    while "#R1" not in driver.current_url and time.monotonic() < deadline:
        time.sleep(0.05)
    assert driver.current_url == ben(served_site, "R1")


def test_show_more_moves_focus_to_the_new_results(site, served_site, driver):
    from selenium.webdriver.common.keys import Keys
    open_query(driver, served_site, "child")
    total = result_count(driver)
    if total <= 10:
        pytest.skip("the sample hub has too few results for 'child' to need a second page")
    more = driver.find_element("id", "search-more")
    assert more.is_displayed() and more.tag_name == "button"
    more.send_keys(Keys.ENTER)
    deadline = time.monotonic() + 10
    while len(driver.execute_script(RESULTS)) <= 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    shown = driver.execute_script(RESULTS)
    assert len(shown) == min(20, total)
    focused = active(driver)
    assert focused["inResults"] and focused["href"] == shown[10]["href"], focused


def test_the_results_count_is_announced_politely(site, served_site, driver):
    type_query(driver, served_site, "graded care")
    status = driver.execute_script("""
        const s = document.getElementById('search-status');
        return {role: s.getAttribute('role'), live: s.getAttribute('aria-live'), atomic: s.getAttribute('aria-atomic'),
                text: s.textContent, inMain: !!s.closest('main')};""")
    assert status["role"] == "status" and status["live"] == "polite", status
    assert re.fullmatch(r"\d+ results for \u2018graded care\u2019", status["text"]), status["text"]
    # The live region is in the page from the start, empty, so that its changes are announced.
    page = (site.root / "search" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="search-status" id="search-status" role="status" aria-live="polite" aria-atomic="true"></p>', page)


# --------------------------------------------------------------------------
# Accessibility with results on screen
# --------------------------------------------------------------------------

def test_search_and_a_z_pages_are_checked_by_the_page_suite(site):
    kinds = discover_page_kinds(site.root)
    assert kinds.get("search") == "search/", "test_accessibility.py no longer checks the search page"
    assert kinds.get("a-z") == "a-z/", "test_accessibility.py no longer checks the A to Z page"


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_with_results_and_filters(site, served_site, driver, axe_source, artifacts_dir, width):
    load(driver, search_url(served_site, "graded care", kind=["finding", "recommendation"], theme="graded-care-profile"), width)
    wait_for_results(driver, "graded care")
    assert driver.execute_script(RESULTS), "no results to check"
    result = run_axe(driver, axe_source)
    (artifacts_dir / f"axe-search-results@{width}.json").write_text(json.dumps(result, indent=2))
    assert not result["violations"], (f"axe-core found {len(result['violations'])} violations on the search page with "
                                      f"results at {width}px:\n  " + format_violations(result["violations"]))
    wide = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"the search page with results scrolls sideways by {wide}px at {width}px"


# --------------------------------------------------------------------------
# Without JavaScript; the A to Z index
# --------------------------------------------------------------------------

def test_without_javascript_the_search_page_leads_to_the_a_to_z(site, served_site, driver):
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(driver, served_site.base_url)
        driver.find_element("id", "site-search-q").send_keys("graded care\n")
        deadline = time.monotonic() + 10
        while "/search/" not in driver.current_url and time.monotonic() < deadline:
            time.sleep(0.05)
        assert driver.current_url == search_url(served_site, "graded care").replace("%20", "+")
        fallback = driver.find_element("id", "search-fallback")
        assert fallback.is_displayed(), "without JavaScript the page does not say what to do"
        link = fallback.find_element("css selector", "a")
        assert link.get_attribute("href") == served_site.base_url + "a-z/"
        link.click()
        deadline = time.monotonic() + 10
        while "/a-z/" not in driver.current_url and time.monotonic() < deadline:
            time.sleep(0.05)
        assert driver.find_element("tag name", "h1").text == "A to Z"
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    # With JavaScript the note goes, and the results come instead.
    load(driver, search_url(served_site, "graded care"))
    wait_for_results(driver, "graded care")
    assert not driver.find_element("id", "search-fallback").is_displayed()


def test_the_a_to_z_lists_themes_briefings_and_their_items(site, served_site, driver):
    load(driver, served_site.base_url + "a-z/")
    entries = driver.execute_script("""
        return Array.from(document.querySelectorAll('.a-z__entry')).map(e => ({
          title: e.querySelector('.a-z__title a').textContent, kind: e.querySelector('.a-z__kind').textContent,
          items: Array.from(e.querySelectorAll('.item-id')).map(a => [a.textContent, a.href])}));""")
    titles = [e["title"] for e in entries]
    assert titles == sorted(titles, key=lambda t: re.sub(r"^the ", "", t.lower())), titles
    kinds = {e["kind"] for e in entries}
    assert kinds == {"Theme", "Briefing"}
    briefing = next(e for e in entries if e["kind"] == "Briefing")
    ids = [i for i, _ in briefing["items"]]
    assert ids[:3] == ["F1", "F1.1", "F2"] and "R3.2" in ids, ids
    assert dict(briefing["items"])["F2.1"] == ben(served_site, "F2-1")
    # The letters jump to their groups.
    driver.find_element("link text", "G").click()
    assert driver.current_url.endswith("a-z/#letter-g")
    assert driver.execute_script("return document.getElementById('letter-g').matches(':target')")


def test_every_page_has_the_search_box(site):
    for rel, page in site.pages.items():
        forms = [u for u in page.urls if u.tag == "form" and u.value.endswith("search/")]
        assert forms, f"{rel} has no search box leading to the search page"
    text = (site.root / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<form class="site-search" role="search" aria-label="[^"]+" action="\./search/" method="get">\s*'
                     r'<label class="visually-hidden" for="site-search-q">[^<]+</label>\s*'
                     r'<input class="site-search__input" type="search" id="site-search-q" name="q"', text)
    assert "search.js" not in text, "only the search page should load search.js"


# --------------------------------------------------------------------------
# The browser's words and stems are the builder's
# --------------------------------------------------------------------------

def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def index_terms(site_root: Path) -> set[str]:
    terms = set()
    for shard in sorted((site_root / "search" / "data" / "t").glob("*.bin")):
        data, i = shard.read_bytes(), 0
        while i < len(data):
            length, i = _varint(data, i)
            terms.add(data[i:i + length].decode())
            i += length
            _, i = _varint(data, i)
            size, i = _varint(data, i)
            i += size
    return terms


def swift_stemming_pairs() -> list[tuple[str, str]]:
    source = (REPO_ROOT / "Tests" / "LearningHubCoreTests" / "SearchIndexTests.swift").read_text(encoding="utf-8")
    block = source[source.index("let stemmingPairs"):]
    block = block[: block.index("]\n")]
    return re.findall(r'\("([^"]+)", "([^"]+)"\)', block)


def test_the_browser_stems_as_the_builder_does(site, served_site, driver):
    load(driver, search_url(served_site))
    pairs = swift_stemming_pairs()
    assert len(pairs) > 40, "could not read the stemming pairs from the Swift tests"
    stems = driver.execute_script("return arguments[0].map(w => window.learningHubSearch.stem(w));", [w for w, _ in pairs])
    wrong = [f"{w}: {got!r}, the builder {want!r}" for (w, want), got in zip(pairs, stems) if got != want]
    assert not wrong, "search.js stems differently from the builder:\n  " + "\n  ".join(wrong)
    words = driver.execute_script("return window.learningHubSearch.words(arguments[0]);",
                                  "Ben's F2.1, F2-1 and R3. Don\u2019t multi-agency caf\u00e9 a x")
    assert words == ["bens", "f2.1", "f2.1", "and", "r3", "dont", "multi", "agency", "cafe"], words


def test_every_word_the_browser_reads_is_a_term_of_the_index(site, served_site, driver):
    """The text of every document, split and stemmed by search.js, gives only terms the builder indexed."""
    terms = index_terms(site.root)
    texts = []
    for shard in sorted((site.root / "search" / "data" / "m").glob("*.json")):
        kind = shard.name.rsplit("-", 1)[0]
        for title, _url, _context, excerpt, _themes, _id in json.loads(shard.read_text(encoding="utf-8")):
            if kind != "section":  # a section's number is shown in its title, not indexed
                texts.append(title)
            texts.append(excerpt)
    stop_words = json.loads((site.root / "search" / "data" / "manifest.json").read_text())["stop_words"]
    load(driver, search_url(served_site))
    got = driver.execute_script("""
        const s = window.learningHubSearch, stop = new Set(arguments[1]);
        return arguments[0].map(text => s.words(text).filter(w => !stop.has(w))
            .map(w => /^[a-z]+$/.test(w) ? s.stem(w) : w));""", texts, stop_words)
    missing = sorted({t for words in got for t in words} - terms)
    assert len(texts) > 50
    assert not missing, f"search.js makes terms the index does not have: {missing[:30]}"

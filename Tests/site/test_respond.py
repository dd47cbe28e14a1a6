"""The response form (briefings/<slug>/respond/) in headless Chromium, as a team manager uses it:
by keyboard alone, with errors and their summary, a draft that survives a reload, the response
file downloaded and then filed by `learning-hub collect`, built by `learning-hub build`, and found
on the briefing's summary page. Also: the page without JavaScript, printing, and axe on every state.

Screenshots go to test-artifacts/respond-*.png (gitignored).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO_ROOT, StaticServer, content_dir_path
from test_accessibility import format_violations, load, run_axe, screenshot

HUB = Path(os.environ.get("HUB", REPO_ROOT / ".build/debug/learning-hub"))
FORM = "briefings/ben/respond/"

# A fictional team; no real people.
TEAM = {
    "organisation": "Northshire Youth Justice Service",
    "team": "Prevention Team West",
    "team_manager": "Sam Okonjo",
    "contact": "prevention.west@example.org",
}


# --------------------------------------------------------------------------
# Helpers: the keyboard, as a person uses it
# --------------------------------------------------------------------------

def keys(driver, *sequence):
    from selenium.webdriver.common.action_chains import ActionChains
    chain = ActionChains(driver)
    for k in sequence:
        chain.send_keys(k)
    chain.perform()


ACTIVE = """
const a = document.activeElement;
return a ? {id: a.id, tag: a.tagName.toLowerCase(), type: a.type || '', text: (a.textContent || '').trim().slice(0, 80),
            value: a.value === undefined ? null : a.value} : null;"""


def active(driver) -> dict:
    return driver.execute_script(ACTIVE) or {}


def field_for_label(driver, label: str, within: str | None = None) -> str:
    """The id of the control whose label (or, for a button, whose text) is `label`, as a person finds it."""
    found = driver.execute_script("""
        const [wanted, scope] = arguments;
        const root = scope ? document.getElementById(scope) : document;
        const norm = s => s.replace(/\\s+/g, ' ').trim();
        for (const l of root.querySelectorAll('label')) {
            const text = norm(l.textContent);
            if (text === wanted || text.startsWith(wanted + ' ')) return l.htmlFor;
        }
        for (const b of root.querySelectorAll('button, a.button')) {
            if (norm(b.textContent) === wanted) return b.id || (b.id = 'test-' + Math.random().toString(36).slice(2));
        }
        return null;""", label, within)
    assert found, f"no field labelled {label!r}" + (f" in #{within}" if within else "")
    return found


def tab_to(driver, element_id: str, limit: int = 400) -> dict:
    """Presses Tab (or Shift+Tab when the field is above) until the field has the focus."""
    from selenium.webdriver.common.keys import Keys
    backwards = driver.execute_script("""
        const a = document.activeElement, t = document.getElementById(arguments[0]);
        return !!(a && a !== document.body && (t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));""",
                                      element_id)
    for _ in range(limit):
        if backwards:
            from selenium.webdriver.common.action_chains import ActionChains
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            keys(driver, Keys.TAB)
        now = active(driver)
        if now.get("id") == element_id:
            return now
    pytest.fail(f"{limit} presses of Tab never reached #{element_id} (last: {active(driver)})", pytrace=False)


def type_into(driver, label: str, text: str, within: str | None = None):
    tab_to(driver, field_for_label(driver, label, within))
    keys(driver, text)


def press(driver, label: str, key=None, within: str | None = None):
    from selenium.webdriver.common.keys import Keys
    tab_to(driver, field_for_label(driver, label, within))
    keys(driver, key or Keys.ENTER)


def value_of(driver, element_id: str) -> str:
    return driver.execute_script("return document.getElementById(arguments[0]).value", element_id)


def error_summary(driver) -> dict:
    return driver.execute_script("""
        const s = document.getElementById('error-summary');
        return {shown: !!s && !s.hidden && s.offsetParent !== null,
                title: s ? s.querySelector('h2').textContent.trim() : '',
                links: s ? [...s.querySelectorAll('a')].map(a => ({text: a.textContent.trim(), target: a.getAttribute('href')})) : [],
                focused: document.activeElement === s, pageTitle: document.title};""")


def field_error(driver, element_id: str) -> dict:
    """The error shown beside a field, and whether the field's description points at it."""
    return driver.execute_script("""
        const el = document.getElementById(arguments[0]);
        const group = el.closest('.form-group');
        const p = group && group.querySelector('.error-message');
        const holder = el.closest('[role=group]') || el.closest('#learning') || el;
        const described = (holder.getAttribute('aria-describedby') || '').split(' ');
        return {text: p && !p.hidden ? p.textContent.replace(/\\s+/g, ' ').trim() : null,
                hiddenPrefix: p ? [...p.querySelectorAll('.visually-hidden')].map(s => s.textContent) : [],
                described: !!(p && described.includes(p.id))};""", element_id)


def enable_downloads(driver, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})


def wait_for_download(folder: Path, timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".md"]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    pytest.fail(f"nothing was downloaded into {folder} (it holds {sorted(p.name for p in folder.iterdir())})",
                pytrace=False)


def open_form(driver, served, fresh: bool = True):
    load(driver, served.base_url + FORM)
    if fresh:
        driver.execute_script("localStorage.clear()")
        load(driver, served.base_url + FORM)


def assert_no_axe_violations(driver, axe_source, what: str):
    result = run_axe(driver, axe_source)
    assert not result["violations"], f"axe found problems on {what}:\n" + format_violations(result["violations"])


def run_hub(*args, cwd=None) -> subprocess.CompletedProcess:
    if not HUB.is_file():
        pytest.fail(f"{HUB} is missing: build it with `swift build --product learning-hub`", pytrace=False)
    return subprocess.run([str(HUB), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def collect_and_build(tmp_path: Path, response_file: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """Files the response into a copy of the hub's content and builds it: what the learning officer does."""
    content = tmp_path / "Content"
    shutil.copytree(content_dir_path(), content)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(response_file, inbox / response_file.name)
    collected = run_hub("collect", inbox, "--content", content)
    assert collected.returncode == 0, f"collect refused the form's file:\n{collected.stdout}{collected.stderr}\n" \
                                      f"--- the file ---\n{response_file.read_text(encoding='utf-8')}"
    out = tmp_path / "site"
    built = run_hub("build", "--content", content, "--theme", REPO_ROOT / "Theme", "--output", out)
    assert built.returncode == 0, built.stdout + built.stderr
    return out, collected


# --------------------------------------------------------------------------
# The whole journey by keyboard: errors, fixes, download, collect, build, summary
# --------------------------------------------------------------------------

def test_a_response_made_by_keyboard_reaches_the_summary_page(served_site, driver, axe_source, artifacts_dir, tmp_path):
    from selenium.webdriver.common.keys import Keys
    downloads = tmp_path / "downloads"
    open_form(driver, served_site)
    enable_downloads(driver, downloads)
    screenshot(driver, artifacts_dir / "respond-form.png", 1280)

    # Submitting the empty form: the GOV.UK error summary, focused, each message linked to its field.
    press(driver, "Download response file")
    s = error_summary(driver)
    assert s["shown"] and s["title"] == "There is a problem"
    assert s["focused"], f"the error summary did not take the focus (focus is on {active(driver)})"
    assert s["pageTitle"].startswith("Error: ")
    assert [l["text"] for l in s["links"]] == [
        "Enter the name of your organisation",
        "Enter the name of your section and team",
        "Enter the name of your team manager",
        "Enter an email address or phone number the partnership can use to contact you",
        "Tick at least one point relevant to your team, or add an action",
    ]
    assert [l["target"] for l in s["links"][:4]] == ["#organisation", "#team", "#team_manager", "#contact"]
    e = field_error(driver, "team")
    assert e["text"] == "Error: Enter the name of your section and team" and e["hiddenPrefix"] == ["Error:"] and e["described"], e
    assert not list(downloads.iterdir()), "a file was downloaded although the form has errors"
    assert_no_axe_violations(driver, axe_source, "the form showing errors")
    screenshot(driver, artifacts_dir / "respond-errors.png", 1280)

    # The summary's link takes the keyboard to the field.
    keys(driver, Keys.TAB, Keys.TAB)  # past the summary, onto its second link
    assert active(driver)["text"] == "Enter the name of your section and team"
    keys(driver, Keys.ENTER)
    assert active(driver)["id"] == "team", f"the link did not move the focus to the field: {active(driver)}"

    # Fill the form by keyboard, finding each field by its label.
    for label, name in [("Name of organisation", "organisation"), ("Name of section and team", "team"),
                        ("Team manager", "team_manager"), ("Contact details", "contact")]:
        type_into(driver, label, TEAM[name])
        keys(driver, Keys.ESCAPE)  # close the suggestions list, if the browser opened one
    press(driver, "F2.3", Keys.SPACE)
    type_into(driver, "Summary of your team's discussion of F2.3",
              "We talked about how our youth workers hear from younger siblings in the families we work with.")
    press(driver, "R3.1", Keys.SPACE)
    press(driver, "R1", Keys.SPACE)  # ticked by mistake: its summary is required, so untick it again
    press(driver, "R1", Keys.SPACE)
    type_into(driver, "Summary of your team's discussion of R3.1",
              "Case notes will say what each child told us, in their words.")
    type_into(driver, "What needs to happen?", "Add a 'what the child said' section to the case note template.", "action-1")
    type_into(driver, "Who will do it?", "Prevention Team West practice lead", "action-1")
    type_into(driver, "Day", "31", "action-1")
    type_into(driver, "Month", "3", "action-1")
    type_into(driver, "Year", "27", "action-1")  # a two-digit year: the form says so
    type_into(driver, "How will you know when it has been done?", "The new template is live in the case system.", "action-1")
    type_into(driver, "How will you know if it has worked?", "A dip sample of 10 case notes in June shows the child's words in every one.", "action-1")
    # The action cites the recommendation it answers, ticked in its own list.
    press(driver, "R3.1", Keys.SPACE, "action-1")

    # A second action, added by keyboard; the focus goes to its first field.
    press(driver, "Add another action")
    assert active(driver)["id"] == "action-2-what", f"the new action's first field did not get the focus: {active(driver)}"
    keys(driver, "Brief every youth worker on recording the voice of non-verbal children.")
    type_into(driver, "Who will do it?", "Team manager", "action-2")
    type_into(driver, "Day", "30", "action-2")
    type_into(driver, "Month", "4", "action-2")
    type_into(driver, "Year", "2027", "action-2")
    type_into(driver, "How will you know when it has been done?", "Every youth worker has been briefed.", "action-2")
    type_into(driver, "How will you know if it has worked?", "Supervision notes show workers asking about younger children.", "action-2")
    # A radio group is one Tab stop; the arrow keys choose within it.
    press(driver, "Not started", Keys.ARROW_RIGHT, "action-2")
    assert active(driver)["id"] == "action-2-status-in-progress"

    # The two-digit year is caught, and its link goes to the year.
    press(driver, "Download response file")
    s = error_summary(driver)
    assert [l["text"] for l in s["links"]] == ["The year for action 1 must include 4 numbers"], s
    assert s["focused"]
    keys(driver, Keys.TAB, Keys.ENTER)
    assert active(driver)["id"] == "action-1-by_when-year"
    keys(driver, Keys.BACKSPACE, Keys.BACKSPACE, "2027")

    # Now it downloads, and says what to do next.
    press(driver, "Download response file")
    assert not error_summary(driver)["shown"]
    assert not driver.title.startswith("Error")
    file = wait_for_download(downloads)
    assert active(driver)["id"] == "downloaded", "the confirmation did not take the focus"
    assert file.name in driver.find_element("id", "downloaded").text
    assert file.name == "response-ben-northshire-youth-justice-service-prevention-team-west.md"
    made = file.read_text(encoding="utf-8")
    assert '''  - what: "Add a 'what the child said' section to the case note template."\n    refs: ["R3.1"]\n''' in made, made
    assert made.count("refs: [") == 3, f"only action 1 cites a point; action 2 should have no refs:\n{made}"
    email = driver.find_element("id", "email-link").get_attribute("href")
    assert email.startswith("mailto:learning.hub@example.org?subject=")
    subject = urllib.parse.unquote(email.split("subject=", 1)[1].split("&", 1)[0])
    assert "Ben: bruising" in subject and "Prevention Team West" in subject, subject
    assert "attach" in urllib.parse.unquote(email).lower()
    assert_no_axe_violations(driver, axe_source, "the form after the download")

    # The learning officer files it and publishes.
    out, collected = collect_and_build(tmp_path, file)
    assert "Accepted 1" in collected.stdout, collected.stdout
    assert "warnings 0." in collected.stdout and "warning:" not in collected.stdout + collected.stderr, \
        f"the form's file should be filed without warnings:\n{collected.stdout}{collected.stderr}"
    with StaticServer(out) as server:
        load(driver, server.origin + "/briefings/ben/responses/")
        screenshot(driver, artifacts_dir / "respond-summary-page.png", 1280)
        text = driver.find_element("tag name", "main").text
        assert "Northshire Youth Justice Service" in text and "Prevention Team West" in text
        assert "Add a 'what the child said' section to the case note template." in text
        assert "Brief every youth worker on recording the voice of non-verbal children." in text
        assert "31 March 2027" in text and "30 April 2027" in text
        assert "We talked about how our youth workers hear from younger siblings" in text
        assert "In progress" in text
    # Privacy: the contact details and the manager's name (publish_staff_names is false) are nowhere.
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert TEAM["contact"].encode() not in data, f"the contact details were published in {path}"
            assert TEAM["team_manager"].encode() not in data, f"the team manager's name was published in {path}"


# --------------------------------------------------------------------------
# The draft
# --------------------------------------------------------------------------

def test_the_draft_is_restored_after_a_reload_until_it_is_cleared(served_site, driver):
    from selenium.webdriver.common.keys import Keys
    open_form(driver, served_site)
    type_into(driver, "Name of organisation", "Little Acorns Day Nursery")
    keys(driver, Keys.ESCAPE)
    press(driver, "F2.4", Keys.SPACE)
    type_into(driver, "Summary of your team's discussion of F2.4", "Half-way through our notes")
    press(driver, "Add another action")
    keys(driver, "A second action")

    driver.refresh()
    load(driver, driver.current_url)
    assert value_of(driver, "organisation") == "Little Acorns Day Nursery"
    assert driver.execute_script("return document.getElementById('ref-F2-4').checked")
    assert driver.find_element("id", "discussion-F2-4").is_displayed()
    assert value_of(driver, "discussion-F2-4") == "Half-way through our notes"
    assert value_of(driver, "action-2-what") == "A second action"
    assert "put back the answers saved in this browser" in driver.find_element("id", "draft-status").text

    press(driver, "Clear the form")
    alert = driver.switch_to.alert
    assert "cannot be undone" in alert.text
    alert.accept()
    assert value_of(driver, "organisation") == ""
    assert active(driver)["id"] == "organisation"
    driver.refresh()
    load(driver, driver.current_url)
    assert value_of(driver, "organisation") == ""
    assert not driver.execute_script("return document.getElementById('ref-F2-4').checked")
    assert len(driver.find_elements("css selector", "[data-action]")) == 1


def test_removing_an_action_renumbers_the_rest(served_site, driver):
    open_form(driver, served_site)
    press(driver, "Add another action")
    keys(driver, "Second")
    press(driver, "Add another action")
    keys(driver, "Third")
    press(driver, "Remove action 2")
    headings = [h.text for h in driver.find_elements("css selector", ".action__heading")]
    assert headings == ["Action 1", "Action 2"]
    assert value_of(driver, "action-2-what") == "Third"
    assert driver.find_element("css selector", "label[for=action-2-what]").text == "What needs to happen?"
    assert active(driver)["id"] == "action-1-what", "after a removal the focus should go to the action before it"
    assert "Action 2 removed" in driver.find_element("id", "draft-status").text


# --------------------------------------------------------------------------
# What the file holds: anything a team types survives the round trip
# --------------------------------------------------------------------------

AWKWARD = ("Staff said: \"we didn't know\" #2 - see 'notes' \\ C:\\temp\n"
           "- a line like a list item\n---\n<script>alert(1)</script> & \u00e9 \u2028 \u2014 \U0001F600 [x]: {y} %z @w")


def test_any_text_survives_the_file_and_the_collector(served_site, driver, tmp_path):
    downloads = tmp_path / "downloads"
    open_form(driver, served_site)
    enable_downloads(driver, downloads)
    # Typed text can hold anything; set it through the page as a paste would.
    driver.execute_script("""
        const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                 el.dispatchEvent(new Event('input', {bubbles: true})); };
        set('organisation', 'Northshire "Quotes" & Colons: Ltd'); set('team', '#1 Team: West');
        set('team_manager', 'Jo Bloggs'); set('contact', '01632 960000');
        const box = document.getElementById('ref-F1'); box.click();
        set('discussion-F1', arguments[0]);
        set('action-1-what', arguments[0]); set('action-1-who', 'yes'); set('action-1-by_when-day', '1');
        set('action-1-by_when-month', '12'); set('action-1-by_when-year', '2026');
        set('action-1-done_when', 'null'); set('action-1-worked_when', '~');""", AWKWARD)
    from selenium.webdriver.common.keys import Keys
    driver.find_element("id", "download").send_keys(Keys.ENTER)
    file = wait_for_download(downloads)
    out, _ = collect_and_build(tmp_path, file)
    exported = json.loads((out / "responses.json").read_text(encoding="utf-8"))
    ours = [r for r in (exported["responses"] if isinstance(exported, dict) else exported)
            if "Quotes" in json.dumps(r)]
    assert len(ours) == 1, "the response is not in responses.json"
    texts = json.dumps(ours[0], ensure_ascii=False)
    assert json.dumps(AWKWARD, ensure_ascii=False)[1:-1] in texts, \
        f"the text changed on its way through the file and the collector:\n{texts}"
    for word in ['Northshire \\"Quotes\\" & Colons: Ltd', "#1 Team: West", '"yes"', '"null"', '"~"']:
        assert word in texts, f"{word} did not survive: {texts}"


# --------------------------------------------------------------------------
# Printing, and the page without JavaScript
# --------------------------------------------------------------------------

def pdf_text(driver, tmp_path: Path, name: str) -> tuple[str, str]:
    data = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
    pdf = tmp_path / name
    pdf.write_bytes(base64.b64decode(data["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return info, text


def test_print_gives_a_clean_a4_copy_of_the_filled_form(served_site, driver, tmp_path, artifacts_dir):
    open_form(driver, served_site)
    long_text = "Our discussion went on. " * 40
    driver.execute_script("""
        const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                 el.dispatchEvent(new Event('input', {bubbles: true})); };
        set('organisation', 'Riverside Primary School'); set('team', 'Pastoral Team');
        document.getElementById('ref-F2-3').click(); set('discussion-F2-3', arguments[0]);
        set('action-1-what', 'Weekly check-ins with children on a plan');""", long_text)
    driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    info, text = pdf_text(driver, tmp_path, "filled.pdf")
    shutil.copy(tmp_path / "filled.pdf", artifacts_dir / "respond-print.pdf")
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and abs(float(size.group(1)) - 595) < 3 and abs(float(size.group(2)) - 842) < 3, info
    flat = " ".join(text.split())
    assert "Riverside Primary School" in flat and "Weekly check-ins with children on a plan" in flat
    assert flat.count("Our discussion went on.") == 40, "the long discussion was cut off in print"
    assert "F2.3" in flat and "F2.1" not in flat, "print should show only the items the team ticked"
    assert "Recommendations" not in flat, "print shows the heading of a group with nothing ticked"
    for furniture in ("Skip to main content", "Download response file", "Search the hub", "There is a problem"):
        assert furniture not in flat, f"{furniture!r} is printed"


@pytest.fixture(scope="module")
def driver_without_js():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from conftest import CHROMEDRIVER, CHROMIUM
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield drv
    finally:
        drv.quit()


def test_without_javascript_the_page_is_a_printable_blank_form(served_site, driver_without_js, tmp_path, artifacts_dir, site):
    driver = driver_without_js
    driver.get(served_site.base_url + FORM)
    assert not driver.execute_script("return document.documentElement.classList.contains('js-enabled')"), \
        "JavaScript ran: the check needs a browser with it switched off"
    shown = lambda css: [e for e in driver.find_elements("css selector", css) if e.is_displayed()]
    assert not shown("#download"), "the download button needs JavaScript, so it should not be offered without it"
    assert len(shown("textarea[id^=discussion-]")) == len(driver.find_elements("css selector", ".checkboxes__input")), \
        "every item's discussion box should be there to fill in by hand"
    assert len(shown("[data-action]")) == 3, "a blank printed form should have room for three actions"
    link = driver.find_element("link text", "blank response file")
    assert link.is_displayed()
    template = urllib.request.urlopen(link.get_attribute("href")).read().decode("utf-8")
    assert template.startswith("---\n") and "\nbriefing: ben\n" in template and re.search(r"^#\s+F2\.3  Professionals", template, re.M)
    _, text = pdf_text(driver, tmp_path, "blank.pdf")
    flat = " ".join(text.split())
    assert "Name of organisation" in flat and "Action 3" in flat and "How will you know if it has worked?" in flat
    screenshot(driver, artifacts_dir / "respond-no-javascript.png", 1280)

    # The template, filled in as a team would, is a response the collector accepts.
    filled = (template.replace("organisation: \n", "organisation: Millbrook Medical Practice\n")
              .replace("team: \n", "team: Reception Team\n")
              .replace("  - refs: []\n    discussion: \n", "  - refs: [F3]\n    discussion: We talked about coding.\n")
              .replace("  - what: \n", "  - what: Check the coding of children on a plan\n"))
    response = tmp_path / "response-ben.md"
    response.write_text(filled, encoding="utf-8")
    collect_and_build(tmp_path, response)


# --------------------------------------------------------------------------
# Edge cases found in review
# --------------------------------------------------------------------------

def checked_status(driver, n: int) -> str | None:
    return driver.execute_script(
        "const r = document.querySelector('#action-' + arguments[0] + ' [data-field=status]:checked'); return r && r.value;", n)


def test_adding_an_action_keeps_the_progress_of_the_others(served_site, driver):
    from selenium.webdriver.common.keys import Keys
    open_form(driver, served_site)
    assert checked_status(driver, 1) == "not started"
    press(driver, "Not started", Keys.ARROW_RIGHT, "action-1")
    keys(driver, Keys.ARROW_RIGHT)
    assert checked_status(driver, 1) == "done"
    press(driver, "Add another action")
    assert checked_status(driver, 1) == "done", "adding an action changed action 1's progress"
    assert checked_status(driver, 2) == "not started"
    assert "Action 2 added" in driver.find_element("id", "draft-status").text


def test_removing_an_action_while_errors_show_renumbers_the_messages(served_site, driver):
    from selenium.webdriver.common.keys import Keys
    open_form(driver, served_site)
    press(driver, "Add another action")
    keys(driver, "Second action, with no one to do it")
    press(driver, "Download response file")
    before = [l["text"] for l in error_summary(driver)["links"]]
    assert "Enter who will do action 2" in before
    press(driver, "Remove action 1")
    s = error_summary(driver)
    texts = [l["text"] for l in s["links"]]
    assert "Enter who will do action 1" in texts and not any("action 2" in t for t in texts), texts
    for link in s["links"]:
        assert driver.execute_script("return !!document.getElementById(arguments[0])", link["target"][1:]), \
            f"the summary links to a field that is not there: {link}"
    assert field_error(driver, "action-1-who")["text"] == "Error: Enter who will do action 1"


def test_dates_follow_the_gov_uk_rules(served_site, driver):
    open_form(driver, served_site)
    def attempt(day, month, year):
        driver.execute_script("""
            const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                     el.dispatchEvent(new Event('input', {bubbles: true})); };
            set('action-1-what', 'x'); set('action-1-by_when-day', arguments[0]);
            set('action-1-by_when-month', arguments[1]); set('action-1-by_when-year', arguments[2]);""", day, month, year)
        driver.find_element("id", "download").send_keys("\n")
        marked = driver.execute_script(
            "return [...document.querySelectorAll('#action-1-by_when .input--error')].map(e => e.dataset.field)")
        return field_error(driver, "action-1-by_when-day")["text"], marked
    assert attempt("31", "2", "2027") == ("Error: The date for action 1 must be a real date", ["day"])
    assert attempt("1", "13", "2027") == ("Error: The date for action 1 must be a real date", ["month"])
    assert attempt("29", "2", "2027")[0] == "Error: The date for action 1 must be a real date"
    assert attempt("1", "2", "0001") == ("Error: The year for action 1 must be between 2000 and 2099", ["year"])
    assert attempt("", "2", "") == ("Error: The date for action 1 must include a day and year", ["day", "year"])
    assert attempt("29", "Feb", "2028")[0] is None, "a month written as a name should be accepted"


def test_a_broken_draft_gives_a_blank_form_that_works(served_site, driver):
    open_form(driver, served_site)
    for draft in ['{"form":{"refs":{"a":1}}}', '{"form":{"actions":[null]}}', '{"form":{"refs":[null], "fields": 3}}', 'not json']:
        driver.execute_script("localStorage.setItem('learning-hub:response:' + location.pathname, arguments[0])", draft)
        load(driver, served_site.base_url + FORM)
        assert len(driver.find_elements("css selector", "[data-action]")) == 1, draft
        assert checked_status(driver, 1) == "not started", draft
        assert "subject=" in driver.find_element("id", "email-link").get_attribute("href")
        assert not [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"], draft


def test_a_response_too_big_for_the_collector_is_not_downloaded(served_site, driver, tmp_path):
    downloads = tmp_path / "downloads"
    open_form(driver, served_site)
    enable_downloads(driver, downloads)
    driver.execute_script("""
        const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                 el.dispatchEvent(new Event('input', {bubbles: true})); };
        set('organisation', 'A'); set('team', 'B'); set('team_manager', 'C'); set('contact', 'D');
        document.getElementById('ref-F1').click(); set('discussion-F1', 'words '.repeat(200000));""")
    driver.find_element("id", "download").send_keys("\n")
    s = error_summary(driver)
    assert s["shown"] and s["links"][0]["target"] == "#discussion-F1", s
    assert "too long" in s["links"][0]["text"]
    time.sleep(1)
    assert not list(downloads.iterdir())


def test_without_javascript_enter_in_a_field_sends_nothing(served_site, driver_without_js):
    from selenium.webdriver.common.keys import Keys
    driver = driver_without_js
    url = served_site.base_url + FORM
    driver.get(url)
    box = driver.find_element("id", "contact")
    box.send_keys("someone@example.org", Keys.ENTER)
    time.sleep(0.5)
    assert driver.current_url == url, "pressing Enter submitted the form, putting the answers in the address"
    assert driver.find_element("id", "contact").get_attribute("value") == "someone@example.org"


def test_file_names_are_whole_words_and_differ_for_two_teams(served_site, driver, tmp_path):
    """Long names are cut at word boundaries to at most 80 characters, and two teams of one
    organisation whose names start the same still get two different files."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    open_form(driver, served_site)
    enable_downloads(driver, tmp_path / "downloads")
    organisation = "Northshire and Westvale Integrated Care Board"
    names = []
    for team in ["Public Protection Unit: Child Abuse Investigation Team (North and West)",
                 "Public Protection Unit: Child Abuse Investigation Team (South and East)"]:
        driver.execute_script("""
            const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                     el.dispatchEvent(new Event('input', {bubbles: true})); };
            set('organisation', arguments[0]); set('team', arguments[1]);
            set('team_manager', 'Sam Okonjo'); set('contact', 'ppu@example.org');
            const box = document.getElementById('ref-F1'); if (!box.checked) box.click();
            set('discussion-F1', 'We talked about strategy meetings.');
            set('action-1-what', 'Brief the team'); set('action-1-who', 'Team manager');
            set('action-1-by_when-day', '1'); set('action-1-by_when-month', '12'); set('action-1-by_when-year', '2027');
            set('action-1-done_when', 'Everyone briefed'); set('action-1-worked_when', 'Audit');""", organisation, team)
        driver.find_element("id", "download").send_keys(Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: d.find_element("id", "downloaded").is_displayed() or error_summary(d)["shown"])
        assert not error_summary(driver)["shown"], error_summary(driver)
        names.append(driver.find_element("id", "downloaded-name").text)
        driver.execute_script("document.getElementById('downloaded').hidden = true")
    source_words = set(re.findall(r"[a-z0-9]+", (organisation + " child abuse investigation team public protection unit north and west south east").lower()))
    for name in names:
        assert len(name) <= 80 and name.startswith("response-ben-") and name.endswith(".md"), name
        parts = name[len("response-ben-"):-len(".md")].split("-")
        # Every part is a whole word of the names, but for the last: the tag of the full team name.
        assert all(p in source_words for p in parts[:-1]), f"{name} has a word cut short"
    assert names[0] != names[1], names

"""Reopening a response file in the form (Theme/assets/reopen.js), in headless Chromium.

- The reader against the collector: every file of the collector's own test records (written out by
  Tests/LearningHubCoreTests/ReopenCorpusTests.swift, with what the collector made of each), and the
  sample inboxes in examples/, is read in the browser; it may accept only what the collector accepts,
  must give the same answers when it does, and may refuse a file the collector accepts only when the
  file uses YAML outside the small subset it reads (docs/responses.md). `collect --dry-run` on the
  same files checks the recorded verdicts.
- The journey: fill in, download, a fresh browser, reopen, change one action's progress, download
  again, collect both: the record is updated and the history keeps the first.
- Refused files (broken, another briefing's, an old one with a removed ID) show their errors the
  GOV.UK way and leave the form, and the draft saved in the browser, exactly as they were.

Screenshots go to test-artifacts/reopen-*.png (gitignored).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import UnexpectedAlertPresentException

from conftest import CHROMEDRIVER, CHROMIUM, REPO_ROOT, content_dir_path, site_dir_path
from test_accessibility import load, screenshot
from test_respond import (FORM, active, assert_no_axe_violations, driver_without_js, enable_downloads,  # noqa: F401
                          error_summary, field_error, keys, open_form, pdf_text, press, run_hub, tab_to,
                          type_into, wait_for_download)

CORPUS = os.environ.get("REOPEN_CORPUS")

SET = """
const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                         el.dispatchEvent(new Event('input', {bubbles: true})); };"""

READ_FORM = "return JSON.stringify(window.LearningHubResponseForm.readForm())"


def read_form(driver) -> dict:
    return json.loads(driver.execute_script(READ_FORM))


def saved_draft(driver):
    return driver.execute_script("return localStorage.getItem('learning-hub:response:' + location.pathname.replace(/index\\.html$/, ''))")


def reopen(driver, path: Path, accept_replace: bool | None = None):
    """Chooses `path` in the file control, as a person does, and waits for the form's answer."""
    driver.execute_script("document.getElementById('reopen-status').textContent = 'waiting'")
    driver.find_element("id", "reopen-file").send_keys(str(path))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            alert = driver.switch_to.alert
        except Exception:
            alert = None
        if alert is not None:
            text = alert.text
            if accept_replace is None:
                alert.dismiss()  # so that the next test does not meet it
                pytest.fail(f"the form asked, unexpectedly: {text}", pytrace=False)
            alert.accept() if accept_replace else alert.dismiss()
            accept_replace = None
            assert "Replace the answers" in text, text
            continue
        try:
            said = driver.execute_script("return document.getElementById('reopen-status').textContent")
        except UnexpectedAlertPresentException:
            continue  # the form asked between the look for an alert and this read: answer it above
        if said not in ("waiting", ""):  # (the form empties it while it reads the file)
            return said
        time.sleep(0.05)
    pytest.fail("the form did not answer after a file was chosen", pytrace=False)


def fill_response(driver):
    """A response with every kind of answer: both learning points discussed, two actions, refs."""
    driver.execute_script(SET + """
        set('organisation', 'Northshire Youth Justice Service'); set('team', 'Prevention Team West');
        set('team_manager', 'Sam Okonjo'); set('contact', 'prevention.west@example.org');
        for (const id of ['ref-F2-3', 'ref-R3-1']) document.getElementById(id).click();
        set('discussion-F2-3', 'We talked about siblings.\\n\\nAnd about: "quotes", colons # and hashes.');
        set('discussion-R3-1', 'Case notes will say what each child told us.');
        set('action-1-what', 'Add a section to the case note template.'); set('action-1-who', 'Practice lead');
        set('action-1-by_when-day', '31'); set('action-1-by_when-month', '3'); set('action-1-by_when-year', '2027');
        set('action-1-done_when', 'The template is live.'); set('action-1-worked_when', 'A dip sample shows it.');
        document.getElementById('action-1-ref-R3-1').click();
        document.getElementById('add-action').click();
        set('action-2-what', 'Brief every youth worker.'); set('action-2-who', 'Team manager');
        set('action-2-by_when-day', '30'); set('action-2-by_when-month', '4'); set('action-2-by_when-year', '2027');
        set('action-2-done_when', 'Everyone briefed.'); set('action-2-worked_when', 'Supervision notes show it.');
        document.getElementById('action-2-status-in-progress').click();
        document.getElementById('action-2-ref-F2-3').click();
        document.getElementById('action-2-ref-R3-1').click();""")


def download(driver, folder: Path) -> Path:
    from selenium.webdriver.common.keys import Keys
    for old in folder.glob("*.md"):
        old.unlink()
    driver.find_element("id", "download").send_keys(Keys.ENTER)
    assert not error_summary(driver)["shown"], error_summary(driver)
    return wait_for_download(folder)


def fresh_browser():
    """A new Chromium with a profile of its own: nothing of the first browser's storage."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="reopen-profile-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=en-GB", f"--user-data-dir={profile}", "--no-first-run"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.set_script_timeout(120)
    return drv, profile


def collect(content: Path, inbox_files: list[Path], tmp_path: Path, name: str) -> subprocess.CompletedProcess:
    inbox = tmp_path / name
    inbox.mkdir()
    for f in inbox_files:
        shutil.copy(f, inbox / f.name)
    return run_hub("collect", inbox, "--content", content)


# --------------------------------------------------------------------------
# The reader against the collector
# --------------------------------------------------------------------------

READ_ALL = """
const [files, briefing, ids] = arguments;
const out = {};
for (const [name, b64] of files) {
  const bin = atob(b64), bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  out[name] = window.LearningHubReopen.read(bytes, name, briefing, ids);
}
return JSON.stringify(out);"""


def read_in_browser(driver, paths: list[Path], briefing: str, ids: list[str]) -> dict:
    results = {}
    batch = []
    def flush():
        if batch:
            results.update(json.loads(driver.execute_script(READ_ALL, batch, briefing, ids)))
            batch.clear()
    for p in paths:
        batch.append([p.name, base64.b64encode(p.read_bytes()).decode()])
        if len(batch) >= 100:
            flush()
    flush()
    return results


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The collector's test records as files, with its verdicts (expected.json)."""
    if CORPUS and (Path(CORPUS) / "expected.json").is_file():
        return Path(CORPUS)
    folder = tmp_path_factory.mktemp("reopen-corpus")
    env = dict(os.environ, REOPEN_CORPUS=str(folder))
    made = subprocess.run(["swift", "test", "--filter", "ReopenCorpusTests"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert made.returncode == 0 and (folder / "expected.json").is_file(), \
        f"could not write the collector's test records:\n{made.stdout[-3000:]}{made.stderr[-3000:]}"
    return folder


def briefing_ids(driver, served, slug: str) -> list[str]:
    load(driver, served.base_url + f"briefings/{slug}/respond/")
    return driver.execute_script("return window.LearningHubReopen.ids")


def comparable(r: dict) -> dict:
    keep = ["organisation", "team", "team_manager", "contact", "notes"]
    out = {k: r[k] for k in keep}
    out["submitted"] = r.get("submitted_date", r.get("submitted"))
    out["learning"] = r["learning"]
    out["actions"] = [{k: a[k] for k in ["what", "who", "by_when", "by_when_date", "done_when", "worked_when", "status", "evidence", "refs"]}
                      for a in r["actions"]]
    return out


def test_the_reader_accepts_what_the_collector_accepts(served_site, driver, corpus, tmp_path):
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    files = sorted((corpus / "files").iterdir())
    assert len(files) == len(expected) > 900

    # The recorded verdicts are the collector's: `collect --dry-run` rejects the same files.
    content = tmp_path / "Content"
    shutil.copytree(content_dir_path(), content)
    dry = run_hub("collect", corpus / "files", "--content", content, "--dry-run")
    rejected = set(re.findall(r"^rejected\s+\S*?([^/\s]+): \d+ problems?", dry.stdout, re.M))
    assert rejected == {n for n, v in expected.items() if not v["accepted"]}, \
        "collect --dry-run and the recorded verdicts disagree"

    ids = briefing_ids(driver, served_site, "ben")
    results = read_in_browser(driver, files, "ben", ids)
    outside, wrong = [], []
    for name, want in sorted(expected.items()):
        got = results[name]
        if got["response"] is not None:
            if not want["accepted"]:
                wrong.append(f"{name}: the form opens it, the collector refuses it: {want['errors'][:2]}")
            elif comparable(got["response"]) != comparable(want["response"]):
                wrong.append(f"{name}: read differently:\n  form:      {comparable(got['response'])}\n  collector: {comparable(want['response'])}")
        elif want["accepted"]:
            other = want["response"]["briefing"] != "ben"
            if got.get("unreadable"):
                outside.append(name)
            elif not other:
                wrong.append(f"{name}: the collector accepts it, the form refuses it: {got['problems']}")
    assert not wrong, f"{len(wrong)} files read differently from the collector:\n" + "\n".join(wrong[:15])
    # Outside the subset: only files edited at random or written by Yams' own rules, never the form's
    # or the blank response file's ways of writing (the template-* and fixture-* files).
    print(f"outside the subset ({len(outside)}): {outside}")
    known = {"fixture-refs-6.md", "fixture-action-refs-6.md", "fixture-json-trailing-comma.json"}  # [[F1]]; a comma before }
    assert not [n for n in outside if n.startswith(("fixture-", "template-")) and n not in known], outside
    assert len(outside) < len(expected) // 20, f"{len(outside)} files are outside the reader's subset: {outside[:20]}"
    # Both sides were exercised.
    accepted = [n for n, r in results.items() if r["response"] is not None]
    assert len(accepted) > 150 and len(results) - len(accepted) > 150


def test_the_sample_inboxes_read_as_the_collector_reads_them(served_site, driver, tmp_path):
    """The example files (several briefings): each is read on its own briefing's page."""
    files = sorted(p for folder in ("inbox", "sample-responses") for p in (REPO_ROOT / "examples" / folder).iterdir()
                   if p.suffix in (".md", ".json"))
    content = tmp_path / "Content"
    shutil.copytree(content_dir_path(), content)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in files:
        shutil.copy(p, inbox / (p.parent.name + "--" + p.name))
    dry = run_hub("collect", inbox, "--content", content, "--dry-run")
    rejected = set(re.findall(r"^rejected\s+\S*?([^/\s]+): \d+ problems?", dry.stdout, re.M))
    assert rejected, dry.stdout  # the sample inbox has broken files on purpose
    first = read_in_browser(driver, sorted(inbox.iterdir()), "ben", briefing_ids(driver, served_site, "ben"))
    for name, got in first.items():
        slug = got.get("briefing") or "ben"
        if slug != "ben" and (site_dir_path() / "briefings" / slug / "respond").is_dir():
            got = read_in_browser(driver, [inbox / name], slug, briefing_ids(driver, served_site, slug))[name]
        assert (got["response"] is not None) == (name not in rejected), f"{name}: form {got['problems']}, collector {'rejects' if name in rejected else 'accepts'}"


# --------------------------------------------------------------------------
# The journey: reopen in a fresh browser, update progress, send again
# --------------------------------------------------------------------------

def test_a_team_updates_its_response_from_a_fresh_browser(served_site, driver, axe_source, artifacts_dir, tmp_path):
    from selenium.webdriver.common.keys import Keys
    downloads = tmp_path / "downloads"
    open_form(driver, served_site)
    enable_downloads(driver, downloads)
    fill_response(driver)
    typed = read_form(driver)
    first = download(driver, downloads)
    sent = tmp_path / "sent"
    sent.mkdir()
    first = Path(shutil.copy(first, sent / first.name))

    # Another browser, with nothing saved: the form is empty until the file is opened.
    other, profile = fresh_browser()
    try:
        enable_downloads(other, downloads)
        load(other, served_site.base_url + FORM)
        assert other.execute_script("return localStorage.length") == 0
        assert read_form(other)["fields"]["organisation"] == ""
        reopen_control = other.find_element("id", "reopen-file")
        assert reopen_control.is_displayed()
        assert other.find_element("css selector", "label[for=reopen-file]").text == "Your response file"
        tab_to(other, "reopen-file")  # the control is reached by keyboard, with a visible focus
        focus = other.execute_script("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth];")
        assert focus[0] != "none" and focus[1] != "0px", focus
        said = reopen(other, first)
        assert "are in the form" in said and first.name in said, said
        assert not error_summary(other)["shown"]
        back = read_form(other)
        assert back == typed, f"an answer did not come back:\n typed {typed}\n back  {back}"
        assert other.execute_script("return document.getElementById('discussion-F2-3').offsetParent !== null"), \
            "a ticked point's discussion box should show"
        assert saved_draft(other), "the reopened answers should be saved in this browser as a draft"
        assert_no_axe_violations(other, axe_source, "the form after a file was reopened")
        screenshot(other, artifacts_dir / "reopen-opened.png", 1280)

        # Action 2 is done now: its progress, by keyboard, and the evidence.
        press(other, "In progress", Keys.ARROW_RIGHT, "action-2")
        assert other.execute_script("return document.getElementById('action-2-status-done').checked")
        type_into(other, "What shows it has worked? (optional)", "An audit of 20 case notes found the child's words in 19.", "action-2")
        second = download(other, downloads)
    finally:
        other.quit()
        shutil.rmtree(profile, ignore_errors=True)

    # The second file is the first with only action 2's progress and evidence changed.
    a, b = first.read_text(encoding="utf-8").splitlines(), second.read_text(encoding="utf-8").splitlines()
    changed = [(x, y) for x, y in zip(a, b) if x != y]
    assert len(a) == len(b) and [y for _, y in changed] == [
        "    status: done", "    evidence: \"An audit of 20 case notes found the child's words in 19.\""], changed
    assert second.name == first.name

    # The learning officer collects the first, then the update: the record is updated, the first kept.
    content = tmp_path / "Content"
    shutil.copytree(content_dir_path(), content)
    one = collect(content, [first], tmp_path, "inbox1")
    assert one.returncode == 0 and "accepted   " in one.stdout, one.stdout + one.stderr
    two = collect(content, [second], tmp_path, "inbox2")
    assert two.returncode == 0 and "updated    " in two.stdout, two.stdout + two.stderr
    assert "in progress \u2192 done" in two.stdout, two.stdout
    record = next((content / "responses/ben").glob("northshire-youth-justice-service--prevention-team-west.md"))
    assert "status: done" in record.read_text(encoding="utf-8").split('what: "Brief every youth worker."')[1]
    history = list((content / "responses/ben/history").rglob("northshire-youth-justice-service--prevention-team-west*"))
    assert len(history) == 1, history
    kept = history[0].read_text(encoding="utf-8")
    assert "status: in progress" in kept.split("Brief every youth worker.")[1] and "An audit of 20" not in kept


def test_reopening_asks_before_replacing_answers_already_typed(served_site, driver, tmp_path):
    downloads = tmp_path / "downloads"
    open_form(driver, served_site)
    enable_downloads(driver, downloads)
    fill_response(driver)
    file = Path(shutil.copy(download(driver, downloads), tmp_path / "sent.md"))
    driver.execute_script(SET + "set('organisation', 'Typed since'); set('action-1-what', 'Changed');")
    before = read_form(driver)
    said = reopen(driver, file, accept_replace=False)
    assert "Nothing in the form was changed" in said
    assert read_form(driver) == before
    reopen(driver, file, accept_replace=True)
    assert read_form(driver)["fields"]["organisation"] == "Northshire Youth Justice Service"


# --------------------------------------------------------------------------
# Files the form refuses: errors shown, nothing lost
# --------------------------------------------------------------------------

def made_file(driver, served, tmp_path) -> str:
    downloads = tmp_path / "made"
    open_form(driver, served)
    enable_downloads(driver, downloads)
    fill_response(driver)
    return download(driver, downloads).read_text(encoding="utf-8")


REFUSED = {
    # name: (how to spoil the form's own file, words the error must have)
    "broken": (lambda t: t.replace('    status: in progress', '    status: finished'), ["\u2018finished\u2019", "not started, in progress, done"]),
    "cut-short": (lambda t: t[:t.index("actions:")], ["never closed"]),
    "another-briefing": (lambda t: t.replace('briefing: "ben"', 'briefing: "margaret"'), ["another briefing", "\u2018margaret\u2019"]),
    "removed-id": (lambda t: t.replace('refs: ["R3.1"]', 'refs: ["F9"]', 1).replace('["F2.3"]', '["F2.7"]', 1), ["F9", "F2.7", "no longer has"]),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_file_shows_why_and_keeps_the_form(case, served_site, driver, axe_source, artifacts_dir, tmp_path):
    spoil, words = REFUSED[case]
    made = made_file(driver, served_site, tmp_path)
    bad = tmp_path / f"response-{case}.md"
    bad.write_text(spoil(made), encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != made
    # The collector refuses it too.
    content = tmp_path / "Content"
    shutil.copytree(content_dir_path(), content)
    verdict = collect(content, [bad], tmp_path, "inbox-check")
    assert "rejected   " in verdict.stdout, verdict.stdout

    # The form holds other answers now, typed and saved as a draft.
    driver.execute_script("window.LearningHubResponseForm.writeForm({}); window.LearningHubResponseForm.save()")
    driver.execute_script(SET + """
        set('organisation', 'Riverside Primary School'); document.getElementById('ref-F1').click();
        set('discussion-F1', 'Half-typed notes'); set('action-1-what', 'Something new');
        document.getElementById('action-1-status-done').click();""")
    before, draft = read_form(driver), saved_draft(driver)
    said = reopen(driver, bad)
    assert "Nothing in the form was changed" in said
    s = error_summary(driver)
    assert s["shown"] and s["focused"] and s["pageTitle"].startswith("Error: "), s
    assert s["links"] and all(l["target"] == "#reopen-file" for l in s["links"]), s
    text = " ".join(l["text"] for l in s["links"])
    for w in words:
        assert w in text, f"{w!r} is not in the errors: {text}"
    for jargon in ("YAML", "/tmp", str(tmp_path)):
        assert jargon not in text, f"the error speaks of {jargon!r}: {text}"
    e = field_error(driver, "reopen-file")
    assert e["text"].startswith(f"Error: The file \u2018{bad.name}\u2019 cannot be used") and e["hiddenPrefix"] == ["Error:"] and e["described"], e
    assert read_form(driver) == before, "the refused file changed the form"
    assert saved_draft(driver) == draft, "the refused file changed the saved draft"
    # The summary's link leads to the file control.
    from selenium.webdriver.common.keys import Keys
    keys(driver, Keys.TAB, Keys.ENTER)
    assert active(driver)["id"] == "reopen-file"
    assert_no_axe_violations(driver, axe_source, f"the form refusing a file ({case})")
    if case == "removed-id":
        screenshot(driver, artifacts_dir / "reopen-error-1280.png", 1280)
        screenshot(driver, artifacts_dir / "reopen-error-390.png", 390)
        # Download still checks the form, and its errors replace the file's.
        driver.find_element("id", "download").send_keys(Keys.ENTER)
        assert field_error(driver, "reopen-file")["text"] is None


def test_without_javascript_the_reopen_control_is_not_offered(served_site, driver_without_js):
    driver_without_js.get(served_site.base_url + FORM)
    control = driver_without_js.find_elements("id", "reopen")
    assert control and not control[0].is_displayed(), "without JavaScript the reopen control cannot work, so it should not show"


def test_printing_a_reopened_form_loses_nothing(served_site, driver, tmp_path):
    made = made_file(driver, served_site, tmp_path)
    file = tmp_path / "sent.md"
    file.write_text(made, encoding="utf-8")
    open_form(driver, served_site)
    reopen(driver, file)
    driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    _, text = pdf_text(driver, tmp_path, "reopened.pdf")
    flat = " ".join(text.split())
    for answer in ["Northshire Youth Justice Service", "Prevention Team West", "We talked about siblings.",
                   "Case notes will say what each child told us.", "Add a section to the case note template.",
                   "Brief every youth worker.", "Supervision notes show it."]:
        assert answer in flat, f"{answer!r} is not printed"
    assert "Update a response you have sent" not in flat

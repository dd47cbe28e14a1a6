"""The board's pages in headless Chromium: the actions tracker filtered and sorted by keyboard,
the tracker split into pages at scale (checked with axe), and the board pack printed to PDF
with every column header, status and action's text in it (pdftotext)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import StaticServer
from test_accessibility import load, screenshot
from test_respond import active, assert_no_axe_violations, collect_and_build, keys, pdf_text, tab_to

TRACKER = "actions/"


def visible_rows(driver) -> list[dict]:
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('table[data-sortable] tbody tr'))
          .filter(r => !r.hidden && r.offsetParent !== null)
          .map(r => ({organisation: r.dataset.organisation, status: r.dataset.status, due: r.dataset.due,
                      table: r.closest('section').id}));""")


def test_the_tracker_filters_and_sorts_by_keyboard(served_site, driver, artifacts_dir):
    from selenium.webdriver.common.keys import Keys
    load(driver, served_site.base_url + TRACKER)
    every = visible_rows(driver)
    assert len(every) > 5, "the sample tracker should have actions to filter"
    assert driver.find_element("id", "tracker-filters").is_displayed()
    count = driver.find_element("id", "filter-count")
    assert count.text == f"Showing {len(every)} of {len(every)} actions."

    # Organisation: a select, chosen by typing its name, as a keyboard user does.
    tab_to(driver, "filter-organisation")
    keys(driver, "Riverside")
    wanted = [r for r in every if r["organisation"] == "Riverside Primary School"]
    assert wanted, "the sample has actions of Riverside Primary School"
    shown = visible_rows(driver)
    assert shown and all(r["organisation"] == "Riverside Primary School" for r in shown), shown
    assert len(shown) == len(wanted)
    assert count.text == f"Showing {len(wanted)} of {len(every)} actions."

    # Status on top of it, then clear both.
    tab_to(driver, "filter-status")
    keys(driver, "Not")
    assert all(r["status"] == "Not started" for r in visible_rows(driver))
    tab_to(driver, "filter-clear")
    keys(driver, Keys.ENTER)
    assert len(visible_rows(driver)) == len(every)
    assert active(driver)["id"] == "filter-organisation", "clearing the filters should put the focus back at the start"

    # Due on or before a day: only actions with a date up to it.
    driver.execute_script("const d = document.getElementById('filter-due-by'); d.value = '2026-11-30';"
                          "d.dispatchEvent(new Event('change'));")
    assert all(r["due"] and r["due"] <= "2026-11-30" for r in visible_rows(driver)), visible_rows(driver)
    driver.execute_script("const d = document.getElementById('filter-due-by'); d.value = '';"
                          "d.dispatchEvent(new Event('change'));")

    # Sorting the "Due later" table by its date, by keyboard: ascending, then descending.
    button = driver.execute_script("""
        const th = Array.from(document.querySelectorAll('#due-later th')).find(t => t.textContent.trim() === 'By when?');
        const b = th.querySelector('button'); b.id = 'sort-due-later-date'; return b.id;""")
    tab_to(driver, button)
    keys(driver, Keys.ENTER)
    dates = [r["due"] for r in visible_rows(driver) if r["table"] == "due-later"]
    assert dates == sorted(dates) and len(dates) > 1, dates
    sort = driver.execute_script("return document.getElementById(arguments[0]).closest('th').getAttribute('aria-sort')", button)
    assert sort == "ascending"
    keys(driver, Keys.ENTER)
    dates = [r["due"] for r in visible_rows(driver) if r["table"] == "due-later"]
    assert dates == sorted(dates, reverse=True), dates
    assert "descending" in count.text
    screenshot(driver, artifacts_dir / "tracker-sorted.png", 1280)


def test_without_javascript_the_tracker_shows_every_row(site):
    html = (site.root / TRACKER / "index.html").read_text(encoding="utf-8")
    assert 'id="tracker-filters" hidden' in html, "the filters need the script, so they start hidden"
    assert "<script src=" in html and "<script>" not in html


def response_with_actions(n: int) -> str:
    lines = ["---", "briefing: ben", "organisation: Northshire Youth Justice Service", "team: Prevention Team West",
             "team_manager: Sam Example", "contact: yjs@example.org", "submitted: 2026-11-20", "learning: []", "actions:"]
    for i in range(1, n + 1):
        lines += [f'  - what: "Review case {i:03d} with the team"', "    refs: [R3]", "    who: Practice lead",
                  f"    by_when: 2026-{1 + i % 10:02d}-15", "    done_when: Reviewed", "    worked_when: Audit finds it", "    status: in progress"]
    return "\n".join(lines + ["---", ""])


def test_at_scale_the_tracker_is_split_into_pages_that_pass_axe(tmp_path, driver, axe_source):
    file = tmp_path / "many.md"
    file.write_text(response_with_actions(230), encoding="utf-8")
    out, _ = collect_and_build(tmp_path, file)
    index = (out / "actions/index.html").read_text(encoding="utf-8")
    assert "<tbody>" not in index.split("Actions by organisation")[0], "a split tracker lists counts, not every action"
    assert (out / "actions/overdue/index.html").is_file() and (out / "actions/overdue/2/index.html").is_file()
    assert not (out / "actions/overdue/3/index.html").exists()
    for page in out.rglob("index.html"):
        assert page.stat().st_size < 1_000_000, f"{page} is over 1 MB"
    with StaticServer(out) as server:
        for path in ["actions/", "actions/overdue/", "actions/overdue/2/", "responses/dashboard/",
                     "organisations/northshire-youth-justice-service/"]:
            load(driver, server.origin + "/" + path)
            assert_no_axe_violations(driver, axe_source, path)
        load(driver, server.origin + "/actions/overdue/2/")
        text = driver.find_element("tag name", "main").text
        assert "Page 2 of 2" in text and "Actions 201 to" in text
        assert "Review case" in text


# --------------------------------------------------------------------------
# The board pack, printed
# --------------------------------------------------------------------------

def squash(text: str) -> str:
    """Text without white space, so that words a PDF wraps or splits across lines still match."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", [TRACKER, "responses/dashboard/", "responses/"])
def test_the_board_pack_prints_with_nothing_cut_off(path, site, served_site, driver, tmp_path, artifacts_dir):
    load(driver, served_site.base_url + path)
    headers, statuses, whats = driver.execute_script("""
        const t = s => s.textContent.replace(/\\s+/g, ' ').trim();
        return [Array.from(document.querySelectorAll('main thead th')).map(t),
                Array.from(document.querySelectorAll('main .status')).map(t),
                Array.from(document.querySelectorAll('main .actions-table tbody tr td:nth-child(2)')).map(td => t(td.firstChild))];""")
    name = path.strip("/").replace("/", "-") + ".pdf"
    info, _ = pdf_text(driver, tmp_path, name)
    # In the order the page drew it: each cell's text together, however the columns line up.
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / name), "-"], capture_output=True, text=True, check=True).stdout
    (artifacts_dir / (path.strip("/").replace("/", "-") + ".pdf.txt")).write_text(text, encoding="utf-8")
    assert "landscape" in info.lower() or re.search(r"Page size:\s+841\.\d+ x 595", info) or "841.92 x 594.96" in info, info
    flat = squash(text)
    assert headers, "the page has tables"
    for h in headers:
        assert squash(h) in flat, f"the column header {h!r} is missing from the printed {path}"
    for s in statuses:
        assert squash(s) in flat, f"the status {s!r} is missing from the printed {path}"
    for w in whats:
        assert squash(w) in flat, f"the action {w[:60]!r} is cut off in the printed {path}"
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert f"Page{pages}of{pages}" in flat, "each page should carry its number"
    assert flat.lower().count("figuresasof") >= pages, "each page should say the day the figures are judged on"

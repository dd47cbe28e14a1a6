"""A briefing printed for a team meeting: A4, as few sheets as its text allows, no on-screen controls."""
from __future__ import annotations

import re

import pytest

from test_accessibility import load
from test_respond import pdf_text

# The sample briefings and the most sheets each should take (the seed's own briefing: two).
BRIEFINGS = {"ben": 2, "private-fostering": 2, "margaret": 2}


@pytest.mark.parametrize("slug", sorted(BRIEFINGS))
def test_a_briefing_prints_on_few_a4_sheets_without_its_controls(slug, served_site, driver, tmp_path):
    load(driver, served_site.base_url + f"briefings/{slug}/")
    info, text = pdf_text(driver, tmp_path, f"{slug}.pdf")
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert abs(float(size.group(1)) - 595.28) < 2 and abs(float(size.group(2)) - 841.89) < 2, f"not A4: {size.group(0)}"
    assert pages <= BRIEFINGS[slug], f"{slug} prints on {pages} sheets"
    flat = " ".join(text.split())
    # The button becomes the form's address; the links that only work on screen are not printed.
    assert "Fill in your team's response on the hub at briefings/" + slug + "/respond/" in flat
    assert "See what teams have said so far" not in flat
    assert not re.search(r"The \w+ sections?\b", flat), "the clock face and its list of sections printed"
    # Every point's ID is on paper, for the team to cite.
    ids = driver.execute_script("return [...document.querySelectorAll('main .item-id')].map(e => e.textContent)")
    assert ids and all(i in flat for i in ids), [i for i in ids if i not in flat]

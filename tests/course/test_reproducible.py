"""Running a notebook twice prints the same text, and the few places nbval does not compare are on record.

nbval (strict, in the default suite) re-executes every notebook in a fresh kernel and compares every
text output with the committed one, which was itself produced by a fresh run (``./kit build``):
a notebook whose printed numbers change between runs fails. A second execution here would add nothing.
What escapes that comparison, and so must be deliberate and documented:

1. cells marked ``NBVAL_IGNORE_OUTPUT`` or ``NBVAL_SKIP`` (comment or cell tag): each must be listed in
   ``EXCLUDED`` below, with the reason its output may differ between runs;
2. text masked by ``tests/nbval_sanitize.cfg`` (printed durations, memory addresses): each rule there
   carries a comment saying what it masks;
3. pictures: nbval compares a figure's text (``<Figure size ... with 1 Axes>``), not its pixels, and
   never compares widget views (live demos are stored as a fixed "Live demo: ..." text instead).
"""

import configparser
import json

from conftest import NOTEBOOKS, ROOT

# (notebook, first line of the cell's code) -> why its output may legitimately differ between runs.
# Keep this short: every entry is a cell whose output the tests do not check.
EXCLUDED: dict[tuple[str, str], str] = {}

MARKERS = {"NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "PYTEST_VALIDATE_IGNORE_OUTPUT"}
TAGS = {"nbval-ignore-output", "nbval-skip", "pytest-validate-ignore-output"}


def excluded_cells() -> dict[tuple[str, str], str]:
    found = {}
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            lines = "".join(cell["source"]).splitlines()
            markers = {l.strip().lstrip("#").strip() for l in lines if l.strip().startswith("#")} & MARKERS
            tags = set(cell.get("metadata", {}).get("tags", [])) & TAGS
            if markers or tags:
                code = [l.strip() for l in lines if l.strip() and l.strip().lstrip("#").strip() not in MARKERS]
                found[(path.name, code[0] if code else "")] = ", ".join(sorted(markers | tags))
    return found


def test_every_cell_nbval_does_not_compare_is_documented():
    undocumented = {k: how for k, how in excluded_cells().items() if k not in EXCLUDED}
    assert not undocumented, (
        "these cells are excluded from nbval's comparison without a recorded reason; either make their "
        "output deterministic (random_state=42, print rounded numbers, no timings) or add them to EXCLUDED "
        f"in tests/course/test_reproducible.py with the reason: {undocumented}")


def test_no_stale_entries():
    stale = set(EXCLUDED) - set(excluded_cells())
    assert not stale, f"EXCLUDED lists cells that no longer carry an nbval marker: {stale}"


def test_every_sanitize_rule_says_what_it_masks():
    path = ROOT / "tests" / "nbval_sanitize.cfg"
    config = configparser.ConfigParser()
    config.read(path)
    text = path.read_text().splitlines()
    for section in config.sections():
        index = text.index(f"[{section}]")
        assert index + 1 < len(text) and text[index + 1].lstrip().startswith("#"), (
            f"sanitize rule [{section}] needs a comment line right below it saying what it masks and why")

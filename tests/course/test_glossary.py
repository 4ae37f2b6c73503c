"""notebooks/glossary.md: every term points to a lesson that exists and really uses the term, and the
lessons link to the glossary."""

import re

from conftest import ROOT

GLOSSARY = ROOT / "notebooks" / "glossary.md"
ROW = re.compile(r"^\| ([^|]+) \| ([^|]+) \| (.+) \|$")
LINK = re.compile(r"\[[^\]]+\]\(([^)]+)\)")


def rows():
    for line in GLOSSARY.read_text().splitlines():
        m = ROW.match(line)
        if m and m.group(1) not in ("term", "---"):
            yield m.group(1).strip(), m.group(3)


def test_every_term_links_to_files_that_exist():
    seen = list(rows())
    assert len(seen) >= 40
    for term, where in seen:
        targets = LINK.findall(where)
        assert targets, f"{term}: no lesson given"
        for target in targets:
            assert (GLOSSARY.parent / target.strip("`")).exists(), f"{term}: {target} does not exist"


def test_each_term_appears_in_the_first_lesson_it_cites():
    for term, where in rows():
        target = LINK.findall(where)[0]
        if not target.endswith(".ipynb"):
            continue
        source = (ROOT / "lessons" / target.replace(".ipynb", ".py")).read_text().lower()
        key = re.split(r"[,(]", term)[0].strip().strip("`").lower()
        assert key in source, f"{term!r}: {key!r} is not in {target}"


def test_the_lessons_link_to_the_glossary():
    for lesson in ("00_start_here", "03_oversampling_smote"):
        assert "(glossary.md)" in (ROOT / "lessons" / f"{lesson}.py").read_text(), lesson

"""Counting the evidence grid's outcomes for the lessons' claims tests (tests/lessons/test_0[3-8]_*.py)."""

from functools import cache

from helpers import evidence


@cache
def grid():
    return evidence.load()


def counts(panel, learner, method):
    """{"better": n, "no detectable change": n, "worse": n, ...} over the grid's 20 datasets."""
    per = evidence.outcomes(grid(), panel).reset_index()
    mine = per[(per["learner"] == learner) & (per["method"] == method)]
    assert len(mine) == 20, f"{learner} / {method}: {len(mine)} datasets in the grid, expected 20"
    values = mine["outcome"].value_counts()
    return {o: int(values.get(o, 0)) for o in evidence.OUTCOMES}

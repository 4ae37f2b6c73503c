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


@cache
def _bar(metric):
    return evidence.bar_verdicts(evidence.load_folds(), metric)


def bar_counts(metric, learner, method):
    """{"better": n, "no detectable difference": n, "worse": n, "not judged": n} against lesson 02's bar
    (``evidence.bar_for(metric)``: gradient boosting, no correction; its threshold tuned for the cost), and
    the median difference, over the grid's 20 datasets."""
    per = _bar(metric)
    mine = per[(per["learner"] == learner) & (per["method"] == method)]
    assert len(mine) == 20, f"{learner} / {method}: {len(mine)} datasets against the bar, expected 20"
    values = mine["verdict"].value_counts()
    out = {v: int(values.get(v, 0)) for v in ("better", "no detectable difference", "worse", "not judged")}
    out["median"] = float(mine["difference"].median())
    return out

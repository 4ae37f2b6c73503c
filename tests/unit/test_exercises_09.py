"""helpers.exercises.lesson09: right answers pass (in strict mode too), each recognised mistake gets its own hint,
placeholders never raise, and no message gives the expected value away."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from helpers import datasets, guide
from helpers.exercises import STRICT_ENV, lesson09


def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


@pytest.fixture(scope="module")
def thyroid():
    X, y = datasets.load("thyroid")
    return guide.prepare().fit_transform(X), y.to_numpy()


def _share(Z, y, rows, self_included=False):
    nn = NearestNeighbors(n_neighbors=5).fit(Z[rows])
    _, nb = nn.kneighbors(Z[rows]) if self_included else nn.kneighbors()
    return float(np.mean((y[rows][nb] == 1).sum(axis=1)[y[rows] == 1] >= 4))


def _view(y, seed):
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    return np.r_[pos, np.random.default_rng(seed).choice(neg, len(pos), replace=False)]


def test_ex1_accepts_the_seeded_view_and_other_draws(capsys, monkeypatch, thyroid):
    monkeypatch.setenv(STRICT_ENV, "1")
    Z, y = thyroid
    ex1 = lesson09.balanced_safe_share()
    for seed in (7, 1, 2):
        ex1.check(_share(Z, y, _view(y, seed)))
    assert capsys.readouterr().out.count("Correct!") == 3


def test_ex1_recognises_each_mistake(capsys, lenient, thyroid):
    Z, y = thyroid
    ex1 = lesson09.balanced_safe_share()
    as_is = _share(Z, y, np.arange(len(y)))
    assert "as they are" in printed(capsys, ex1, as_is)
    assert "own neighbours" in printed(capsys, ex1, 1.0)
    assert "not what one balanced view gives" in printed(capsys, ex1, 0.3)
    assert "No answer yet" in printed(capsys, ex1, ...)
    for message in (printed(capsys, ex1, a) for a in (as_is, 1.0, 0.3)):
        assert "0.8" not in message  # the expected share is never given away


def test_ex1_refuses_what_is_not_a_share(capsys, lenient):
    ex1 = lesson09.balanced_safe_share()
    assert printed(capsys, ex1, 84.8).startswith("Not yet")
    assert printed(capsys, ex1, "0.85").startswith("Not yet")


@pytest.fixture(scope="module")
def page_blocks_pair():
    X, y = datasets.load("page_blocks")
    recs = guide.recommend(X, y, cost_miss=10, cost_false_alarm=1, keep="k-NN")
    pair = [c for c in recs if c.name in (lesson09.BASELINE, lesson09.OTHER)]
    return X, y, pair, guide.evaluate(X, y, pair, progress=False, n_jobs=2)


def test_ex2_accepts_the_evaluation(capsys, monkeypatch, page_blocks_pair):
    monkeypatch.setenv(STRICT_ENV, "1")
    lesson09.knn_pair().check(page_blocks_pair[3])
    assert "Correct!" in capsys.readouterr().out


def test_ex2_recognises_each_mistake(capsys, lenient, page_blocks_pair):
    X, y, pair, right = page_blocks_pair
    ex2 = lesson09.knn_pair()
    reversed_order = guide.Evaluation(right.summary, right.folds, right.differences, lesson09.OTHER)
    assert "came first" in printed(capsys, ex2, reversed_order)
    assert "Evaluation" in printed(capsys, ex2, right.differences)
    only_one = guide.Evaluation(right.summary, right.folds[right.folds["candidate"] == lesson09.BASELINE],
                                right.differences, lesson09.BASELINE)
    assert "exactly the two" in printed(capsys, ex2, only_one)
    other_cost = right.folds.copy()
    rows = other_cost["metric"] == "cost_per_case"
    other_cost.loc[rows, "value"] = (5 * other_cost.loc[rows, "fn"] + other_cost.loc[rows, "fp"]) / other_cost.loc[rows, "n_test"]
    assert "another cost" in printed(capsys, ex2, guide.Evaluation(right.summary, other_cost, right.differences,
                                                                   lesson09.BASELINE))
    few = right.folds[right.folds["fold"] < 5]
    assert "fewer than 10 folds" in printed(capsys, ex2, guide.Evaluation(right.summary, few, right.differences,
                                                                          lesson09.BASELINE))
    assert "No answer yet" in printed(capsys, ex2, None)

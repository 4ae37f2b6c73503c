"""Checks for lesson 00's exercises (00_start_here.ipynb).

``exercises(labels)`` returns the two checkers, bound to the lesson's ``labels`` (dataset name -> y):

1. ``kddcup_folds``: the number of minority rows in each of the 5 test folds of a stratified 5-fold split
   of ``kddcup`` (a list of 5 whole numbers, in any order);
2. ``share_or_count``: the dataset on which "always no" is most accurate, and the dataset whose test
   folds hold the fewest minority rows, as ``{"most_accurate_always_no": ..., "fewest_minority_per_fold": ...}``.

Expected values are computed here from the labels with numpy; no estimator and no splitter is built here.
A stratified 5-fold split gives each test fold a fifth of each class, rounded down or up, so the counts
are known without splitting.

>>> import numpy as np, pandas as pd
>>> labels = {"a": pd.Series([0] * 90 + [1] * 10), "b": pd.Series([0] * 995 + [1] * 5)}
>>> ex1, ex2 = exercises(labels, dataset="a")
>>> ex1.check([2, 2, 2, 2, 2])
Correct! A test fold this small lets recall take only a few values: one row more or less found moves it a lot.
>>> ex1.check([10, 10, 10, 10, 10], strict=False)
Not yet: that is the same count for every fold, but it adds up to more than the minority rows in the data. Count the rows with y == 1 in each test fold.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .._checks import as_binary_target
from . import Exercise, NotYet, expect_mapping

N_SPLITS = 5
KEYS = ("most_accurate_always_no", "fewest_minority_per_fold")


def _stratified_counts(n_class: int, n_splits: int = N_SPLITS) -> list[int]:
    """How many rows of a class with ``n_class`` rows each test fold of a stratified split holds, sorted."""
    q, r = divmod(n_class, n_splits)
    return [q] * (n_splits - r) + [q + 1] * r


def _counts(answer: Any, n_rows: int) -> list[int]:
    """The learner's 5 counts as whole numbers, or NotYet saying what shape the answer should have."""
    if hasattr(answer, "to_numpy"):
        answer = answer.to_numpy()
    if isinstance(answer, (bool, np.bool_, int, float, np.integer, np.floating)):
        raise NotYet(f"answer one count per test fold: a list of {N_SPLITS} whole numbers, not one number. "
                     "(The folds need not all hold the same number of minority rows.)")
    if not isinstance(answer, (list, tuple, np.ndarray)):
        raise NotYet(f"answer should be a list of {N_SPLITS} whole numbers, not a {type(answer).__name__}.")
    values = np.asarray(answer, dtype=object).ravel()
    if len(values) != N_SPLITS:
        if len(values) > 2 * N_SPLITS and set(np.unique(values.astype(float))) <= {0.0, 1.0}:
            raise NotYet("that looks like the labels of a test fold, not a count: .sum() of y over a test "
                         "fold counts its minority rows.")
        raise NotYet(f"a 5-fold split has {N_SPLITS} test folds, so answer {N_SPLITS} counts; this has "
                     f"{len(values)}.")
    try:
        numbers = values.astype(float)
    except (TypeError, ValueError) as err:
        raise NotYet(f"answer should hold {N_SPLITS} whole numbers (counts of rows).") from err
    if not np.all(np.isfinite(numbers)) or not np.all(numbers == np.round(numbers)) or numbers.min() < 0:
        raise NotYet("a count of rows is a whole number of at least 0: count the minority rows in each test "
                     "fold, do not divide.")
    if numbers.max() > n_rows:
        raise NotYet("those counts are larger than the dataset itself; count rows of the dataset named in the "
                     "exercise.")
    return [int(v) for v in numbers]


def kddcup_folds(labels: Mapping[str, Any], dataset: str = "kddcup") -> Exercise:
    """Exercise 1: the minority rows in each test fold of ``StratifiedKFold(n_splits=5)`` on ``dataset``."""
    if dataset not in labels:
        raise KeyError(f"labels has no {dataset!r}; pass the lesson's labels dict (name -> y).")
    y = as_binary_target(labels[dataset], "y")
    n, n_min = len(y), int(y.sum())
    n_maj = n - n_min
    want = _stratified_counts(n_min)
    fold_sizes = sorted(a + b for a, b in zip(_stratified_counts(n_min), reversed(_stratified_counts(n_maj))))

    def judge(answer: Any) -> str | None:
        counts = sorted(_counts(answer, n))
        if counts == want:
            return None
        if all(c > n / (2 * N_SPLITS) for c in counts):  # far more than a minority could hold
            if sum(counts) == n or all(abs(c - s) <= 1 for c, s in zip(counts, fold_sizes)):
                return "those are the sizes of the test folds; count only the minority rows (y == 1) in each."
            if sum(counts) == n_maj or sum(counts) == (N_SPLITS - 1) * n_maj:
                return "those look like majority rows (y == 0); count the minority rows (y == 1)."
            if sum(counts) == (N_SPLITS - 1) * n:
                return "those are the sizes of the training folds; split gives (train, test): count in test."
        if sum(counts) == (N_SPLITS - 1) * n_min:
            return ("those are the minority rows of the training folds: split(X, y) gives each fold as a pair "
                    "(train, test), in that order. Count in test.")
        if sum(counts) == n_min:
            return ("the counts add up to all the minority rows, but they are spread unevenly: that is what an "
                    "unstratified split (KFold, or no shuffle on sorted data) does. Use StratifiedKFold, "
                    "which keeps the class balance in every fold.")
        if len(set(counts)) == 1 and sum(counts) > n_min:
            return ("that is the same count for every fold, but it adds up to more than the minority rows in the "
                    "data. Count the rows with y == 1 in each test fold.")
        return ("those counts do not add up to the data's minority rows: each minority row is in exactly one "
                "test fold. Count y == 1 over the rows of each test fold (ex1.hint(2) shows the code).")

    hint = ("Make the splitter, loop over the (train, test) pairs that its .split(X, y) gives, and count the "
            "minority rows among the test rows.",
            "folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42); then "
            "[int(y_kdd.iloc[test].sum()) for train, test in folds.split(X_kdd, y_kdd)].")
    return Exercise("Exercise 1 (minority rows per test fold)", judge, hint,
                    on_correct="A test fold this small lets recall take only a few values: one row more or less "
                               "found moves it a lot.")


def share_or_count(labels: Mapping[str, Any]) -> Exercise:
    """Exercise 2: ``{"most_accurate_always_no": name, "fewest_minority_per_fold": name}`` over ``labels``."""
    ys = {name: as_binary_target(y, "y") for name, y in labels.items()}
    if len(ys) < 2:
        raise ValueError("labels should hold at least two datasets (name -> y).")
    majority_share = {name: float((y == 0).mean()) for name, y in ys.items()}
    fewest = {name: int(y.sum()) // N_SPLITS for name, y in ys.items()}  # the smallest stratified test fold
    minority_share = {name: 1 - share for name, share in majority_share.items()}
    want_accurate = max(majority_share, key=majority_share.get)
    want_fewest = min(fewest, key=fewest.get)

    def name_of(value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise NotYet(f"answer[{key!r}] should be a dataset's name as a string (as in datasets.names()), not a "
                         f"{type(value).__name__}.")
        name = value.strip()
        if name not in ys:
            raise NotYet(f"answer[{key!r}] is {value!r}, which is not one of the datasets in `labels`: use a "
                         "name from datasets.names().")
        return name

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, KEYS)
        accurate = name_of(answer[KEYS[0]], KEYS[0])
        few = name_of(answer[KEYS[1]], KEYS[1])
        ok_accurate = majority_share[accurate] >= majority_share[want_accurate] - 1e-12
        ok_few = fewest[few] <= fewest[want_fewest]
        if ok_accurate and ok_few:
            return None
        if (majority_share[few] >= majority_share[want_accurate] - 1e-12
                and fewest[accurate] <= fewest[want_fewest]):
            return "the two answers are swapped."
        if not ok_accurate:
            if fewest[accurate] <= fewest[want_fewest]:
                return ("the dataset named for 'always no' has the fewest minority rows, but 'always no' is right "
                        "on every majority row and wrong on every minority row, so its accuracy is the majority's "
                        "share of the rows: compare shares, not counts.")
            return ("'always no' is right on every majority row and wrong on every minority row: its accuracy is "
                    "1 minus the minority share. Another dataset has a smaller minority share.")
        if minority_share[few] <= min(minority_share.values()) + 1e-12:
            return ("the dataset named for the fewest minority rows per fold has the rarest minority by share, but "
                    "a stratified test fold gets a fifth of the minority rows, however many majority rows come "
                    "with them: compare counts of minority rows, not shares.")
        return ("a stratified test fold gets a fifth of the minority rows (rounded down for the smallest fold): "
                "another dataset has fewer minority rows.")

    hint = ("For each dataset in `labels`, work out two numbers: the accuracy of answering 0 for every row, and "
            "the number of minority rows in its smallest test fold. Then pick the largest of the first and the "
            "smallest of the second.",
            "(y == 0).mean() is the accuracy of 'always no' on labels y; int(y.sum()) // 5 is the minority rows in "
            "the smallest test fold of a stratified 5-fold split (or count them with StratifiedKFold, as in "
            "Exercise 1). max(d, key=d.get) gives the key of a dict's largest value.")
    return Exercise("Exercise 2 (a rare share or few rows?)", judge, hint,
                    on_correct="Compare with your prediction: which of the two numbers sets how noisy a score is?")


def exercises(labels: Mapping[str, Any], dataset: str = "kddcup") -> tuple[Exercise, Exercise]:
    """The two checkers of lesson 00, bound to the lesson's ``labels`` (dataset name -> y)."""
    return kddcup_folds(labels, dataset), share_or_count(labels)

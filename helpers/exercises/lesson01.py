"""Checks for lesson 01's exercises (01_accuracy_trap.ipynb).

``exercises(X, y, folds)`` returns the two checked exercises, bound to the loans and the lesson's splits:

1. ``random_guesser``: ``{"model": ..., "accuracy": ..., "recall": ...}``, a ``DummyClassifier`` that
   answers at random with the training class shares (``strategy="stratified"``), built by the learner,
   with its mean accuracy and mean recall over the lesson's splits from ``cross_validate``;
3. ``overlap_sweep``: the first minority share of the lesson's sweep, from 50% down, at which the plain
   model's recall falls below 0.5 when the clouds overlap less (``overlap=0.3``).

Expected values: exercise 1 reruns ``cross_validate`` on the learner's own model (same splits); exercise 3
reads the sweep the live demo precomputes (``demos.lesson01_accuracy_trap.trap_step``, the lesson's sweep
cell for one share). No estimator is built here.

>>> ex3 = overlap_sweep(overlap=0.3)
>>> ex3.check(0.5, strict=False)
Not yet: at that share the model still finds at least half of the minority (recall 0.5 or more): go further down the shares.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import cross_validate

from .._checks import as_binary_target
from ..demos.lesson01_accuracy_trap import TRAP_SHARES, trap_step
from . import Exercise, NotYet, class_names, expect_mapping, expect_number, is_classifier

#: How far a reported mean may be from the recomputed one (it may be rounded to 3 decimals).
TOLERANCE = 6e-4
#: The recall below which "the model misses more than half of the minority" (exercise 3).
HALF = 0.5
#: The overlap of the lesson's sweep (exercise 3 compares another overlap with it).
LESSON_OVERLAP = 0.5


def _close(a: float, b: float) -> bool:
    return bool(abs(a - b) <= TOLERANCE)


def random_guesser(X: Any, y: Any, folds: Any) -> Exercise:
    """Exercise 1: a ``DummyClassifier(strategy="stratified", random_state=...)`` and its mean accuracy and
    recall from ``cross_validate(model, X, y, cv=folds)``."""
    y = as_binary_target(y, "y")
    p = float(y.mean())

    def scores(model: Any, cv: Any) -> dict[str, np.ndarray]:
        scoring = {"accuracy": "accuracy", "recall": "recall",
                   "recall_majority": make_scorer(recall_score, pos_label=0)}
        try:
            result = cross_validate(model, X, y, cv=cv, scoring=scoring)
        except Exception as err:  # the learner's model cannot be cross-validated here: say why
            raise NotYet(f"the model could not be cross-validated on the loans ({type(err).__name__}: {err})") from err
        return {k: result[f"test_{k}"] for k in scoring}

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["model", "accuracy", "recall"])
        model = answer["model"]
        if not is_classifier(model):
            return (f"answer['model'] should be the classifier you cross-validated (a DummyClassifier), not a "
                    f"{type(model).__name__}.")
        if "DummyClassifier" not in class_names(model):
            return (f"answer['model'] is a {type(model).__name__}, which learns from the features. This exercise "
                    "is about a model that ignores them: scikit-learn's DummyClassifier.")
        strategy = model.get_params().get("strategy")
        if strategy in ("most_frequent", "prior"):
            return (f"strategy={strategy!r} always answers the majority class: that is 'always no' again. The "
                    "exercise's guesser answers at random, 'bad' as often as bad loans occur in training.")
        if strategy == "uniform":
            return ("strategy='uniform' answers 'bad' half of the time, whatever the classes' shares. The "
                    "exercise's guesser says 'bad' as often as bad loans occur in training.")
        if strategy != "stratified":
            return (f"strategy={strategy!r} is not the guesser of this exercise, which answers at random, 'bad' "
                    "as often as bad loans occur in training.")
        if model.get_params().get("random_state") is None:
            return ("give the DummyClassifier a random_state (42, as everywhere in the course): without one its "
                    "random answers change at every run, so no one can reproduce your numbers.")
        accuracy = expect_number(answer["accuracy"], "a mean accuracy", 0, 1)
        recall = expect_number(answer["recall"], "a mean recall", 0, 1)
        got = scores(model, folds)
        want_acc, want_rec = float(got["accuracy"].mean()), float(got["recall"].mean())
        if _close(accuracy, want_acc) and _close(recall, want_rec):
            return None
        if _close(accuracy, want_rec) and _close(recall, want_acc):
            return "the two numbers are swapped: 'accuracy' holds the recall and the other way round."
        if _close(recall, float(got["recall_majority"].mean())):
            return ("'recall' should be the recall of the bad loans (class 1), scikit-learn's default; this is "
                    "the recall of the good loans (pos_label=0).")
        other = scores(model, 5)
        if _close(accuracy, float(other["accuracy"].mean())) and _close(recall, float(other["recall"].mean())):
            return ("those are the scores on cv=5 (five unshuffled folds); use the lesson's splits, cv=folds, so "
                    "the guesser is scored on the same splits as the other models.")
        if _close(accuracy, p * p + (1 - p) ** 2) and _close(recall, p):
            return ("that looks like a prediction from the class shares. The question asks what cross_validate "
                    "measures: run it on the lesson's folds and average the test scores.")
        one_split = ((not _close(accuracy, want_acc) and any(_close(accuracy, v) for v in got["accuracy"]))
                     or (not _close(recall, want_rec) and any(_close(recall, v) for v in got["recall"])))
        if one_split:
            return ("that looks like the score of one split; answer the mean over all the splits "
                    "(cv_result['test_accuracy'].mean(), and the same for recall).")
        return ("the numbers do not match this model's cross-validated scores on the lesson's splits: run "
                "cross_validate(model, X, y, cv=folds, scoring=[...]) and take the mean of 'test_accuracy' and of "
                "'test_recall' (ex1.hint(2) shows the code).")

    hint = ("DummyClassifier has a strategy that answers at random with the class shares it saw in training. "
            "Cross-validate it as the lesson cross-validated 'always no', on the same folds.",
            "DummyClassifier(strategy='stratified', random_state=42); cv_result = cross_validate(model, X, y, "
            "cv=folds, scoring=['accuracy', 'recall']); then the means of cv_result['test_accuracy'] and "
            "cv_result['test_recall'].")
    return Exercise("Exercise 1 (a random guesser)", judge, hint,
                    on_correct="Compare both numbers with your prediction, with 'always no' and with the "
                               "logistic regression.")


@lru_cache(maxsize=4)
def _recalls(overlap: float) -> tuple[float, ...]:
    return tuple(trap_step(share, overlap)["recall"] for share in TRAP_SHARES)


def _first_below(recalls: tuple[float, ...]) -> float | None:
    return next((s for s, r in zip(TRAP_SHARES, recalls) if r < HALF), None)


def overlap_sweep(overlap: float = 0.3) -> Exercise:
    """Exercise 3: the first share in ``TRAP_SHARES`` (from 50% down) at which the plain model's recall on
    fresh data falls below 0.5, on SYNTHETIC data with this ``overlap``."""

    def judge(answer: Any) -> str | None:
        if isinstance(answer, (list, tuple, np.ndarray)) or hasattr(answer, "iloc"):
            raise NotYet("answer one share (a number such as those in `shares`), not a list or a table.")
        share = expect_number(answer, "a minority share from `shares`")
        recalls = _recalls(overlap)
        if not any(np.isclose(share, s) for s in TRAP_SHARES):
            if any(np.isclose(share / 100, s) for s in TRAP_SHARES):
                return f"shares are fractions, as in `shares`: {share:g}% is {share / 100:g}, not {share:g}."
            if any(abs(share - r) < 1e-3 for r in recalls):
                return "that looks like a recall; answer the share at which recall first falls below 0.5."
            return "answer one of the values in `shares`, the minority shares the sweep visits."
        i = int(np.argmin([abs(share - s) for s in TRAP_SHARES]))
        want = _first_below(recalls)
        if want is not None and np.isclose(share, want):
            return None
        lesson = _first_below(_recalls(LESSON_OVERLAP))
        if lesson is not None and np.isclose(share, lesson) and not np.isclose(lesson, want or -1):
            return (f"that is where recall falls below 0.5 in the lesson's table, with overlap={LESSON_OVERLAP}. "
                    f"Rerun the sweep with overlap={overlap} in both make_synthetic_2d calls.")
        if recalls[i] >= HALF:
            return ("at that share the model still finds at least half of the minority (recall 0.5 or more): "
                    "go further down the shares.")
        return ("recall is below 0.5 there, but it already was at a larger share: the question asks for the first "
                "share, going from 50% down, where it falls below 0.5.")

    hint = (f"Copy the sweep cell, change overlap=0.5 to overlap={overlap} in both make_synthetic_2d calls, and "
            "read down the recall column from the top.",
            "Build the table as in the lesson (a DataFrame `table` with columns share and recall), then "
            "answer = table.loc[table['recall'] < 0.5, 'share'].iloc[0].")
    return Exercise(f"Exercise 3 (recall with overlap={overlap})", judge, hint,
                    on_correct=f"Compare with overlap={LESSON_OVERLAP} in the lesson's table, and with your "
                               "prediction.")


def exercises(X: Any, y: Any, folds: Any) -> tuple[Exercise, Exercise]:
    """Lesson 01's checked exercises (1 and 3), bound to the loans ``X``, ``y`` and the lesson's ``folds``."""
    return random_guesser(X, y, folds), overlap_sweep()

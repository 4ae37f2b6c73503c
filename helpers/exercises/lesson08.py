"""Checks for lesson 08's exercises (08_thresholds_and_calibration.ipynb).

``exercises(y_thy)`` returns the two checkers:

1. ``cost_scorer(cost_miss=3, cost_false_alarm=1)``: a scorer built with ``make_scorer`` from the learner's own
   cost function, one that ``TunedThresholdClassifierCV`` can maximise (the cost negated, per case or in total);
2. ``clinic_threshold(y_thy, deployment_share=0.01)``: the threshold on the probabilities of a model trained
   where a share ``y_thy.mean()`` is positive that applies t* = c_fa / (c_fa + c_miss) in a population where the
   share is ``deployment_share`` (the prior-odds correction, inverted).

The scorer is judged by calling it, as ``TunedThresholdClassifierCV`` does, on fixed decisions: a stand-in
estimator whose ``predict`` replays given 0/1 labels (it learns nothing). The threshold is computed from the two
shares and the costs. No scikit-learn or imbalanced-learn model is built here.

>>> from sklearn.metrics import make_scorer
>>> def cost(y_true, y_pred):
...     return (3 * ((y_true == 1) & (y_pred == 0)).sum() + ((y_true == 0) & (y_pred == 1)).sum()) / len(y_true)
>>> ex1 = cost_scorer()
>>> ex1.check(make_scorer(cost, greater_is_better=False))
Correct! The tuner maximises this score, i.e. minimises your cost.
>>> ex1.check(make_scorer(cost), strict=False)
Not yet: your scorer returns the cost as it is, so a tuner that maximises it would pick the most expensive threshold. Tell make_scorer that lower is better.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .._checks import as_binary_target
from . import Exercise, NotYet, expect_number

#: How far a reported threshold may be from the expected one (it may be rounded to 3 decimals).
TOLERANCE = 1.5e-3

# Fixed decisions the scorer is called on: (true labels, decisions), with different numbers of misses and false
# alarms, so that the weight of each can be told apart.
_CASES = (
    (np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]), np.array([1, 0, 0, 1, 0, 0, 0, 0, 0, 0])),  # 2 misses, 1 false alarm
    (np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]), np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])),  # 0 misses, 3 false alarms
    (np.array([1, 1, 1, 1, 0, 0, 0, 0]), np.array([0, 0, 0, 1, 1, 0, 0, 0])),  # 3 misses, 1 false alarm, 8 rows
)


class _Decisions(ClassifierMixin, BaseEstimator):
    """A stand-in for a fitted classifier: ``predict`` returns the given 0/1 decisions, whatever X is."""

    def __init__(self, decisions: Any = None) -> None:
        self.decisions = decisions

    def fit(self, X: Any, y: Any) -> _Decisions:
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X: Any) -> np.ndarray:
        return np.asarray(self.decisions)


def _counts(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[int, int, int]:
    return int(np.sum((y_true == 1) & (y_pred == 0))), int(np.sum((y_true == 0) & (y_pred == 1))), len(y_true)


def _scores(scorer: Any) -> np.ndarray:
    """The scorer's value on each of ``_CASES``, or NotYet saying why it cannot be called like the tuner does."""
    values = []
    for y_true, y_pred in _CASES:
        stand_in = _Decisions(y_pred).fit(np.zeros((len(y_true), 1)), y_true)
        try:
            value = scorer(stand_in, np.zeros((len(y_true), 1)), y_true)
        except AttributeError as err:
            if "predict_proba" in str(err) or "decision_function" in str(err):
                raise NotYet("your scorer asks the model for probabilities, but a cost is counted from decisions "
                              "(0/1): keep make_scorer's default response_method, 'predict'.") from err
            raise NotYet(f"calling your scorer as scorer(estimator, X, y) failed ({type(err).__name__}: {err}).") from err
        except TypeError as err:
            raise NotYet("TunedThresholdClassifierCV calls scoring(estimator, X, y); a plain function of "
                         "(y_true, y_pred) must be wrapped: make_scorer(your_function, ...).") from err
        except Exception as err:  # the learner's own function failed: show its message
            raise NotYet(f"calling your scorer on a few decisions failed ({type(err).__name__}: {err}). Count "
                         "misses and false alarms with numpy on y_true and y_pred.") from err
        values.append(expect_number(value, "a score"))
    return np.array(values)


def cost_scorer(cost_miss: float = 3, cost_false_alarm: float = 1) -> Exercise:
    """Exercise 1: a scorer for a cost where a miss costs ``cost_miss`` and a false alarm ``cost_false_alarm``.

    Accepted: the cost negated, per case or in total (any positive multiple: the tuner's choice is the same),
    which is what ``make_scorer(cost_function, greater_is_better=False)`` gives.
    """
    ratio = cost_miss / cost_false_alarm

    def per_case(c_miss: float, c_fa: float) -> np.ndarray:
        return np.array([(c_miss * m + c_fa * f) / n for m, f, n in (_counts(*case) for case in _CASES)])

    def total(c_miss: float, c_fa: float) -> np.ndarray:
        return np.array([c_miss * m + c_fa * f for m, f, _ in (_counts(*case) for case in _CASES)])

    def proportional(values: np.ndarray, target: np.ndarray) -> bool:
        scale = values[0] / target[0]
        return scale > 0 and np.allclose(values, scale * target, rtol=1e-6, atol=1e-12)

    def judge(answer: Any) -> str | None:
        if isinstance(answer, (int, float, np.number)):
            return ("that is a number; the answer is the scorer itself, the object make_scorer(...) returns, "
                    "which the tuner calls on each candidate threshold.")
        if not callable(answer):
            return f"answer should be a scorer built with make_scorer(...), not a {type(answer).__name__}."
        values = _scores(answer)
        for shape in (per_case, total):
            if proportional(-values, shape(cost_miss, cost_false_alarm)):
                return None
            if proportional(values, shape(cost_miss, cost_false_alarm)):
                return ("your scorer returns the cost as it is, so a tuner that maximises it would pick the most "
                        "expensive threshold. Tell make_scorer that lower is better.")
            if proportional(-values, shape(cost_false_alarm, cost_miss)):
                return ("the two costs are swapped: a miss (y_true 1, y_pred 0) is the expensive mistake here, a "
                        "false alarm (y_true 0, y_pred 1) the cheap one.")
            if proportional(-values, shape(10, 1)):
                return "that is the lesson's 10:1 cost; this exercise prices a miss differently."
        if np.all(values <= 0):
            return (f"your scorer weighs misses and false alarms in another ratio than {ratio:g} to 1. Count misses "
                    "as (y_true == 1) & (y_pred == 0) and false alarms as (y_true == 0) & (y_pred == 1).")
        return ("your scorer does not return the cost (negated) of the decisions it is shown. Count misses and false "
                "alarms, weigh them, and wrap the function with make_scorer.")

    hint = ("Write def cost(y_true, y_pred) that returns the cost per pixel of the decisions y_pred, then pass it "
            "to make_scorer. The tuner keeps the threshold with the *highest* score.",
            "As in the lesson's cost_per_case, with the weights of this exercise: "
            "make_scorer(cost, greater_is_better=False).")
    return Exercise("Exercise 1 (a cost scorer)", judge, hint,
                    on_correct="The tuner maximises this score, i.e. minimises your cost.")


def _odds(p: float) -> float:
    return p / (1 - p)


def _probability(odds: float) -> float:
    return odds / (1 + odds)


def clinic_threshold(y_train: Any, deployment_share: float = 0.01, cost_miss: float = 10,
                     cost_false_alarm: float = 1) -> Exercise:
    """Exercise 2: the threshold on the probabilities of a model trained on ``y_train`` that applies
    t* = c_fa / (c_fa + c_miss) where the share of positives is ``deployment_share``."""
    y = as_binary_target(y_train, "y_train")
    share = float(y.mean())
    if not 0 < deployment_share < 1:
        raise ValueError(f"deployment_share is a share of positives in (0, 1); got {deployment_share!r}.")
    t_star = cost_false_alarm / (cost_false_alarm + cost_miss)
    factor = _odds(deployment_share) / _odds(share)  # deployment odds = model odds x factor
    expected = _probability(_odds(t_star) / factor)
    mistakes = {
        t_star: ("that is t* itself, right for probabilities that fit the clinic; the booster's probabilities fit "
                 f"the {share:.1%} it learnt from. Correct for the change in prior odds first."),
        _probability(_odds(t_star) * factor): ("that moves the threshold the wrong way: you corrected t* as if it "
                                               "were one of the booster's probabilities. Find instead the booster "
                                               "probability whose corrected value is t*."),
        _probability(_odds(t_star) / (deployment_share / share)): (
            "close, but the factor is a ratio of odds, p / (1 - p), not a ratio of the shares themselves."),
    }

    def judge(answer: Any) -> str | None:
        value = expect_number(answer, "a threshold on the booster's probabilities", 0, 1)
        if abs(value - expected) <= TOLERANCE:
            return None
        for wrong, message in mistakes.items():
            if abs(value - wrong) <= TOLERANCE:
                return message
        return ("not the threshold that applies t* in the clinic. The clinic's odds are the booster's odds times "
                "the ratio of prior odds; flag where the clinic's odds reach those of t*.")

    hint = ("The clinic's odds of being hypothyroid are the booster's odds times a factor: the clinic's prior odds "
            "divided by the training data's (odds = p / (1 - p)).",
            "Flag when the clinic's odds reach t*'s odds, t* / (1 - t*). So the booster's odds must reach t*'s odds "
            "divided by the factor; turn those odds back into a probability with odds / (1 + odds).")
    return Exercise("Exercise 2 (a clinic where the condition is rarer)", judge, hint,
                    on_correct="Check it against the discussion below the worked solution.")


def exercises(y_thy: Any) -> tuple[Exercise, Exercise]:
    """The two checkers of lesson 08: a 3:1 cost scorer, and the clinic's threshold for the thyroid booster
    trained on ``y_thy`` and used where 1% are hypothyroid, at 10:1."""
    return cost_scorer(cost_miss=3, cost_false_alarm=1), clinic_threshold(y_thy, deployment_share=0.01)

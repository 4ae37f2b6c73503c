"""Checks for lesson 10's exercises (10_case_study.ipynb).

``exercises(y_train, lesson_proba, X_test, y_test)`` returns the two checked exercises:

1. ``tuned_at_ratio(X_test, y_test, n_train, cost_miss=10)``: ``{"tuner": ..., "verdict": ...}``, a
   ``TunedThresholdClassifierCV`` fitted on the training part with a scorer for a cost where a bad loan approved
   costs ``cost_miss`` and a good loan turned down 1, and the lesson's money verdict for it. The expected verdict
   is the lesson's rule applied to the learner's own tuner: its decisions on the test loans and those of approving
   every loan are priced on the same resamples (``stats.paired_bootstrap``, 2,000 resamples, random_state=42,
   ``lower_is_better=True`` since a cost is better when lower), and the 95% interval of the difference (model minus
   approving everything) reads "saves money" below 0, "costs more" above 0, "no detectable difference" otherwise
   (``money_verdict``). The helper's own ``verdict`` column then says the same in its words ("better" for a saving,
   see ``HELPER_WORDS``); an answer in those words gets its own hint.
2. ``booster_calibration(y_train, lesson_proba)``: ``{"proba": ..., "intercept": ..., "slope": ...}``, out-of-fold
   probabilities of a bad loan for the training loans and their calibration intercept and slope, computed here
   from the learner's own probabilities (``helpers.calibration``), after checks that they are probabilities of
   a bad loan, scored out of fold, and not the lesson's logistic regression's (``lesson_proba``).

The scorer is judged as in lesson 08, by calling it on fixed decisions. No estimator is built here: the learner's
tuner is only asked for its type, its parameters and its decisions on the test loans.

>>> money_verdict(-0.140, -0.009), money_verdict(-0.006, 0.018), money_verdict(0.001, 0.006)
('saves money', 'no detectable difference', 'costs more')
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from .. import stats
from .._checks import as_binary_target
from ..calibration import calibration_intercept, calibration_slope
from . import Exercise, NotYet, class_names, expect_mapping, expect_number
from .lesson08 import _CASES, _counts, _scores

#: The verdict rule's three readings, as the lesson's ``money_verdict`` words them.
VERDICTS = ("saves money", "costs more", "no detectable difference")
#: ``stats.paired_bootstrap``'s verdict words (with ``lower_is_better=True``) in the rule's words.
HELPER_WORDS = {"better": "saves money", "worse": "costs more", "no detectable difference": "no detectable difference"}
#: The lesson's own cost: a bad loan approved costs 5 good loans turned down.
LESSON_COST_MISS = 5
#: How far a reported calibration intercept or slope may be from the expected one (rounded to 3 decimals).
TOLERANCE = 2e-3


def money_verdict(diff_low: float, diff_high: float) -> str:
    """The lesson's verdict rule for a cost difference (model minus approving everything) and its 95% interval."""
    if diff_high < 0:
        return "saves money"
    return "costs more" if diff_low > 0 else "no detectable difference"


def _cost(cost_miss: float, cost_false_alarm: float = 1):
    def cost(y_true: np.ndarray, y_pred: np.ndarray) -> float:
        misses = np.sum((y_true == 1) & (y_pred == 0))
        false_alarms = np.sum((y_true == 0) & (y_pred == 1))
        return float((cost_miss * misses + cost_false_alarm * false_alarms) / len(y_true))
    return cost


def _proportional(values: np.ndarray, target: np.ndarray) -> bool:
    scale = values[0] / target[0] if target[0] else np.nan
    return bool(scale > 0 and np.allclose(values, scale * target, rtol=1e-6, atol=1e-12))


def _scorer_problem(scoring: Any, cost_miss: float) -> str | None:
    """None if ``scoring`` maximises minus the cost cost_miss:1 (per loan or in total), else what is wrong."""
    if scoring is None or scoring == "balanced_accuracy":
        return ("your tuner optimises its default, balanced accuracy, whose hidden cost ratio is the imbalance "
                "ratio (lesson 08), not the manager's: pass scoring=make_scorer(your cost per loan, "
                "greater_is_better=False).")
    if isinstance(scoring, str):
        return (f"your tuner optimises {scoring!r}, not the manager's cost: pass a scorer built with make_scorer from "
                "your own cost per loan.")
    if not callable(scoring):
        return f"the tuner's scoring should be a scorer built with make_scorer(...), not a {type(scoring).__name__}."
    values = _scores(scoring)  # raises NotYet when the scorer cannot be called as the tuner calls it
    counts = [_counts(*case) for case in _CASES]

    def shapes(c_miss: float, c_fa: float) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([(c_miss * m + c_fa * f) / n for m, f, n in counts]),
                np.array([c_miss * m + c_fa * f for m, f, _ in counts], dtype=float))

    for target in shapes(cost_miss, 1):
        if _proportional(-values, target):
            return None
    for target in shapes(cost_miss, 1):
        if _proportional(values, target):
            return ("your scorer returns the cost as it is, so a tuner that maximises it picks the most expensive "
                    "threshold. Tell make_scorer that lower is better.")
    if any(_proportional(-values, target) for target in shapes(1, cost_miss)):
        return ("the two costs are swapped: a bad loan approved (y_true 1, y_pred 0) is the expensive mistake, a good "
                "loan turned down (y_true 0, y_pred 1) the cheap one.")
    if any(_proportional(-values, target) for target in shapes(LESSON_COST_MISS, 1)):
        return "that scorer prices the lesson's 5:1 cost; the new manager prices a bad loan approved differently."
    if np.all(values <= 0):
        return ("your scorer weighs the two mistakes in another ratio than the manager's. Count bad loans approved as "
                "(y_true == 1) & (y_pred == 0) and good loans turned down as (y_true == 0) & (y_pred == 1).")
    return ("your scorer does not return the cost (negated) of the decisions it is shown: count the two mistakes, "
            "weigh them, and wrap the function with make_scorer(..., greater_is_better=False).")


def _rows_fitted(estimator: Any) -> int | None:
    """How many rows the first fitted scaler inside ``estimator`` saw (a Pipeline, a ColumnTransformer), if any."""
    seen = getattr(estimator, "n_samples_seen_", None)  # a number, or one per column when X had gaps
    if seen is not None and np.size(seen):
        return int(np.max(seen))
    children = [step for _, step in getattr(estimator, "steps", [])]
    children += [part for _, part, _ in getattr(estimator, "transformers_", [])]
    for child in children:
        if isinstance(child, str) or child is None:  # "drop", "passthrough"
            continue
        found = _rows_fitted(child)
        if found is not None:
            return found
    return None


def tuned_at_ratio(X_test: Any, y_test: Any, n_train: int, cost_miss: float = 10) -> Exercise:
    """Exercise 1: a threshold tuned on the training part for a cost_miss:1 cost, and the money verdict of its
    decisions on the test loans against approving every loan, by the lesson's rule."""
    y = as_binary_target(y_test, "y_test")
    if len(X_test) != len(y):
        raise ValueError(f"X_test has {len(X_test)} rows but y_test has {len(y)} labels; pass the lesson's test set.")
    if not isinstance(n_train, (int, np.integer)) or n_train < 1:
        raise ValueError(f"n_train is the number of training loans, a whole number; got {n_train!r}.")
    cost, lesson_cost = _cost(cost_miss), _cost(LESSON_COST_MISS)
    approve_all = np.zeros(len(y), dtype=int)

    def priced(decisions: np.ndarray, statistic: Any) -> Any:
        table = stats.paired_bootstrap(y, {"model": decisions, "approve everything": approve_all}, statistic,
                                       baseline="approve everything", lower_is_better=True)
        return table.loc["model"], table.loc["approve everything"]

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["tuner", "verdict"])
        tuner = answer["tuner"]
        names = class_names(tuner)
        if "FixedThresholdClassifier" in names:
            return ("that is a FixedThresholdClassifier: it applies a threshold you give it (t*, say) without checking "
                    "it. The exercise asks for the threshold tuned for the cost: TunedThresholdClassifierCV.")
        if "TunedThresholdClassifierCV" not in names:
            return f"answer['tuner'] should be a TunedThresholdClassifierCV, not a {type(tuner).__name__}."
        problem = _scorer_problem(tuner.scoring, cost_miss)
        if problem:
            return problem
        if not hasattr(tuner, "best_threshold_"):
            return "the tuner has not been fitted yet: call its fit(X_train, y_train) before using it."
        rows = _rows_fitted(getattr(tuner, "estimator_", None))
        if rows is not None and rows != n_train:
            if rows == len(y):
                return ("the tuner was fitted on the test loans: the test set only judges the final decisions. Fit it "
                        "on X_train, y_train.")
            where = "all the loans" if rows == n_train + len(y) else f"{rows} rows"
            return f"the tuner was fitted on {where}, not on the training part: fit it on X_train, y_train."
        try:
            decisions = np.asarray(tuner.predict(X_test)).astype(int)
        except Exception as err:  # the learner's model could not score the test loans
            raise NotYet(f"the tuner could not decide on the test loans ({type(err).__name__}: {err}).") from err
        said = answer["verdict"]
        if isinstance(said, str) and said.strip().lower() in ("better", "worse"):
            return ("that is paired_bootstrap's own verdict column; answer in the rule's words ('saves money', 'costs "
                    "more' or 'no detectable difference'), from diff_low and diff_high with money_verdict. (For a cost, "
                    "that column needs lower_is_better=True, or it reads a saving as 'worse'.)")
        if not isinstance(said, str) or said.strip().lower() not in VERDICTS:
            return ("answer['verdict'] should be one of the rule's three readings: 'saves money', 'costs more' or "
                    "'no detectable difference' (what money_verdict returns).")
        said = said.strip().lower()
        model, everything = priced(decisions, cost)
        expected = money_verdict(model["diff_low"], model["diff_high"])
        if said == expected:
            return None
        reasons = []
        flipped = {"saves money": "costs more", "costs more": "saves money"}.get(expected, expected)
        if said == flipped:
            reasons.append("you read the difference the wrong way round: paired_bootstrap gives the model's cost "
                           "minus approving everything's, so below 0 means the model is the cheaper rule.")
        unpaired = ("saves money" if model["ci_high"] < everything["ci_low"] else
                    "costs more" if model["ci_low"] > everything["ci_high"] else "no detectable difference")
        if said == unpaired:
            reasons.append("that is what the two costs' own intervals say (ci_low, ci_high); the rule reads the "
                           "interval of their paired difference, diff_low to diff_high.")
        if said == money_verdict(*priced(decisions, lesson_cost)[0][["diff_low", "diff_high"]]):
            reasons.append("that is the verdict with the mistakes priced at the lesson's 5:1: pass the new cost "
                           "function to paired_bootstrap as its statistic too.")
        point = model["difference"]
        if said == ("saves money" if point < 0 else "costs more" if point > 0 else "no detectable difference"):
            reasons.append("that reads the difference's point estimate alone; the rule reads where its 95% interval "
                           "lies.")
        if reasons:
            return " Or: ".join(reasons[:2])
        return ("that is not what the rule gives for your tuner's decisions on the test loans: price them and "
                "approving everything with paired_bootstrap at the new cost, then pass diff_low and diff_high to "
                "money_verdict.")

    hint = ("Three steps: a cost per loan of (y_true, y_pred) wrapped by make_scorer; "
            "TunedThresholdClassifierCV(chosen, scoring=..., cv=inner_cv) fitted on X_train, y_train; then "
            "stats.paired_bootstrap on its decisions for the test loans.",
            "As in the lesson's cost_per_loan and money cells, with the manager's weight for a bad loan approved: "
            "make_scorer(cost, greater_is_better=False); stats.paired_bootstrap(y_t, {'model': tuner.predict(X_test), "
            "'approve everything': approve_all}, cost, baseline='approve everything', lower_is_better=True); then "
            "money_verdict(diff_low, diff_high) on its 'model' row.")
    return Exercise("Exercise 1 (a manager who prices a bad loan at 10)", judge, hint,
                    on_correct="Check it against the discussion below the worked solution.")


def booster_calibration(y_train: Any, lesson_proba: Any) -> Exercise:
    """Exercise 2: out-of-fold probabilities of a bad loan for the training loans (gradient boosting's), and their
    calibration intercept and slope."""
    y = as_binary_target(y_train, "y_train")
    lesson = np.asarray(lesson_proba, dtype=float)
    if lesson.shape != y.shape:
        raise ValueError(f"lesson_proba holds {lesson.size} values but y_train has {len(y)} labels; pass the lesson's "
                         "out-of-fold probabilities (oof).")
    lesson_numbers = (calibration_intercept(y, lesson), calibration_slope(y, lesson))

    def probabilities(value: Any) -> np.ndarray:
        try:
            proba = np.asarray(value, dtype=float)
        except (TypeError, ValueError) as err:
            raise NotYet("answer['proba'] should be an array of probabilities, one per training loan.") from err
        if proba.ndim == 2 and proba.shape[1] == 2:
            raise NotYet("that is predict_proba's whole output (two columns); keep column 1, the probability of a "
                         "bad loan: [:, 1].")
        if proba.ndim != 1 or len(proba) != len(y):
            raise NotYet(f"answer['proba'] should hold one probability per training loan ({len(y):,}), from "
                         "cross_val_predict on X_train, y_train.")
        if np.isnan(proba).any() or (proba < 0).any() or (proba > 1).any():
            raise NotYet("probabilities lie between 0 and 1: use method='predict_proba' and keep column 1.")
        if np.isin(proba, [0, 1]).all():
            raise NotYet("those are decisions (0 or 1), not probabilities: use method='predict_proba' and keep "
                         "column 1.")
        return proba

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["proba", "intercept", "slope"])
        proba = probabilities(answer["proba"])
        if np.allclose(proba, lesson, rtol=0, atol=1e-9):
            return ("these are the logistic regression's out-of-fold probabilities from the lesson (oof); the exercise "
                    "asks about gradient boosting's.")
        auc = roc_auc_score(y, proba)
        if auc < 0.5:
            return ("these rank good loans first: column 0 of predict_proba is the probability of a good loan; the "
                    "probability of a bad loan is column 1.")
        if auc > 0.9:
            return ("these probabilities rank the training loans almost perfectly, like a model scoring the loans it "
                    "was trained on. Use cross_val_predict, so each loan is scored by a model that never saw it.")
        intercept = expect_number(answer["intercept"], "a calibration intercept")
        slope = expect_number(answer["slope"], "a calibration slope")
        a, b = calibration_intercept(y, proba), calibration_slope(y, proba)
        if abs(intercept - a) <= TOLERANCE and abs(slope - b) <= TOLERANCE:
            return None
        if abs(intercept - b) <= TOLERANCE and abs(slope - a) <= TOLERANCE:
            return "the intercept and the slope are swapped."
        if abs(intercept - lesson_numbers[0]) <= TOLERANCE or abs(slope - lesson_numbers[1]) <= TOLERANCE:
            return ("that is the logistic regression's number from the lesson; compute the two numbers from your "
                    "own probabilities.")
        which = "intercept" if abs(intercept - a) > TOLERANCE else "slope"
        return (f"your {which} is not the calibration {which} of the probabilities you give: compute it with "
                f"evaluation.scores(y_train, decisions, proba)['calibration_{which}'] (or helpers.calibration).")

    hint = ("cross_val_predict(booster, X_train, y_train, cv=inner_cv, method='predict_proba') gives two columns; the "
            "probability of a bad loan is the second.",
            "evaluation.scores(y_train, (proba >= t_star).astype(int), proba) returns calibration_intercept and "
            "calibration_slope, as in the lesson's calibration check.")
    return Exercise("Exercise 2 (would t* have worked for the booster?)", judge, hint,
                    on_correct="Compare them with the logistic regression's, then read the discussion below the "
                               "worked solution.")


def exercises(y_train: Any, lesson_proba: Any, X_test: Any, y_test: Any) -> tuple[Exercise, Exercise]:
    """The two checkers of lesson 10: the threshold tuned at 10:1 with its money verdict on the test loans, and the
    calibration check of gradient boosting's out-of-fold probabilities."""
    y_tr = as_binary_target(y_train, "y_train")
    return (tuned_at_ratio(X_test, y_test, n_train=len(y_tr), cost_miss=10),
            booster_calibration(y_tr, lesson_proba))

"""Checks for lesson 06's exercises (06_ensembles.ipynb).

1. ``recall_at_precision(y, proba, repeats)``: for three models, the mean over the lesson's 10 test folds of
   the highest recall any threshold reaches with a precision of at least 0.5, from the lesson's out-of-fold
   probabilities ``proba[name][repeat]``;
2. ``half_balanced_forest(X, y, folds)``: a BalancedRandomForest with ``sampling_strategy=0.25`` behind a
   scaler, the Dal Pozzolo beta of the first training fold, its out-of-fold probabilities on ``folds`` and
   their Brier skill score before and after the correction.

Expected values are computed here from the data with numpy and ``sklearn.metrics``; for Exercise 2 the
learner's own pipeline is refitted (``sklearn.base.clone``) on the first fold, to check the probabilities it
reports. No estimator is built here.

>>> import numpy as np
>>> y = np.array([0, 0, 0, 1, 0, 0, 0, 1] * 5)
>>> p = np.where(y == 1, 0.8, 0.1); p[0] = 0.9  # one confident false alarm
>>> repeats = [[(np.arange(40)[np.arange(40) % 5 != k], np.arange(40)[np.arange(40) % 5 == k]) for k in range(5)]]
>>> ex1 = recall_at_precision(y, {"a": np.array([p])}, repeats, models=("a",))
>>> ex1.check({"a": 1.0})
Correct! Compare it with the recall each model had at the default threshold of 0.5.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, precision_recall_curve, recall_score
from threadpoolctl import threadpool_limits

from .._checks import as_binary_target
from . import Exercise, NotYet, class_names, expect_classifier_pipeline, expect_mapping, expect_number

#: How far a reported number may be from the recomputed one (it may be rounded to 3 decimals).
TOLERANCE = 6e-4
MODELS = ("BalancedRandomForest", "RandomForest", "HistGradientBoosting")
LEAST_PRECISION = 0.5


def _best_recall(y_true: np.ndarray, p: np.ndarray, least: float = LEAST_PRECISION, strict: bool = False) -> float:
    precision, recall, _ = precision_recall_curve(y_true, p)
    ok = precision > least if strict else precision >= least
    return float(recall[ok].max())


def _grid_recall(y_true: np.ndarray, p: np.ndarray, least: float = LEAST_PRECISION) -> float:
    """The same, scanning a 0.01 grid of thresholds (a common first attempt)."""
    best = 0.0
    for t in np.round(np.arange(0.01, 1.0, 0.01), 2):
        flagged = p >= t
        if flagged.any() and y_true[flagged].mean() >= least:
            best = max(best, float(y_true[flagged].sum() / y_true.sum()))
    return best


def _best_precision(y_true: np.ndarray, p: np.ndarray, least: float = LEAST_PRECISION) -> float:
    precision, recall, _ = precision_recall_curve(y_true, p)
    return float(precision[recall >= least].max())


def recall_at_precision(y: Any, proba: Mapping[str, Any], repeats: Sequence[Sequence[tuple[Any, Any]]],
                        models: Sequence[str] = MODELS) -> Exercise:
    """Exercise 1: ``{name: mean recall at precision >= 0.5 over the test folds}`` for each of ``models``.
    ``proba[name][r]`` holds repeat ``r``'s out-of-fold probabilities of every row; ``repeats[r]`` its
    (train, test) folds."""
    y = as_binary_target(y, "y")
    models = list(models)
    tests = [(r, np.asarray(test)) for r, repeat in enumerate(repeats) for _, test in repeat]
    missing = [m for m in models if m not in proba]
    if missing:
        raise ValueError(f"proba has no probabilities for {missing}; pass the lesson's `proba` dict.")

    def per_fold(rule: Any, name: str, folds: list = tests) -> float:
        return float(np.mean([rule(y[test], np.asarray(proba[name])[r][test]) for r, test in folds]))

    want = {m: per_fold(_best_recall, m) for m in models}
    first_repeat = [(r, test) for r, test in tests if r == 0]
    wrong = [  # (what the learner computed, the hint)
        ({m: float(np.mean([_best_recall(y, np.asarray(proba[m])[r]) for r in range(len(repeats))]))
          for m in models},
         "these look pooled over all proteins of a repeat; compute the recall on each test fold on its own "
         "(proba[name][r][test] against y[test]) and then take the mean over the 10 folds."),
        ({m: per_fold(lambda t, p: float(recall_score(t, p >= 0.5)), m) for m in models},
         "that is the recall at the threshold 0.5. The question is the best recall among all thresholds whose "
         "precision is at least 0.5: take precision_recall_curve's recall where its precision >= 0.5."),
        ({m: per_fold(_best_precision, m) for m in models},
         "that is the precision at a recall of at least 0.5, the other way round: keep the recall where "
         "precision >= 0.5 and take its largest value."),
        ({m: per_fold(_best_recall, m, first_repeat) for m in models},
         f"these are the numbers of the first repeat only ({len(first_repeat)} folds); use both repeats, "
         f"{len(tests)} test folds in all."),
        ({m: per_fold(lambda t, p: _best_recall(t, p, strict=True), m) for m in models},
         "use precision >= 0.5 (at least a half), not > 0.5."),
        ({m: per_fold(_grid_recall, m) for m in models},
         "a grid of thresholds misses some: the booster's scores crowd far below 0.01. Use every threshold "
         "precision_recall_curve lists for the fold (one per distinct score)."),
    ]

    def judge(answer: Any) -> str | None:
        if hasattr(answer, "to_dict") and not isinstance(answer, Mapping):  # a pandas Series is fine too
            answer = answer.to_dict()
        answer = expect_mapping(answer, models)
        got = {m: expect_number(answer[m], f"the mean recall of {m}", 0, 1) for m in models}

        def matches(values: Mapping[str, float]) -> bool:
            return all(abs(got[m] - values[m]) <= TOLERANCE for m in models)

        if matches(want):
            return None
        for values, hint in wrong:
            if matches(values):
                return hint
        off = [m for m in models if abs(got[m] - want[m]) > TOLERANCE]
        if all(abs(got[m] - want[m]) < 0.006 for m in models):
            return "close: these look rounded; give each mean with 3 decimals or more."
        return (f"the value for {off[0]!r} does not match: on each test fold, the best recall among the "
                "thresholds whose precision is at least 0.5, then the mean over all 10 folds (ex1.hint() to start).")

    hint = ("Write a function of (y_true, p) that calls precision_recall_curve and keeps the largest recall "
            "whose precision is at least 0.5; apply it to every test fold of both repeats and average.",
            "np.mean([f(y_arr[test], proba[name][r][test]) for r, repeat in enumerate(repeats) for _, test in "
            "repeat]) for each name, with f returning recall[precision >= 0.5].max().")
    return Exercise("Exercise 1 (recall at a precision of at least 0.5)", judge, hint,
                    on_correct="Compare it with the recall each model had at the default threshold of 0.5.")


def _skill(y_true: np.ndarray, p: np.ndarray) -> float:
    share = float(y_true.mean())
    return 1 - float(brier_score_loss(y_true, p)) / (share * (1 - share))


def _corrected(p_s: np.ndarray, beta: float) -> np.ndarray:
    return beta * p_s / (beta * p_s + (1 - p_s))  # the odds times beta


def _forest(model: Any) -> Any:
    """The learner's BalancedRandomForest, or NotYet saying what to build."""
    steps = expect_classifier_pipeline(model, "answer['model']")
    forest = steps[-1][1]
    if "BalancedRandomForestClassifier" not in class_names(forest):
        raise NotYet(f"answer['model'] ends in a {type(forest).__name__}; end it in "
                     "BalancedRandomForestClassifier(sampling_strategy=0.25, random_state=42).")
    if not any(class_names(step) & {"StandardScaler", "ColumnTransformer"} for _, step in steps[:-1]):
        raise NotYet("put the same StandardScaler() in front of the forest as the lesson's models have.")
    params = forest.get_params()
    if params["sampling_strategy"] != 0.25:
        raise NotYet(f"the forest's sampling_strategy is {params['sampling_strategy']!r}; this exercise is about "
                     "sampling_strategy=0.25 (one minority row for every 4 majority rows in each tree's sample).")
    if params["random_state"] is None:
        raise NotYet("give the forest random_state=42, so that your numbers can be reproduced.")
    defaults = {"n_estimators": 100, "replacement": True, "bootstrap": False}
    changed = [k for k, v in defaults.items() if params[k] != v]
    if changed:
        raise NotYet(f"leave {changed[0]} at its default; only sampling_strategy changes in this exercise.")
    return forest


def half_balanced_forest(X: Any, y: Any, folds: Sequence[tuple[Any, Any]]) -> Exercise:
    """Exercise 2: ``{"model": ..., "beta": ..., "proba": ..., "brier_skill": ..., "brier_skill_corrected":
    ...}`` for a BalancedRandomForest with ``sampling_strategy=0.25`` behind a scaler, scored out of fold on
    ``folds`` (one repeat: every row tested once); beta is the first training fold's. The checker refits the
    learner's model on the first fold only, to check that ``proba`` holds its out-of-fold probabilities."""
    y = as_binary_target(y, "y")
    folds = [(np.asarray(train), np.asarray(test)) for train, test in folds]
    covered = np.sort(np.concatenate([test for _, test in folds]))
    if not np.array_equal(covered, np.arange(len(y))):
        raise ValueError("folds must test every row exactly once (one repeat, such as repeats[0]).")
    rows = (lambda idx: X.iloc[idx]) if hasattr(X, "iloc") else (lambda idx: np.asarray(X)[idx])

    def beta_of(train: np.ndarray, per_minority: float = 4.0) -> float:
        minority = int(y[train].sum())
        return per_minority * minority / (len(train) - minority)

    want_beta = beta_of(folds[0][0])
    first_fold: dict[str, np.ndarray] = {}  # the learner's model refitted on the first fold, by its repr

    def check_beta(beta: float) -> str | None:
        if abs(beta - want_beta) <= 1e-4:
            return None
        first = folds[0][0]
        minority = int(y[first].sum())
        if abs(beta - 0.25) < 1e-9:
            return ("0.25 is the minority/majority ratio inside each tree's sample. beta is the share of the "
                    "training fold's majority rows a tree sees: (majority rows in the tree) / (majority rows in "
                    "the fold).")
        if abs(beta - beta_of(first, 1.0)) <= 1e-4:
            return ("that beta is the fully balanced forest's (as many majority rows as minority rows). Here "
                    "each tree draws 4 majority rows per minority row.")
        if beta > 0 and abs(1 / beta - want_beta) <= 1e-4:
            return "that is 1 / beta: beta is below 1, a share of the majority rows."
        if abs(beta - 0.2) < 1e-9:
            return "0.2 is the minority's share inside a tree's sample; beta is about the majority rows kept."
        return (f"the first training fold has {minority} minority and {len(first) - minority} majority rows; "
                "how many majority rows does one tree draw, and what share of the fold's majority is that?")

    def check_proba(model: Any, proba: Any) -> np.ndarray:
        p = np.asarray(proba, dtype=float) if not isinstance(proba, (str, bytes)) else np.array([])
        if p.shape != (len(y),) or not np.all((p >= 0) & (p <= 1)):
            raise NotYet(f"answer['proba'] should hold {len(y)} probabilities, one per protein: "
                         "cross_val_predict(..., method='predict_proba')[:, 1].")
        key = repr(model)
        train, test = folds[0]
        if key not in first_fold:
            try:
                with threadpool_limits(limits=1):
                    fitted = clone(model).fit(rows(train), y[train])
                    first_fold[key] = fitted.predict_proba(rows(test))[:, 1]
            except Exception as err:  # the learner's pipeline cannot be fitted: say why
                raise NotYet(f"the model could not be fitted ({type(err).__name__}: {err})") from err
        if not np.allclose(p[test], first_fold[key], atol=1e-9):
            raise NotYet("answer['proba'] is not this model's out-of-fold probabilities on repeats[0]: "
                         "cross_val_predict(half, X, y, cv=repeats[0], method='predict_proba')[:, 1].")
        return p

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["model", "beta", "proba", "brier_skill", "brier_skill_corrected"])
        _forest(answer["model"])
        problem = check_beta(expect_number(answer["beta"], "the share of majority rows each tree keeps", 0, 1000))
        if problem:
            return problem
        raw = check_proba(answer["model"], answer["proba"])
        skills = (expect_number(answer["brier_skill"], "a Brier skill score", -100, 1),
                  expect_number(answer["brier_skill_corrected"], "a Brier skill score", -100, 1))
        fixed, full = np.zeros_like(raw), np.zeros_like(raw)
        for train, test in folds:
            fixed[test] = _corrected(raw[test], beta_of(train))
            full[test] = _corrected(raw[test], beta_of(train, 1.0))
        want = (_skill(y, raw), _skill(y, fixed))
        if all(abs(g - w) <= TOLERANCE for g, w in zip(skills, want)):
            return None
        if all(abs(g - w) <= TOLERANCE for g, w in zip(skills, want[::-1])):
            return "the two scores are swapped: 'brier_skill' is the raw forest's, 'brier_skill_corrected' the other."
        brier = (float(brier_score_loss(y, raw)), float(brier_score_loss(y, fixed)))
        if any(abs(g - b) <= TOLERANCE for g in skills for b in brier):
            return ("that looks like a Brier score; the Brier skill score is 1 - Brier / (s * (1 - s)), s the share "
                    "of minority proteins.")
        if abs(skills[0] - want[0]) > TOLERANCE:
            return "the raw score does not match answer['proba']: score all 1,484 raw probabilities against y."
        if abs(skills[1] - _skill(y, full)) <= TOLERANCE:
            return "the corrected score used the fully balanced forest's beta; use this forest's (your answer['beta'])."
        return ("the corrected score does not match: correct each test fold with corrected(p[test], beta) and that "
                "fold's beta, then score all 1,484 corrected probabilities.")

    hint = ("A tree keeps every minority row and 4 majority rows for each: count the first training fold's "
            "minority rows (y_arr[train].sum()) and its majority rows.",
            "beta = 4 * minority / majority for each training fold; p = cross_val_predict(..., cv=repeats[0], "
            "method='predict_proba')[:, 1]; then corrected(p[test], beta) fold by fold.")
    return Exercise("Exercise 2 (a half-way balanced forest)", judge, hint,
                    on_correct="Compare them with the fully balanced forest's Brier skill scores in the lesson's table.")

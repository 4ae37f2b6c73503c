"""Imbalanced ensembles (lesson 06): the candidates, their comparison, and what they do to probabilities.

>>> from helpers import datasets, ensembles
>>> X, y = datasets.load("yeast")
>>> sorted(ensembles.candidates(X, n_estimators=5))[:2]
['BalancedBagging (logistic)', 'BalancedBagging (tree)']

Every candidate sits behind ``guide.preprocessor(X)`` (impute, scale, one-hot), so all of them
see the same inputs, and every source of randomness is ``random_state=42``. Estimators run with
``n_jobs=1``: ``compare`` already controls the threads, and on 2 shared cores that is the fastest.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from imblearn.ensemble import (
    BalancedBaggingClassifier,
    BalancedRandomForestClassifier,
    EasyEnsembleClassifier,
    RUSBoostClassifier,
)
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, precision_score, recall_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from . import datasets, evaluation, guide, metrics

RANDOM_STATE = 42
#: The datasets lesson 06 compares on (cheap enough for a 20 s notebook, and differently hard).
DATASETS = ("yeast", "thyroid", "page_blocks")
#: The plain (not rebalanced) strong learners the balanced ensembles must beat.
PLAIN = ("RandomForest (balanced_subsample)", "HistGradientBoosting (plain)")


def _check_n_estimators(n_estimators: Any) -> int:
    if isinstance(n_estimators, bool) or not isinstance(n_estimators, (int, np.integer)) or n_estimators < 1:
        raise ValueError(f"n_estimators must be a whole number of at least 1 (50 is a good start); "
                         f"got {n_estimators!r}.")
    return int(n_estimators)


def candidates(X: Any, n_estimators: int = 50) -> dict[str, Any]:
    """The lesson's six ensembles plus two plain strong learners, each after ``preprocessor(X)``.

    Balanced ensembles use imbalanced-learn 0.14's defaults except ``n_estimators`` (EasyEnsemble
    keeps its default 10 AdaBoost members; RUSBoost its decision stumps) and ``random_state``.

    >>> import pandas as pd
    >>> X = pd.DataFrame({"a": [0.0, 1.0, 2.0]})
    >>> candidates(X, n_estimators=3)["BalancedRandomForest"][-1].sampling_strategy
    'all'
    """
    n = _check_n_estimators(n_estimators)
    rs = RANDOM_STATE
    models = {
        "BalancedRandomForest": BalancedRandomForestClassifier(n_estimators=n, n_jobs=1, random_state=rs),
        "BalancedBagging (tree)": BalancedBaggingClassifier(DecisionTreeClassifier(), n_estimators=n,
                                                            n_jobs=1, random_state=rs),
        "BalancedBagging (logistic)": BalancedBaggingClassifier(LogisticRegression(max_iter=1000),
                                                                n_estimators=n, n_jobs=1, random_state=rs),
        "EasyEnsemble": EasyEnsembleClassifier(n_jobs=1, random_state=rs),
        "RUSBoost": RUSBoostClassifier(n_estimators=n, random_state=rs),
        PLAIN[0]: RandomForestClassifier(n_estimators=n, class_weight="balanced_subsample", n_jobs=1,
                                         random_state=rs),
        PLAIN[1]: HistGradientBoostingClassifier(random_state=rs),
    }
    return {name: guide.with_preprocessing(X, model) for name, model in models.items()}


def lesson_cv(n_repeats: int = 1) -> RepeatedStratifiedKFold:
    """The lesson's folds: stratified 5-fold, repeated ``n_repeats`` times, ``random_state=42``.

    >>> lesson_cv().get_n_splits()
    5
    """
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, (int, np.integer)) or n_repeats < 1:
        raise ValueError(f"n_repeats must be a whole number of at least 1; got {n_repeats!r}.")
    return RepeatedStratifiedKFold(n_splits=5, n_repeats=int(n_repeats), random_state=RANDOM_STATE)


def compare_on(dataset: str, names: Any = None, *, n_estimators: int = 50, n_repeats: int = 1,
               metrics_: Any = None, n_jobs: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``evaluation.compare`` of the chosen candidates on one shipped dataset; returns (summary, folds).

    ``n_jobs=2`` fits two (candidate, fold) pairs at a time in worker processes, one thread each: the
    two cores of a laptop or a Binder session (lesson 06's comparison takes about 6 s instead of 12 s
    once the workers are up; each worker holds about 150 MB). The scores are the same for any
    ``n_jobs``; ``fit_time`` is per fit either way.

    >>> summary, folds = compare_on("yeast", ["RUSBoost"], n_estimators=5, metrics_=["roc_auc"])
    >>> summary["n_folds"].tolist()
    [5]
    """
    X, y = datasets.load(dataset)
    pool = candidates(X, n_estimators)
    names = list(pool) if names is None else list(names)
    unknown = [n for n in names if n not in pool]
    if unknown:
        raise ValueError(f"Unknown candidate(s) {unknown}; choose from {list(pool)}.")
    chosen = {n: pool[n] for n in names}
    # one thread for BLAS *and* OpenMP (joblib's workers get the same cap): HistGradientBoosting's
    # OpenMP threads crawl on busy shared cores
    with threadpool_limits(limits=1):
        return evaluation.compare(chosen, X, y, cv=lesson_cv(n_repeats), metrics=metrics_, progress=False,
                                  return_folds=True, n_jobs=n_jobs)


def verdicts(folds: pd.DataFrame, baseline: str, metrics_: Any = ("roc_auc", "average_precision", "recall",
                                                                   "f1")) -> pd.DataFrame:
    """Paired differences against ``baseline`` (``evaluation.difference``) for several metrics, one table,
    Holm-adjusted over all its rows.

    >>> _, folds = compare_on("yeast", ["BalancedRandomForest", "RUSBoost"], n_estimators=5,
    ...                       metrics_=["roc_auc"])
    >>> verdicts(folds, "RUSBoost", ["roc_auc"])["candidate"].tolist()
    ['BalancedRandomForest']
    """
    table = evaluation.difference(folds, baseline, list(metrics_))
    return table.round({"difference": 3, "ci_low": 3, "ci_high": 3, "p_value": 4, "p_holm": 4})


def probability_inflation(dataset: str = "yeast", names: Any = ("BalancedRandomForest", *PLAIN), *,
                          n_estimators: int = 50) -> tuple[pd.DataFrame, dict[str, np.ndarray], np.ndarray]:
    """Out-of-fold minority probabilities: mean predicted probability vs the true prevalence, and Brier.

    Returns ``(table, scores, y)``: one row per model (``mean_predicted``, ``prevalence``,
    ``inflation`` = mean_predicted / prevalence, ``brier``); ``scores`` maps name -> probabilities.

    >>> table, _, _ = probability_inflation("yeast", ["BalancedRandomForest"], n_estimators=5)
    >>> bool(table.loc["BalancedRandomForest", "inflation"] > 1)
    True
    """
    X, y = datasets.load(dataset)
    pool = candidates(X, n_estimators)
    unknown = [n for n in names if n not in pool]
    if unknown:
        raise ValueError(f"Unknown candidate(s) {unknown}; choose from {list(pool)}.")
    y_arr = y.to_numpy()
    prevalence = float(y_arr.mean())
    scores, rows = {}, []
    for name in names:
        with threadpool_limits(limits=1):
            proba = metrics.out_of_fold_scores(pool[name], X, y)
        scores[name] = proba
        rows.append({"model": name, "mean_predicted": float(proba.mean()), "prevalence": prevalence,
                     "inflation": float(proba.mean()) / prevalence, "brier": float(brier_score_loss(y_arr, proba))})
    return pd.DataFrame(rows).set_index("model").round(4), scores, y_arr


#: The sampling strategies the demo offers: minority / majority after undersampling each tree's sample.
STRATEGIES = (0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)


def strategy_sweep(dataset: str = "yeast", strategies: Any = STRATEGIES, *,
                   n_estimators: int = 50) -> pd.DataFrame:
    """A balanced random forest per ``sampling_strategy``: out-of-fold recall, precision at 0.5,
    mean predicted minority probability and Brier score (what lesson 06's demo looks up).

    >>> sweep = strategy_sweep("yeast", [0.1, 1.0], n_estimators=5)
    >>> sweep["sampling_strategy"].tolist()
    [0.1, 1.0]
    """
    X, y = datasets.load(dataset)
    y_arr = y.to_numpy()
    ratio = float(y_arr.mean() / (1 - y_arr.mean()))
    strategies = [float(s) for s in strategies]
    if not strategies or any(not (ratio <= s <= 1) for s in strategies):
        raise ValueError(f"sampling_strategy values must lie between the data's own minority/majority ratio "
                         f"({ratio:.3f} for {dataset!r}) and 1.0 (fully balanced); got {strategies}.")
    n = _check_n_estimators(n_estimators)
    rows = []
    for s in strategies:
        model = guide.with_preprocessing(X, BalancedRandomForestClassifier(
            n_estimators=n, sampling_strategy=s, n_jobs=1, random_state=RANDOM_STATE))
        with threadpool_limits(limits=1):
            proba = metrics.out_of_fold_scores(model, X, y)
        pred = (proba >= 0.5).astype(int)
        rows.append({"sampling_strategy": s, "recall": float(recall_score(y_arr, pred)),
                     "precision": float(precision_score(y_arr, pred, zero_division=0)),
                     "mean_predicted": float(proba.mean()), "brier": float(brier_score_loss(y_arr, proba))})
    out = pd.DataFrame(rows)
    out.attrs["prevalence"] = float(y_arr.mean())
    return out

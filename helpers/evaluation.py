"""Scoring and comparing models on imbalanced data, with honest uncertainty.

>>> from imblearn.over_sampling import SMOTE
>>> from imblearn.pipeline import make_pipeline
>>> from sklearn.linear_model import LogisticRegression
>>> from sklearn.preprocessing import StandardScaler
>>> from helpers import datasets, evaluation
>>> X, y = datasets.load("yeast")
>>> candidates = {
...     "no resampling": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
...     "SMOTE": make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
... }
>>> res = evaluation.compare(candidates, X, y, progress=False)
>>> sorted(res["candidate"].unique())
['SMOTE', 'no resampling']

``compare`` is ``sklearn.model_selection.cross_validate`` run for each candidate on the same repeated
stratified folds, gathered into one tidy table with intervals. Candidates are written out in full by
the caller (an estimator or an imbalanced-learn Pipeline); a sampler inside an imblearn Pipeline only
ever resamples training folds, so test folds keep the real class balance. Metrics come from
scikit-learn and imbalanced-learn; the statistics from ``helpers.stats``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from imblearn.metrics import geometric_mean_score
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline as SkPipeline
from threadpoolctl import threadpool_limits

from . import stats
from ._checks import as_binary_target, check_scores, check_X_y, missing_summary

RANDOM_STATE = 42

#: Every metric ``scores`` and ``compare`` can compute, in display order. From "roc_auc" on they need
#: scores; from "brier" on, probabilities (``predict_proba``).
ALL_METRICS = ("accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc", "gmean",
               "roc_auc", "average_precision", "brier", "brier_no_skill", "brier_skill", "log_loss",
               "calibration_intercept", "calibration_slope")
#: What ``compare`` reports unless told otherwise: ranking metrics (do not depend on a threshold),
#: threshold metrics (at the model's own threshold) and the Brier score next to the no-skill forecast's.
DEFAULT_METRICS = ("roc_auc", "average_precision", "recall", "precision", "f1", "balanced_accuracy",
                   "brier")
LOWER_IS_BETTER = {"brier", "brier_no_skill", "log_loss", "cost_per_case"}  # cost: added by guide.evaluate
#: Metrics with no "better" direction (1 and 0 are ideal for the slope and intercept).
NO_DIRECTION = {"calibration_intercept", "calibration_slope"}
#: Rates counted from the confusion matrix: their interval is never narrower than the Wilson interval
#: of the counts behind them (numerator, denominator as confusion-matrix cells).
_RATES = {"recall": ("tp", ("tp", "fn")), "precision": ("tp", ("tp", "fp")),
          "accuracy": (("tp", "tn"), ("tp", "tn", "fp", "fn"))}


def scores(y_true: Any, y_pred: Any, y_score: Any = None) -> pd.Series:
    """Score one set of predictions: one row of threshold metrics, plus ranking metrics if scores are given.

    ``y_pred`` are 0/1 labels; ``y_score`` (optional) the positive-class probability or score, e.g.
    ``model.predict_proba(X)[:, 1]``. Precision is NaN (undefined, not 0) when nothing is predicted
    positive. The probability metrics (Brier score and its no-skill reference ``p(1 - p)`` with ``p``
    the share of positives, Brier skill score, log loss, calibration intercept and slope) are NaN
    when ``y_score`` leaves [0, 1] (a decision_function).

    >>> float(scores([0, 0, 1, 1], [0, 1, 1, 1])["recall"])
    1.0
    >>> bool(np.isnan(scores([0, 0, 1, 1], [0, 0, 0, 0])["precision"]))
    True
    """
    y_true = as_binary_target(y_true, "y_true")
    y_pred = np.asarray(y_pred)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_true has {len(y_true)} labels but y_pred has shape {y_pred.shape}; "
                         "pass one predicted label per row.")
    if not np.isin(y_pred, [0, 1]).all():
        raise ValueError("y_pred must hold 0/1 labels (model.predict(X)); for probabilities use y_score.")
    if len(np.unique(y_true)) < 2:
        raise ValueError("y_true holds only one class, so recall or precision of the minority is undefined. "
                         "Score on a set with both classes (use a stratified split).")
    s = None if y_score is None else check_scores(y_score, len(y_true))
    names = ALL_METRICS if s is not None else ALL_METRICS[:ALL_METRICS.index("roc_auc")]
    row = {name: _metric(name, y_true, y_pred, s) for name in names}
    return pd.Series(row, name="score", dtype=float)


_LABEL_METRICS = {
    "accuracy": accuracy_score,
    "precision": lambda t, p: precision_score(t, p, zero_division=np.nan),
    "recall": lambda t, p: recall_score(t, p, zero_division=np.nan),
    "f1": lambda t, p: f1_score(t, p, zero_division=np.nan),
    "balanced_accuracy": balanced_accuracy_score,
    "mcc": matthews_corrcoef,
    "gmean": geometric_mean_score,
}
_SCORE_METRICS = {"roc_auc": roc_auc_score, "average_precision": average_precision_score}


def _metric(name: str, y_true: np.ndarray, y_pred: np.ndarray, y_score: np.ndarray | None) -> float:
    """One metric, by the kit's name for it, computed by scikit-learn / imbalanced-learn."""
    if name in _LABEL_METRICS:
        return float(_LABEL_METRICS[name](y_true, y_pred))
    if y_score is None:
        return np.nan
    if name in _SCORE_METRICS:
        return float(_SCORE_METRICS[name](y_true, y_score))
    if not (0 <= y_score.min() and y_score.max() <= 1):  # probability metrics need probabilities
        return np.nan
    p = float(np.mean(y_true))
    if name == "brier":
        return float(brier_score_loss(y_true, y_score))
    if name == "brier_no_skill":  # the Brier score of always forecasting the share of positives
        return p * (1 - p)
    if name == "brier_skill":
        return 1 - float(brier_score_loss(y_true, y_score)) / (p * (1 - p))
    if name == "log_loss":
        return float(log_loss(y_true, np.clip(y_score, 1e-15, 1 - 1e-15), labels=[0, 1]))
    from .calibration import calibration_intercept, calibration_slope

    if name == "calibration_intercept":
        return calibration_intercept(y_true, y_score)
    return calibration_slope(y_true, y_score)


def is_sampler(obj: Any) -> bool:
    """True for an imbalanced-learn sampler (anything with ``fit_resample``)."""
    return hasattr(obj, "fit_resample") and not hasattr(obj, "predict")


_PIPELINE_RECIPE = ("from imblearn.pipeline import make_pipeline\n"
                    "    make_pipeline(StandardScaler(), {sampler}, LogisticRegression(max_iter=1000))")


def check_candidate(estimator: Any, name: str = "candidate") -> Any:
    """Refuse what cannot be cross-validated as it is, with the code that fixes it; return the estimator.

    A candidate is an estimator with ``fit`` and ``predict``, or an imbalanced-learn Pipeline, written
    out in full. A bare sampler (it predicts nothing), None, or a scikit-learn Pipeline holding a sampler
    (it cannot call ``fit_resample``) is refused.

    >>> check_candidate(None, "plain")
    Traceback (most recent call last):
    ...
    TypeError: Candidate 'plain' is None. Write the model out, e.g. make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).
    """
    if estimator is None:
        raise TypeError(f"Candidate {name!r} is None. Write the model out, e.g. "
                        "make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).")
    if is_sampler(estimator):
        raise TypeError(
            f"Candidate {name!r} is a bare {type(estimator).__name__}: a sampler changes the training rows but "
            "predicts nothing. Put it in an imbalanced-learn Pipeline between the preprocessing and a model:\n    "
            + _PIPELINE_RECIPE.format(sampler=f"{type(estimator).__name__}(random_state=42)"))
    if isinstance(estimator, SkPipeline) and not isinstance(estimator, ImbPipeline):
        if any(is_sampler(step) for _, step in estimator.steps):
            raise TypeError(
                f"Candidate {name!r} is a scikit-learn Pipeline containing a sampler; scikit-learn's Pipeline "
                "cannot call fit_resample. Build it with imblearn.pipeline.make_pipeline (same arguments)."
            )
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict")):
        raise TypeError(f"Candidate {name!r} is a {type(estimator).__name__}, not an estimator with fit and "
                        "predict. Pass a classifier or an imblearn Pipeline that ends in one.")
    return estimator


def _samplers(estimator: Any) -> Iterable[Any]:
    if hasattr(estimator, "steps"):
        for _, step in estimator.steps:
            yield from _samplers(step)
    elif is_sampler(estimator):
        yield estimator
        inner = getattr(estimator, "smote", "absent")
        if inner is None:  # SMOTEENN / SMOTETomek default to SMOTE(k_neighbors=5)
            yield ("SMOTE", "k_neighbors", 5)
        elif inner != "absent":
            yield inner


def _neighbours_needed(sampler: Any) -> tuple[str, str, int] | None:
    """(class name, parameter, minority rows needed) for samplers that fit neighbours on the minority."""
    if isinstance(sampler, tuple):  # a default inner SMOTE
        cls, param, k = sampler
        return cls, param, k + 1
    cls = type(sampler).__name__
    params = sampler.get_params(deep=False)
    for param, extra in (("k_neighbors", 1), ("n_neighbors", 1)):
        if param not in params:
            continue
        if param == "n_neighbors" and cls not in {"ADASYN", "NearMiss"}:
            continue
        value = params[param]
        k = value if isinstance(value, (int, np.integer)) else getattr(value, "n_neighbors", None)
        if k is None:
            return None
        return cls, param, int(k) + (0 if cls == "NearMiss" else extra)
    return None


def check_neighbours(estimator: Any, y: Any, *, name: str = "the sampler", where: str = "the data") -> None:
    """Raise a clear error if a SMOTE-like sampler has too few minority rows for its ``k_neighbors``.

    >>> from imblearn.over_sampling import SMOTE
    >>> check_neighbours(SMOTE(), [0] * 20 + [1] * 4)
    Traceback (most recent call last):
    ...
    ValueError: the sampler: SMOTE needs at least k_neighbors + 1 = 6 minority samples; the data has 4. Lower k_neighbors (e.g. SMOTE(k_neighbors=3)) or use RandomOverSampler, which needs no neighbours.
    """
    counts = np.bincount(as_binary_target(y), minlength=2)
    _check_neighbour_count(estimator, int(counts.min()), name, where)


def _check_neighbour_count(estimator: Any, minority: int, name: str, where: str) -> None:
    for sampler in _samplers(estimator):
        need = _neighbours_needed(sampler)
        if need is None or minority >= need[2]:
            continue
        cls, param, n_needed = need
        rule = f"{param} + 1" if cls != "NearMiss" else param
        fix = f"{cls}({param}={max(1, minority - 1)})" if minority > 1 else None
        advice = (f"Lower {param} (e.g. {fix}) or use RandomOverSampler, which needs no neighbours."
                  if fix else "Use RandomOverSampler, which needs no neighbours, or gather more minority rows.")
        raise ValueError(f"{name}: {cls} needs at least {rule} = {n_needed} minority samples; "
                         f"{where} has {minority}. {advice}")


def _make_cv(cv: Any) -> Any:
    if cv is None:
        return RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=RANDOM_STATE)
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, bool):
        if cv < 2:
            raise ValueError(f"cv={cv}: cross-validation needs at least 2 folds.")
        return StratifiedKFold(n_splits=int(cv), shuffle=True, random_state=RANDOM_STATE)
    if not (hasattr(cv, "split") and hasattr(cv, "get_n_splits")):
        raise TypeError("cv must be None, a number of folds, or a scikit-learn splitter such as "
                        "RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=42).")
    return cv


def _check_metrics(metrics: Any) -> tuple[str, ...]:
    if metrics is None:
        metrics = DEFAULT_METRICS
    if isinstance(metrics, str):
        metrics = (metrics,)
    metrics = tuple(metrics)
    unknown = [m for m in metrics if m not in ALL_METRICS]
    if unknown or not metrics:
        raise ValueError(f"Unknown metric(s) {unknown}; choose from {', '.join(ALL_METRICS)}.")
    if "brier" in metrics and "brier_no_skill" not in metrics:  # a Brier score always comes with its reference
        metrics = metrics[:metrics.index("brier") + 1] + ("brier_no_skill",) + metrics[metrics.index("brier") + 1:]
    return metrics


def _positive_scores(model: Any, X: Any) -> np.ndarray | None:
    if hasattr(model, "predict_proba"):
        return model.predict_proba(X)[:, 1]
    if hasattr(model, "decision_function"):
        return model.decision_function(X)
    return None


class _Scorer:
    """A ``cross_validate`` scorer that predicts once and returns every metric, plus the confusion counts."""

    def __init__(self, metrics: tuple[str, ...]):
        self.metrics = metrics

    def __call__(self, estimator: Any, X: Any, y: Any) -> dict[str, float]:
        y = np.asarray(y)
        y_pred = np.asarray(estimator.predict(X))
        y_score = _positive_scores(estimator, X)
        out = {m: _metric(m, y, y_pred, y_score) for m in self.metrics}
        tn, fp, fn, tp = confusion_matrix(y, y_pred, labels=[0, 1]).ravel()
        out.update({"tn": float(tn), "fp": float(fp), "fn": float(fn), "tp": float(tp)})
        return out


def _explain_failure(err: Exception, name: str, X: Any) -> Exception:
    text = str(err)
    where = f"Candidate {name!r} failed while fitting"
    if "NaN" in text or "missing values" in text:
        return ValueError(f"{where}: it cannot take missing values (X has {missing_summary(X)}). Put an imputer "
                          "first, e.g. make_pipeline(SimpleImputer(strategy='median'), StandardScaler(), model), "
                          "or use HistGradientBoostingClassifier, which handles NaN itself.")
    if "could not convert string to float" in text or "Cannot cast" in text or "categor" in text.lower():
        cats = [c for c in getattr(X, "columns", []) if not pd.api.types.is_numeric_dtype(X[c])]
        return ValueError(f"{where}: it cannot take the categorical columns {cats[:5]}. Encode them first, e.g. "
                          "with a ColumnTransformer that one-hot encodes them (OneHotEncoder(handle_unknown="
                          "'ignore')) ahead of the model in the pipeline.")
    return type(err)(f"{where}: {text}") if type(err) in (ValueError, TypeError) else err


class _Progress:
    """An ipywidgets progress bar while running inside Jupyter; silent everywhere else."""

    def __init__(self, total: int, enabled: bool, text: str, label: str = "compare"):
        self.bar = None
        if not enabled or total < 2:
            return
        try:
            from IPython import get_ipython

            shell = get_ipython()
            if shell is None or type(shell).__name__ != "ZMQInteractiveShell":
                return
            import ipywidgets as widgets
            from IPython.display import display

            self.bar = widgets.IntProgress(value=0, min=0, max=total, description=label,
                                           layout=widgets.Layout(width="60%"))
            bundle = self.bar._repr_mimebundle_()
            bundle["text/plain"] = text  # what a saved notebook shows once the bar is gone
            display(bundle, raw=True)
        except ImportError:  # pragma: no cover - ipywidgets is in requirements.txt
            self.bar = None

    def step(self) -> None:
        if self.bar is not None:
            self.bar.value += 1

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def compare(
    candidates: Mapping[str, Any],
    X: Any,
    y: Any,
    *,
    cv: Any = None,
    metrics: Iterable[str] | None = None,
    n_jobs: int | None = None,
    progress: bool = True,
    return_folds: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """``cross_validate`` every candidate on the same folds; return one tidy table with 95% intervals.

    For each candidate this runs exactly what you would write yourself::

        cross_validate(candidate, X, y, cv=folds, scoring=..., n_jobs=n_jobs, error_score="raise")

    candidates: name -> an estimator or an imbalanced-learn Pipeline, written out in full (see
        ``check_candidate`` for what is refused and why).
    cv: None (5-fold stratified CV repeated 3 times, random_state=42: 15 folds, enough for a paired
        verdict), a number of folds (one stratified shuffle, random_state=42), or a splitter.
    metrics: names from ``ALL_METRICS``; default ``DEFAULT_METRICS``. A Brier score always comes with
        ``brier_no_skill``, the Brier score of forecasting the share of positives for every row.
    n_jobs: parallel fits (None = 1, one BLAS/OpenMP thread each).
    progress: a progress bar (one step per candidate) when running in Jupyter.
    return_folds: also return the per-fold scores (for ``difference``).

    Returns one row per candidate and metric: mean, std, 95% interval (``summarize``), mean fit time,
    the number of folds where the metric was defined and where it was not (precision is undefined on
    a fold where nothing was predicted positive: NaN, never 0).

    >>> from sklearn.linear_model import LogisticRegression
    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> res = compare({"logistic regression": LogisticRegression(max_iter=1000)}, X, y, metrics=["roc_auc"],
    ...               progress=False)
    >>> list(res.columns)
    ['candidate', 'metric', 'mean', 'std', 'ci_low', 'ci_high', 'fit_time', 'n_folds', 'n_undefined']
    """
    X, y_arr = check_X_y(X, y)
    if not isinstance(candidates, Mapping) or not candidates:
        raise TypeError("candidates must be a non-empty dict of name -> estimator, e.g. "
                        "{'no resampling': make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))}.")
    metrics = _check_metrics(metrics)
    splitter = _make_cv(cv)
    n_splits = getattr(splitter, "n_splits", None) or getattr(splitter, "cvargs", {}).get("n_splits")
    n_minority = int(np.bincount(y_arr, minlength=2).min())
    if n_splits and n_minority < n_splits:
        raise ValueError(f"{n_splits} folds but only {n_minority} minority rows: some test folds would have "
                         "no minority rows. Use fewer folds (5 is usual; cv=3 for tiny minorities).")
    splits = list(splitter.split(np.zeros(len(y_arr)), y_arr))
    min_train = min(int(np.bincount(y_arr[train], minlength=2).min()) for train, _ in splits)
    min_test = min(int(np.bincount(y_arr[test], minlength=2).min()) for _, test in splits)
    if min_test == 0:
        raise ValueError(f"Some test folds contain no minority rows (there are {n_minority} in all). "
                         "Use fewer folds (cv=3) or a stratified splitter so each test fold gets some.")
    estimators = {str(name): check_candidate(est, str(name)) for name, est in candidates.items()}
    for name, est in estimators.items():
        _check_neighbour_count(est, min_train, f"Candidate {name!r}", "the smallest training fold")
    bar = _Progress(len(estimators), progress, f"compare: {len(estimators)} candidate(s) x {len(splits)} folds "
                                               f"= {len(estimators) * len(splits)} fits")
    scorer = _Scorer(metrics)
    frames = []
    try:
        for name, est in estimators.items():
            try:
                # One BLAS/OpenMP thread per fit: on data this small it is faster (HistGradientBoosting's
                # OpenMP threads oversubscribed a busy 2-core machine) and results repeat on any machine.
                with threadpool_limits(limits=1):
                    cvres = cross_validate(est, X, y_arr, cv=splits, scoring=scorer, n_jobs=n_jobs,
                                           error_score="raise")
            except (ValueError, TypeError) as err:
                raise _explain_failure(err, name, X) from err
            n_train = [len(train) for train, _ in splits]
            n_test = [len(test) for _, test in splits]
            base = {"candidate": name, "fit_time": cvres["fit_time"], "n_train": n_train, "n_test": n_test,
                    **{k: cvres[f"test_{k}"] for k in ("tn", "fp", "fn", "tp")}}
            for m in metrics:
                frames.append(pd.DataFrame({**base, "fold": range(len(splits)), "metric": m,
                                            "value": cvres[f"test_{m}"]}))
            bar.step()
    finally:
        bar.close()
    folds = pd.concat(frames, ignore_index=True)
    folds = folds[["candidate", "fold", "metric", "value", "fit_time", "n_train", "n_test", "tn", "fp", "fn", "tp"]]
    folds["candidate"] = pd.Categorical(folds["candidate"], categories=list(estimators), ordered=True)
    folds["metric"] = pd.Categorical(folds["metric"], categories=list(metrics), ordered=True)
    folds = folds.sort_values(["candidate", "metric", "fold"], ignore_index=True)
    summary = summarize(folds)
    return (summary, folds) if return_folds else summary


def _bounds(metric: str) -> tuple[float, float]:
    if metric == "mcc":
        return -1.0, 1.0
    if metric in {"brier_skill", "calibration_intercept", "calibration_slope"}:
        return -np.inf, np.inf if metric != "brier_skill" else 1.0
    if metric in {"log_loss", "cost_per_case"}:
        return 0.0, np.inf
    return 0.0, 1.0


def summarize(folds: pd.DataFrame) -> pd.DataFrame:
    """Collapse per-fold scores (from ``compare(..., return_folds=True)``) into mean, std and 95% interval.

    The interval is ``stats.corrected_interval`` (Nadeau-Bengio; none from fewer than 5 defined folds).
    For recall, precision and accuracy it is never narrower than the Wilson interval of the confusion
    counts behind it (pooled over the folds of one repetition): a conservative floor, so 28 of 28
    positives found reads 1.000 [0.879, 1.000], never [1.000, 1.000]. (The two intervals describe
    slightly different things, the mean of per-fold rates and the pooled rate; the union is the cautious
    reading.) Other metrics can still show a zero-width interval when every fold agrees exactly.
    """
    _require_columns(folds, {"candidate", "metric", "value", "n_train", "n_test", "fit_time"}, "summarize")
    out = []
    for (cand, metric), g in folds.groupby(["candidate", "metric"], observed=True, sort=True):
        values = g["value"].to_numpy(float)
        ratio = float((g["n_test"] / g["n_train"]).mean())
        mean, low, high = stats.corrected_interval(values, ratio, _bounds(str(metric)))
        if str(metric) in _RATES and {"tp", "fn", "fp", "tn"} <= set(g.columns) and not np.isnan(low):
            num, den = _RATES[str(metric)]
            num, den = (num,) if isinstance(num, str) else num, den
            repeats = max(1.0, float(g["n_test"].sum()) / float(g["n_train"].iloc[0] + g["n_test"].iloc[0]))
            k = float(g[list(num)].to_numpy().sum()) / repeats
            n = float(g[list(den)].to_numpy().sum()) / repeats
            w_low, w_high = stats.wilson(k, n)
            low, high = min(low, w_low), max(high, w_high)
        n_defined = int(np.isfinite(values).sum())
        out.append({"candidate": cand, "metric": metric, "mean": mean,
                    "std": float(np.nanstd(values, ddof=1)) if n_defined > 1 else np.nan,
                    "ci_low": low, "ci_high": high, "fit_time": float(g["fit_time"].mean()),
                    "n_folds": n_defined, "n_undefined": int(len(values) - n_defined)})
    summary = pd.DataFrame(out)
    summary["candidate"] = summary["candidate"].astype(str)
    summary["metric"] = summary["metric"].astype(str)
    return summary


def summary_table(results: pd.DataFrame, metrics: Iterable[str] | None = None, digits: int = 3) -> pd.DataFrame:
    """A readable wide table: one row per candidate, one column per metric, "mean [95% CI]".

    A metric undefined on some folds says so ("0.412 [0.301, 0.523] (2 of 15 folds undefined)"); one
    with too few folds for an interval shows its mean alone with the number of folds.

    >>> from sklearn.linear_model import LogisticRegression
    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> res = compare({"lr": LogisticRegression(max_iter=1000)}, X, y, metrics=["roc_auc"], progress=False)
    >>> summary_table(res).columns.tolist()
    ['roc_auc']
    """
    _require_columns(results, {"candidate", "metric", "mean", "ci_low", "ci_high"}, "summary_table")
    keep = list(dict.fromkeys(results["metric"])) if metrics is None else list(metrics)
    order = list(dict.fromkeys(results["candidate"]))
    sub = results[results["metric"].isin(keep)]

    def cell(r: pd.Series) -> str:
        f = f"{{:.{digits}f}}"
        if np.isnan(r["mean"]):
            text = "undefined"
        elif r["metric"] == "brier_no_skill":
            text = f.format(r["mean"])
        elif np.isnan(r["ci_low"]):
            text = f"{f.format(r['mean'])} ({int(r.get('n_folds', 0))} folds: no interval)"
        else:
            text = f"{f.format(r['mean'])} [{f.format(r['ci_low'])}, {f.format(r['ci_high'])}]"
        undefined = int(r.get("n_undefined", 0) or 0)
        if undefined:
            text += f" ({undefined} of {undefined + int(r['n_folds'])} folds undefined)"
        return text

    table = sub.assign(cell=sub.apply(cell, axis=1)).pivot(index="candidate", columns="metric", values="cell")
    table = table.reindex(index=order, columns=[m for m in keep if m in table.columns])
    table.columns.name = None
    return table


def difference(folds: pd.DataFrame, baseline: str, metric: str | Iterable[str] = "average_precision", *,
               min_folds: int = stats.MIN_FOLDS_FOR_VERDICT) -> pd.DataFrame:
    """Each candidate minus the baseline on the same folds (paired), with a corrected 95% interval.

    One row per candidate (and metric, if several are given): the mean difference, its interval and
    p-value (``stats.corrected_difference``), the Holm-adjusted p-value over every judged row of this
    table, a ``verdict`` (Holm's: "better" or "worse" when the adjusted p-value is below 0.05, else "no
    detectable difference") and a ``reading`` that says what the interval rules out. The interval and
    the reading are per comparison (unadjusted): a claim about several rows at once needs wider ones.
    Where the interval alone excludes 0 but Holm does not, the reading says so. Lower is better for the
    Brier score and log loss. "not judged": fewer than ``min_folds`` folds were run (10 = 5 folds x 2
    repeats), the metric is undefined on all but one of them, or the difference is the same on every
    fold (no spread to judge it by). Folds where a metric is undefined are left out of the difference,
    and the reading counts them. The Holm family is the table of this call: choose it before looking
    (one question, e.g. every sampler on one dataset's ranking metrics), not after.

    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> lr = LogisticRegression(max_iter=1000)
    >>> _, folds = compare({"none": make_pipeline(StandardScaler(), lr),
    ...                     "ROS": make_pipeline(StandardScaler(), RandomOverSampler(random_state=42), lr)},
    ...                    X, y, progress=False, return_folds=True)
    >>> difference(folds, "none", "roc_auc")["candidate"].tolist()
    ['ROS']
    """
    _require_columns(folds, {"candidate", "fold", "metric", "value", "n_train", "n_test"}, "difference")
    wanted = [metric] if isinstance(metric, str) else list(metric)
    available = sorted(folds["metric"].astype(str).unique())
    rows = []
    for m in wanted:
        sub = folds[folds["metric"].astype(str) == m]
        if sub.empty:
            raise ValueError(f"No scores for metric {m!r}; available: {available}.")
        if m in NO_DIRECTION or m == "brier_no_skill":
            raise ValueError(f"{m!r} has no better direction; compare its values with summary_table instead.")
        wide = sub.pivot_table(index="fold", columns="candidate", values="value", observed=True, dropna=False)
        if baseline not in wide.columns:
            raise ValueError(f"Unknown baseline {baseline!r}; candidates are {[str(c) for c in wide.columns]}.")
        ratio = float((sub["n_test"] / sub["n_train"]).mean())
        for cand in wide.columns:
            if cand == baseline:
                continue
            r = stats.corrected_difference((wide[cand] - wide[baseline]).to_numpy(float), ratio)
            rows.append({"candidate": str(cand), "metric": m, **r, "n_run": len(wide)})
    table = pd.DataFrame(rows)
    # the design decides whether a verdict can be drawn (folds run); folds where a metric is undefined
    # are left out of the difference and said so, not a reason to withhold the verdict
    enough = (table["n_run"] >= min_folds) & (table["n_folds"] >= 2) & table["p_value"].notna()
    table["p_holm"] = np.nan
    table.loc[enough, "p_holm"] = stats.holm(table.loc[enough, "p_value"].to_numpy())
    verdicts, readings = [], []
    for r in table.itertuples():
        lower = r.metric in LOWER_IS_BETTER
        undefined = r.n_run - r.n_folds
        note = f" ({undefined} of {r.n_run} folds undefined, left out)" if undefined else ""
        if r.n_run < min_folds:
            verdicts.append("not judged")
            readings.append(f"{r.n_run} paired folds: too few for a verdict (need {min_folds}, e.g. "
                            "RepeatedStratifiedKFold(n_splits=5, n_repeats=2))")
            continue
        if r.n_folds < 2:
            verdicts.append("not judged")
            readings.append(f"undefined on {undefined} of {r.n_run} folds: nothing left to compare")
            continue
        if np.isnan(r.p_value):
            verdicts.append("not judged")
            readings.append(("identical on every fold" if abs(r.difference) <= stats.NO_SPREAD else
                             f"the same difference ({r.difference:+.3f}) on every fold: no spread to judge it by")
                            + note)
            continue
        verdict = stats.verdict(r.ci_low, r.ci_high, lower_is_better=lower, p_adjusted=r.p_holm)
        text = stats.reading(r.ci_low, r.ci_high, lower_is_better=lower)
        if verdict == "no detectable difference" and (r.ci_low > 0 or r.ci_high < 0):
            text += f", not established after Holm's adjustment over {int(enough.sum())} rows (p = {r.p_holm:.2f})"
        verdicts.append(verdict)
        readings.append(text + note)
    table["verdict"], table["reading"] = verdicts, readings
    return table[["candidate", "metric", "difference", "ci_low", "ci_high", "p_value", "p_holm", "verdict",
                  "reading", "n_folds"]]


def _require_columns(df: Any, needed: set[str], func: str) -> None:
    if not isinstance(df, pd.DataFrame) or not needed <= set(df.columns):
        raise TypeError(f"{func} expects the DataFrame returned by compare(); it needs columns {sorted(needed)}.")

"""Scoring and comparing models on imbalanced data, with honest uncertainty.

>>> from helpers import datasets, evaluation
>>> from imblearn.over_sampling import SMOTE
>>> X, y = datasets.load("yeast")
>>> res = evaluation.compare({"no resampling": None, "SMOTE": SMOTE(random_state=42)}, X, y, progress=False)
>>> sorted(res["candidate"].unique())
['SMOTE', 'no resampling']

``compare`` runs every candidate on the same repeated stratified folds. Samplers sit inside an
imbalanced-learn Pipeline, so they only ever resample training folds; test folds keep the real class
balance. Metrics come from scikit-learn and imbalanced-learn, never re-derived here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from imblearn.metrics import geometric_mean_score
from imblearn.pipeline import Pipeline as ImbPipeline
from scipy import stats
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from ._checks import as_binary_target, check_scores, check_X_y, missing_summary

RANDOM_STATE = 42

#: Every metric ``scores`` can compute, in display order. The last three need scores (probabilities).
ALL_METRICS = ("accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc", "gmean",
               "roc_auc", "average_precision", "brier")
#: What ``compare`` reports unless told otherwise: ranking metrics (do not depend on a threshold),
#: threshold metrics (at the model's default threshold) and the Brier score (probability quality).
DEFAULT_METRICS = ("roc_auc", "average_precision", "recall", "precision", "f1", "balanced_accuracy",
                   "brier")
LOWER_IS_BETTER = {"brier"}


def scores(y_true: Any, y_pred: Any, y_score: Any = None) -> pd.Series:
    """Score one set of predictions: one row of threshold metrics, plus ranking metrics if scores are given.

    ``y_pred`` are 0/1 labels; ``y_score`` (optional) the positive-class probability or score, e.g.
    ``model.predict_proba(X)[:, 1]``. Precision is 0 when nothing is predicted positive. The Brier score
    is only defined for probabilities: it is NaN when ``y_score`` leaves [0, 1] (decision_function).

    >>> float(scores([0, 0, 1, 1], [0, 1, 1, 1])["recall"])
    1.0
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
    names = ALL_METRICS if s is not None else ALL_METRICS[:-3]
    row = {name: _metric(name, y_true, y_pred, s) for name in names}
    return pd.Series(row, name="score", dtype=float)


_LABEL_METRICS = {
    "accuracy": accuracy_score,
    "precision": lambda t, p: precision_score(t, p, zero_division=0),
    "recall": lambda t, p: recall_score(t, p, zero_division=0),
    "f1": lambda t, p: f1_score(t, p, zero_division=0),
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
    if name == "brier":  # only defined for probabilities
        return float(brier_score_loss(y_true, y_score)) if 0 <= y_score.min() and y_score.max() <= 1 else np.nan
    return float(_SCORE_METRICS[name](y_true, y_score))


def preprocessor(X: Any) -> ColumnTransformer | SkPipeline:
    """Scale numeric columns, one-hot encode categorical ones, impute where X has gaps.

    Numeric: standard scaling (distance-based samplers such as SMOTE need comparable scales), after
    median imputation if X has missing numeric values. Categorical (``category`` or text dtype):
    most-frequent imputation, then one-hot encoding. Built for the X you pass: a model that will
    meet missing values later should be built from data that has them.

    >>> from helpers import datasets
    >>> X, y = datasets.load("thyroid")
    >>> preprocessor(X).fit_transform(X).shape[0]
    3163
    """
    if not isinstance(X, pd.DataFrame):  # a plain array: every column is numeric
        return _numeric_steps(bool(np.isnan(np.asarray(X, dtype=float)).any()))
    categorical = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    numeric = [c for c in X.columns if c not in categorical]
    numeric_steps = _numeric_steps(bool(X[numeric].isna().any().any()))
    if not categorical:
        return numeric_steps
    return ColumnTransformer([
        ("numeric", numeric_steps, numeric),
        ("categorical", SkPipeline([
            ("impute", SimpleImputer(strategy="most_frequent")),
            ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
        ]), categorical),
    ])


def _numeric_steps(impute: bool) -> SkPipeline:
    steps = [("impute", SimpleImputer(strategy="median"))] if impute else []
    return SkPipeline(steps + [("scale", StandardScaler())])


def default_classifier() -> LogisticRegression:
    """The classifier a bare sampler is paired with in ``compare``: a plain logistic regression.

    A fast, well-understood, *weak-ish* learner: the kind of model where resampling has the best
    chance to matter (see lesson 06 for strong learners).
    """
    return LogisticRegression(max_iter=1000)


def with_preprocessing(X: Any, *steps: Any) -> ImbPipeline:
    """An imbalanced-learn Pipeline: ``preprocessor(X)``, then your steps (samplers, then a model).

    >>> from imblearn.over_sampling import SMOTE
    >>> from sklearn.linear_model import LogisticRegression
    >>> import pandas as pd
    >>> X = pd.DataFrame({"size": [1.0, 2.0], "colour": pd.Categorical(["red", "blue"])})
    >>> [name for name, _ in with_preprocessing(X, SMOTE(), LogisticRegression()).steps]
    ['preprocess', 'smote', 'logisticregression']
    """
    if not steps:
        raise ValueError("with_preprocessing needs at least a final estimator, e.g. LogisticRegression().")
    prep = preprocessor(X)
    # imblearn's Pipeline refuses a nested Pipeline as a step, so an array's steps are spliced in
    named = list(prep.steps) if isinstance(prep, SkPipeline) else [("preprocess", prep)]
    for step in steps:
        base = type(step).__name__.lower()
        name, k = base, 2
        while name in dict(named):
            name, k = f"{base}-{k}", k + 1
        named.append((name, step))
    return ImbPipeline(named)


def is_sampler(obj: Any) -> bool:
    """True for an imbalanced-learn sampler (anything with ``fit_resample``)."""
    return hasattr(obj, "fit_resample") and not hasattr(obj, "predict")


def as_candidate(estimator: Any, X: Any, name: str = "candidate") -> Any:
    """Turn what a learner passes to ``compare`` into an estimator that is safe to cross-validate.

    - ``None``: the default classifier alone (no resampling), after ``preprocessor(X)``.
    - a bare sampler: ``with_preprocessing(X, sampler, default_classifier())``.
    - an estimator or imbalanced-learn Pipeline: used as given.
    A scikit-learn Pipeline that contains a sampler is refused (it cannot resample; see lesson 07).
    """
    if estimator is None:
        return with_preprocessing(X, default_classifier())
    if is_sampler(estimator):
        return with_preprocessing(X, estimator, default_classifier())
    if isinstance(estimator, SkPipeline) and not isinstance(estimator, ImbPipeline):
        if any(is_sampler(step) for _, step in estimator.steps):
            raise TypeError(
                f"Candidate {name!r} is a scikit-learn Pipeline containing a sampler; scikit-learn's Pipeline "
                "cannot call fit_resample. Build it with imblearn.pipeline.make_pipeline (same arguments)."
            )
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict")):
        raise TypeError(f"Candidate {name!r} is a {type(estimator).__name__}, not an estimator with fit and "
                        "predict. Pass a classifier, an imblearn Pipeline, a sampler, or None.")
    return estimator


def _samplers(estimator: Any) -> Iterable[Any]:
    if hasattr(estimator, "steps"):
        for _, step in estimator.steps:
            yield from _samplers(step)
    elif is_sampler(estimator):
        yield estimator
        inner = getattr(estimator, "smote", "absent")
        if inner is None:  # SMOTEENN / SMOTETomek default to SMOTE(k_neighbors=5)
            from imblearn.over_sampling import SMOTE

            yield SMOTE()
        elif inner != "absent":
            yield inner


def _neighbours_needed(sampler: Any) -> tuple[str, int] | None:
    """(parameter, minority rows needed) for samplers that fit nearest neighbours on the minority class."""
    params = sampler.get_params(deep=False)
    for param, extra in (("k_neighbors", 1), ("n_neighbors", 1)):
        if param not in params:
            continue
        if param == "n_neighbors" and type(sampler).__name__ not in {"ADASYN", "NearMiss"}:
            continue
        value = params[param]
        k = value if isinstance(value, (int, np.integer)) else getattr(value, "n_neighbors", None)
        if k is None:
            return None
        if type(sampler).__name__ == "NearMiss":
            extra = 0
        return param, int(k) + extra
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
        if need is None or minority >= need[1]:
            continue
        param, n_needed = need
        cls = type(sampler).__name__
        rule = f"{param} + 1" if cls != "NearMiss" else param
        fix = f"{cls}({param}={max(1, minority - 1)})" if minority > 1 else None
        advice = (f"Lower {param} (e.g. {fix}) or use RandomOverSampler, which needs no neighbours."
                  if fix else "Use RandomOverSampler, which needs no neighbours, or gather more minority rows.")
        raise ValueError(f"{name}: {cls} needs at least {rule} = {n_needed} minority samples; "
                         f"{where} has {minority}. {advice}")


def _make_cv(cv: Any) -> Any:
    if cv is None:
        return RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=RANDOM_STATE)
    if isinstance(cv, (int, np.integer)):
        if cv < 2:
            raise ValueError(f"cv={cv}: cross-validation needs at least 2 folds.")
        return StratifiedKFold(n_splits=int(cv), shuffle=True, random_state=RANDOM_STATE)
    if not (hasattr(cv, "split") and hasattr(cv, "get_n_splits")):
        raise TypeError("cv must be None, a number of folds, or a scikit-learn splitter such as "
                        "RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=42).")
    return cv


def _check_metrics(metrics: Any) -> tuple[str, ...]:
    if metrics is None:
        return DEFAULT_METRICS
    if isinstance(metrics, str):
        metrics = (metrics,)
    metrics = tuple(metrics)
    unknown = [m for m in metrics if m not in ALL_METRICS]
    if unknown or not metrics:
        raise ValueError(f"Unknown metric(s) {unknown}; choose from {', '.join(ALL_METRICS)}.")
    return metrics


def _take(X: Any, idx: np.ndarray) -> Any:
    return X.iloc[idx] if hasattr(X, "iloc") else np.asarray(X)[idx]


def _positive_scores(model: Any, X: Any) -> np.ndarray | None:
    if hasattr(model, "predict_proba"):
        return model.predict_proba(X)[:, 1]
    if hasattr(model, "decision_function"):
        return model.decision_function(X)
    return None


def _explain_failure(err: Exception, name: str, X: Any) -> Exception:
    text = str(err)
    where = f"Candidate {name!r} failed while fitting"
    if "NaN" in text or "missing values" in text:
        return ValueError(f"{where}: it cannot take missing values (X has {missing_summary(X)}). Put an imputer "
                          "first, e.g. helpers.evaluation.with_preprocessing(X, ...), or use "
                          "HistGradientBoostingClassifier, which handles NaN itself.")
    if "could not convert string to float" in text or "Cannot cast" in text or "categor" in text.lower():
        cats = [c for c in getattr(X, "columns", []) if not pd.api.types.is_numeric_dtype(X[c])]
        return ValueError(f"{where}: it cannot take the categorical columns {cats[:5]}. Encode them first, "
                          "e.g. helpers.evaluation.with_preprocessing(X, sampler, model).")
    return type(err)(f"{where}: {text}") if type(err) in (ValueError, TypeError) else err


def _fit_and_score(name: str, estimator: Any, X: Any, y: np.ndarray, fold: int, train: np.ndarray,
                   test: np.ndarray, metrics: tuple[str, ...]) -> list[dict]:
    model = clone(estimator)
    start = time.perf_counter()
    try:
        model.fit(_take(X, train), y[train])
    except (ValueError, TypeError) as err:
        raise _explain_failure(err, name, X) from err
    fit_time = time.perf_counter() - start
    X_test = _take(X, test)
    y_pred = np.asarray(model.predict(X_test))
    y_score = _positive_scores(model, X_test)
    return [{"candidate": name, "fold": fold, "metric": m, "value": _metric(m, y[test], y_pred, y_score),
             "fit_time": fit_time, "n_train": len(train), "n_test": len(test)} for m in metrics]


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
    """Cross-validate several candidates on the same folds; return a tidy table with 95% CIs.

    candidates: name -> an estimator, an imblearn Pipeline, a bare sampler (paired with
        ``preprocessor(X)`` and ``default_classifier()``), or None (that classifier, no resampling).
    cv: None (5-fold stratified CV repeated 3 times, random_state=42), a number of folds, or a splitter.
    metrics: names from ``ALL_METRICS``; default ``DEFAULT_METRICS``.
    n_jobs: parallel jobs (None = 1); 2 can help on 2 cores for slow candidates.
    progress: show a progress bar when running in Jupyter.
    return_folds: also return the per-fold scores (for ``difference``).

    Returns one row per candidate and metric: mean, std, and a 95% confidence interval using the
    Nadeau-Bengio correction (fold scores share training rows, so the naive interval is too narrow),
    plus the mean fit time in seconds and the number of folds.

    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> res = compare({"logistic regression": None}, X, y, metrics=["roc_auc"], progress=False)
    >>> list(res.columns)
    ['candidate', 'metric', 'mean', 'std', 'ci_low', 'ci_high', 'fit_time', 'n_folds']
    """
    X, y_arr = check_X_y(X, y)
    if not isinstance(candidates, Mapping) or not candidates:
        raise TypeError("candidates must be a non-empty dict of name -> estimator, e.g. "
                        "{'no resampling': None, 'SMOTE': SMOTE(random_state=42)}.")
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
    estimators = {str(name): as_candidate(est, X, str(name)) for name, est in candidates.items()}
    for name, est in estimators.items():
        _check_neighbour_count(est, min_train, f"Candidate {name!r}", "the smallest training fold")
    tasks = [(name, est, fold, train, test) for name, est in estimators.items()
             for fold, (train, test) in enumerate(splits)]
    bar = _Progress(len(tasks), progress, f"compare: {len(estimators)} candidate(s) x {len(splits)} folds "
                                          f"= {len(tasks)} fits")
    rows: list[dict] = []
    try:
        if n_jobs in (None, 1):
            # One thread for BLAS and OpenMP alike: on data this small it is faster (2 BLAS threads were
            # 8x slower for a logistic regression on lending_club here; HistGradientBoosting's OpenMP
            # threads oversubscribed a busy 2-core machine) and results are repeatable on any machine.
            with threadpool_limits(limits=1):
                for name, est, fold, train, test in tasks:
                    rows += _fit_and_score(name, est, X, y_arr, fold, train, test, metrics)
                    bar.step()
        else:
            from joblib import Parallel, delayed

            run = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
                delayed(_fit_and_score)(name, est, X, y_arr, fold, train, test, metrics)
                for name, est, fold, train, test in tasks)
            for result in run:
                rows += result
                bar.step()
    finally:
        bar.close()
    folds = pd.DataFrame(rows)
    folds["candidate"] = pd.Categorical(folds["candidate"], categories=list(estimators), ordered=True)
    folds["metric"] = pd.Categorical(folds["metric"], categories=list(metrics), ordered=True)
    folds = folds.sort_values(["candidate", "metric", "fold"], ignore_index=True)
    summary = summarize(folds)
    return (summary, folds) if return_folds else summary


def _corrected_ci(values: np.ndarray, test_train_ratio: float,
                  bounds: tuple[float, float] = (-np.inf, np.inf)) -> tuple[float, float, float]:
    """Mean and 95% CI with the Nadeau & Bengio (2003) variance correction for resampled CV.

    The interval is clipped to the metric's possible range (``bounds``), e.g. ROC-AUC never exceeds 1.
    """
    values = values[~np.isnan(values)]
    n = len(values)
    mean = float(values.mean()) if n else np.nan
    if n < 2:
        return mean, np.nan, np.nan
    se = np.sqrt((1 / n + test_train_ratio) * values.var(ddof=1))
    half = stats.t.ppf(0.975, n - 1) * se
    return mean, max(mean - half, bounds[0]), min(mean + half, bounds[1])


def summarize(folds: pd.DataFrame) -> pd.DataFrame:
    """Collapse per-fold scores (from ``compare(..., return_folds=True)``) into mean, std and 95% CI."""
    out = []
    for (cand, metric), g in folds.groupby(["candidate", "metric"], observed=True, sort=True):
        ratio = float((g["n_test"] / g["n_train"]).mean())
        bounds = (-1.0, 1.0) if metric == "mcc" else (0.0, 1.0)
        mean, low, high = _corrected_ci(g["value"].to_numpy(float), ratio, bounds)
        out.append({"candidate": cand, "metric": metric, "mean": mean, "std": float(g["value"].std(ddof=1)),
                    "ci_low": low, "ci_high": high, "fit_time": float(g["fit_time"].mean()),
                    "n_folds": int(g["value"].notna().sum())})
    summary = pd.DataFrame(out)
    summary["candidate"] = summary["candidate"].astype(str)
    summary["metric"] = summary["metric"].astype(str)
    return summary


def summary_table(results: pd.DataFrame, metrics: Iterable[str] | None = None, digits: int = 3) -> pd.DataFrame:
    """A readable wide table: one row per candidate, one column per metric, "mean [95% CI]".

    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> summary_table(compare({"lr": None}, X, y, metrics=["roc_auc"], progress=False)).columns.tolist()
    ['roc_auc']
    """
    _require_columns(results, {"candidate", "metric", "mean", "ci_low", "ci_high"}, "summary_table")
    keep = list(dict.fromkeys(results["metric"])) if metrics is None else list(metrics)
    order = list(dict.fromkeys(results["candidate"]))
    sub = results[results["metric"].isin(keep)]
    cell = sub.apply(lambda r: f"{r['mean']:.{digits}f} [{r['ci_low']:.{digits}f}, {r['ci_high']:.{digits}f}]",
                     axis=1)
    table = sub.assign(cell=cell).pivot(index="candidate", columns="metric", values="cell")
    table = table.reindex(index=order, columns=[m for m in keep if m in table.columns])
    table.columns.name = None
    return table


def difference(folds: pd.DataFrame, baseline: str, metric: str = "average_precision") -> pd.DataFrame:
    """Each candidate minus the baseline on the same folds (paired), with a corrected 95% CI.

    ``verdict`` says "better", "worse" or "no clear difference" (the CI contains 0); for the Brier
    score lower is better.

    >>> from helpers import datasets
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> X, y = datasets.load("yeast")
    >>> _, folds = compare({"none": None, "ROS": RandomOverSampler(random_state=42)}, X, y,
    ...                    progress=False, return_folds=True)
    >>> difference(folds, "none", "roc_auc")["candidate"].tolist()
    ['ROS']
    """
    _require_columns(folds, {"candidate", "fold", "metric", "value", "n_train", "n_test"}, "difference")
    sub = folds[folds["metric"].astype(str) == metric]
    if sub.empty:
        raise ValueError(f"No scores for metric {metric!r}; available: {sorted(folds['metric'].astype(str).unique())}.")
    wide = sub.pivot_table(index="fold", columns="candidate", values="value", observed=True)
    if baseline not in wide.columns:
        raise ValueError(f"Unknown baseline {baseline!r}; candidates are {[str(c) for c in wide.columns]}.")
    ratio = float((sub["n_test"] / sub["n_train"]).mean())
    out = []
    for cand in wide.columns:
        if cand == baseline:
            continue
        diff = (wide[cand] - wide[baseline]).to_numpy(float)
        mean, low, high = _corrected_ci(diff, ratio, (-2.0, 2.0) if metric == "mcc" else (-1.0, 1.0))
        better = (low > 0) if metric not in LOWER_IS_BETTER else (high < 0)
        worse = (high < 0) if metric not in LOWER_IS_BETTER else (low > 0)
        verdict = "better" if better else "worse" if worse else "no clear difference"
        out.append({"candidate": str(cand), "metric": metric, "difference": mean, "ci_low": low, "ci_high": high,
                    "verdict": verdict})
    return pd.DataFrame(out)


def _require_columns(df: Any, needed: set[str], func: str) -> None:
    if not isinstance(df, pd.DataFrame) or not needed <= set(df.columns):
        raise TypeError(f"{func} expects the DataFrame returned by compare(); it needs columns {sorted(needed)}.")

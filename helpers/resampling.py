"""What a resampler did, row by row, and small experiments about when it pays (lessons 03-05).

>>> from imblearn.over_sampling import SMOTE
>>> from helpers import datasets, resampling
>>> X, y = datasets.make_synthetic_2d(200, 0.1)
>>> traced = resampling.trace(SMOTE(random_state=42), X, y)
>>> traced["role"].value_counts().to_dict()
{'kept': 200, 'synthetic': 160}

``trace`` runs a sampler and labels every point: ``kept`` (an original row still there), ``removed``
(an original row dropped), ``synthetic`` (a new row, e.g. interpolated by SMOTE or a ClusterCentroids
centroid), ``duplicate`` (an extra copy of an original row, RandomOverSampler) and, for SMOTEENN /
SMOTETomek, ``synthetic, then removed`` (made by the SMOTE step, dropped by the cleaning step).
How it tells them apart, from imbalanced-learn's own behaviour (checked, never assumed):
- under-samplers and RandomOverSampler expose ``sample_indices_``, the original rows they returned;
- the SMOTE family returns the original rows first, in order, then appends the synthetic ones;
- SMOTEENN / SMOTETomek keep their fitted steps (``smote_``, then ``enn_`` or ``tomek_``, whose
  ``sample_indices_`` point into the SMOTE step's output);
- anything else (ClusterCentroids) is matched row by row: an output row equal to an original row of
  the same class is ``kept``, any other is ``synthetic``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone

from ._checks import check_X_y

RANDOM_STATE = 42

#: Roles a point can have after resampling, in drawing order.
ROLES = ("kept", "removed", "synthetic", "duplicate", "synthetic, then removed")
CLASS_NAMES = {0: "majority (0)", 1: "minority (1)"}


def _numeric(X: Any, what: str = "X") -> tuple[np.ndarray, list[str]]:
    if isinstance(X, pd.DataFrame):
        bad = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
        if bad:
            raise TypeError(f"{what} has non-numeric columns {bad[:5]}; trace draws numeric features. Encode "
                            "them first, e.g. a ColumnTransformer with OneHotEncoder in a pipeline.")
        columns = [str(c) for c in X.columns]
    else:
        columns = None
    try:
        arr = np.asarray(X, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{what} must hold numbers only ({err}). Encode categorical columns first.") from None
    if np.isnan(arr).any():
        raise ValueError(f"{what} has {int(np.isnan(arr).sum())} missing values; impute them first "
                         "(samplers that measure distances cannot use NaN).")
    return arr, columns or [f"x{i + 1}" for i in range(arr.shape[1])]


def _check_sampler(sampler: Any) -> None:
    if not hasattr(sampler, "fit_resample"):
        raise TypeError(f"{type(sampler).__name__} is not a sampler (it has no fit_resample). Pass an "
                        "imbalanced-learn sampler, e.g. SMOTE(random_state=42) or RandomUnderSampler().")


def trace(sampler: Any, X: Any, y: Any) -> pd.DataFrame:
    """Run ``sampler.fit_resample(X, y)`` on a copy of the sampler and label every point with its role.

    Returns one row per original point, then one per point the sampler added: the feature columns,
    ``label`` (0/1) and ``role`` (see ``ROLES``). X must be numeric and complete (scale it first,
    as you would for the sampler itself).

    >>> from imblearn.under_sampling import RandomUnderSampler
    >>> from helpers import datasets
    >>> X, y = datasets.make_synthetic_2d(100, 0.2)
    >>> counts(trace(RandomUnderSampler(random_state=42), X, y))["after"].tolist()
    [20, 20]
    """
    _check_sampler(sampler)
    X, y_arr = check_X_y(X, y)
    X_arr, columns = _numeric(X)
    fitted = clone(sampler)
    X_res, y_res = fitted.fit_resample(X, y_arr)
    X_res, y_res = np.asarray(X_res, dtype=float), np.asarray(y_res).astype(int)
    n = len(X_arr)
    role = np.full(n, "removed", dtype=object)
    added: list[tuple[np.ndarray, np.ndarray, str]] = []
    cleaner = getattr(fitted, "enn_", None) or getattr(fitted, "tomek_", None)
    if hasattr(fitted, "smote_") and cleaner is not None:  # SMOTEENN / SMOTETomek
        X_mid, y_mid = fitted.smote_.fit_resample(X_arr, y_arr)  # same random_state: same output
        X_mid, y_mid = np.asarray(X_mid, dtype=float), np.asarray(y_mid).astype(int)
        keep = np.asarray(cleaner.sample_indices_)
        if len(keep) != len(X_res) or not np.allclose(X_mid[keep], X_res):
            raise ValueError(f"Could not replay {type(sampler).__name__}'s SMOTE step: give it a fixed "
                             "random_state (e.g. random_state=42) so each run makes the same points.")
        _check_originals_first(X_mid, y_mid, X_arr, y_arr, type(fitted.smote_).__name__)
        kept_mask = np.zeros(len(X_mid), bool)
        kept_mask[keep] = True
        role[kept_mask[:n]] = "kept"
        added.append((X_mid[n:][kept_mask[n:]], y_mid[n:][kept_mask[n:]], "synthetic"))
        added.append((X_mid[n:][~kept_mask[n:]], y_mid[n:][~kept_mask[n:]], "synthetic, then removed"))
    elif hasattr(fitted, "sample_indices_"):  # under-samplers, RandomOverSampler
        copies = np.bincount(np.asarray(fitted.sample_indices_), minlength=n)
        role[copies > 0] = "kept"
        extra = np.repeat(np.arange(n), np.clip(copies - 1, 0, None))
        added.append((X_arr[extra], y_arr[extra], "duplicate"))
    elif len(X_res) >= n and np.array_equal(X_res[:n], X_arr) and np.array_equal(y_res[:n], y_arr):
        role[:] = "kept"  # the SMOTE family: originals first, then the synthetic rows
        added.append((X_res[n:], y_res[n:], "synthetic"))
    else:  # e.g. ClusterCentroids: match rows exactly
        role, new = _match_rows(X_arr, y_arr, X_res, y_res)
        added.append((X_res[new], y_res[new], "synthetic"))
    parts = [pd.DataFrame(X_arr, columns=columns).assign(label=y_arr, role=role)]
    parts += [pd.DataFrame(Xa, columns=columns).assign(label=ya, role=r) for Xa, ya, r in added if len(Xa)]
    out = pd.concat(parts, ignore_index=True)
    out["label"] = out["label"].astype(int)
    return out


def _check_originals_first(X_res: np.ndarray, y_res: np.ndarray, X: np.ndarray, y: np.ndarray, name: str) -> None:
    n = len(X)
    if len(X_res) < n or not (np.array_equal(X_res[:n], X) and np.array_equal(y_res[:n], y)):
        raise ValueError(f"{name} did not return the original rows first, so its synthetic rows cannot be "
                         "told apart; this imbalanced-learn version behaves differently from 0.14.")


def _match_rows(X: np.ndarray, y: np.ndarray, X_res: np.ndarray, y_res: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Roles of the originals and a mask of output rows that match no original row."""
    where: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i in range(len(X) - 1, -1, -1):
        where[(int(y[i]), X[i].tobytes())].append(i)
    role = np.full(len(X), "removed", dtype=object)
    new = np.ones(len(X_res), bool)
    for j in range(len(X_res)):
        rows = where.get((int(y_res[j]), X_res[j].tobytes()))
        if rows:
            role[rows.pop()] = "kept"
            new[j] = False
    return role, new


def counts(traced: pd.DataFrame) -> pd.DataFrame:
    """Class counts from a ``trace``: before, added, removed, after (plain ints, one row per class).

    ``added`` counts every row the sampler made (synthetic or duplicated), ``removed`` every row it
    dropped (original, or synthetic then cleaned away), so ``after = before + added - removed``.

    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from helpers import datasets
    >>> X, y = datasets.make_synthetic_2d(100, 0.2)
    >>> table = counts(trace(RandomOverSampler(random_state=42), X, y))
    >>> table.columns.tolist(), table.loc["minority (1)"].tolist()
    (['before', 'added', 'removed', 'after'], [20, 60, 0, 80])
    """
    if not isinstance(traced, pd.DataFrame) or not {"label", "role"} <= set(traced.columns):
        raise TypeError("counts expects the DataFrame returned by helpers.resampling.trace().")
    table = pd.crosstab(traced["label"], traced["role"]).reindex(index=[0, 1], columns=list(ROLES), fill_value=0)
    out = pd.DataFrame({
        "before": table["kept"] + table["removed"],
        "added": table["synthetic"] + table["duplicate"] + table["synthetic, then removed"],
        "removed": table["removed"] + table["synthetic, then removed"],
        "after": table["kept"] + table["synthetic"] + table["duplicate"],
    }).astype(int)
    out.index = pd.Index([CLASS_NAMES[i] for i in out.index], name="class")
    return out


def add_noise_features(X: pd.DataFrame, n_features: int, random_state: int = RANDOM_STATE) -> pd.DataFrame:
    """X with ``n_features`` extra columns of pure noise (standard normal, unrelated to the label).

    >>> from helpers import datasets
    >>> X, y = datasets.make_synthetic_2d(100)
    >>> add_noise_features(X, 3).columns.tolist()
    ['x1', 'x2', 'noise1', 'noise2', 'noise3']
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError("add_noise_features expects a DataFrame (e.g. from datasets.make_synthetic_2d).")
    if not isinstance(n_features, (int, np.integer)) or n_features < 1:
        raise ValueError(f"n_features must be a whole number of at least 1; got {n_features!r}.")
    noise = np.random.default_rng(random_state).normal(size=(len(X), int(n_features)))
    names = [f"noise{i + 1}" for i in range(int(n_features))]
    return pd.concat([X, pd.DataFrame(noise, columns=names, index=X.index)], axis=1)


def smote_scenarios(n_samples: int = 1000, minority_share: float = 0.05,
                    random_state: int = RANDOM_STATE) -> dict[str, tuple[pd.DataFrame, pd.Series]]:
    """Four versions of one SYNTHETIC problem, for "when does SMOTE backfire?" (lesson 03).

    - ``clean``: two informative features, classes mostly apart (overlap 0.3);
    - ``20 noise features``: the same rows plus 20 columns of pure noise;
    - ``heavy overlap``: the minority cloud moved into the majority's (overlap 0.8);
    - ``minority outliers``: 20% of the minority rows drawn from the majority's cloud (minority_outliers
      0.2): real minority cases deep in majority territory, with every label right (so the test folds are
      scored on true labels, outliers included).

    >>> {name: len(X.columns) for name, (X, y) in smote_scenarios(200).items()}
    {'clean': 2, '20 noise features': 22, 'heavy overlap': 2, 'minority outliers': 2}
    """
    from .datasets import make_synthetic_2d

    make = dict(n_samples=n_samples, minority_share=minority_share, random_state=random_state)
    X, y = make_synthetic_2d(overlap=0.3, **make)
    return {
        "clean": (X, y),
        "20 noise features": (add_noise_features(X, 20, random_state), y),
        "heavy overlap": make_synthetic_2d(overlap=0.8, **make),
        "minority outliers": make_synthetic_2d(overlap=0.3, minority_outliers=0.2, **make),
    }


def effect(resampled: Any, baseline: Any, data: Mapping[str, tuple[Any, Any]], *, cv: Any = None,
           metrics: Iterable[str] = ("average_precision", "recall", "precision", "f1")) -> pd.DataFrame:
    """How much a resampling pipeline changes each metric against its baseline, on each dataset (paired).

    For every ``name -> (X, y)`` in ``data``: ``evaluation.compare`` of ``{"no resampling": baseline,
    "resampled": resampled}`` (two pipelines you wrote, the same but for the sampler), then
    ``evaluation.difference`` (Holm-adjusted within each dataset). Returns one row per dataset and
    metric: difference, interval, verdict, and ``summary`` ("+0.235 better").

    >>> from imblearn.over_sampling import SMOTE
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> from helpers import datasets
    >>> lr = LogisticRegression()
    >>> res = effect(make_pipeline(SMOTE(random_state=42), lr), lr, {"toy": datasets.make_synthetic_2d(200, 0.1)},
    ...              metrics=["recall"])
    >>> res.columns.tolist()
    ['data', 'metric', 'difference', 'ci_low', 'ci_high', 'verdict', 'summary']
    """
    from . import evaluation

    if not any(hasattr(step, "fit_resample") for _, step in getattr(resampled, "steps", [])):
        raise TypeError("resampled must be an imblearn Pipeline with a sampler in it, e.g. "
                        "make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression()).")
    if not isinstance(data, Mapping) or not data:
        raise TypeError("data must be a non-empty dict of name -> (X, y), e.g. resampling.smote_scenarios().")
    metrics = list(metrics)
    rows = []
    for name, pair in data.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"data[{name!r}] must be a pair (X, y).")
        _, folds = evaluation.compare({"no resampling": baseline, "resampled": resampled}, *pair, cv=cv,
                                      metrics=metrics, progress=False, return_folds=True)
        table = evaluation.difference(folds, "no resampling", metrics).set_index("metric")
        for metric in metrics:
            d = table.loc[metric]
            rows.append({"data": str(name), "metric": metric, "difference": float(d["difference"]),
                         "ci_low": float(d["ci_low"]), "ci_high": float(d["ci_high"]), "verdict": d["verdict"],
                         "summary": (f"{d['difference']:+.3f} {d['verdict']}" if np.isfinite(d["difference"])
                                     else "undefined: not judged")})
    out = pd.DataFrame(rows)
    out["data"] = pd.Categorical(out["data"], categories=[str(n) for n in data], ordered=True)
    out["metric"] = pd.Categorical(out["metric"], categories=metrics, ordered=True)
    return out


def seed_spread(folds: pd.DataFrame, candidates: Iterable[str]) -> pd.DataFrame:
    """How much candidates that differ only in their random seed disagree on the very same folds.

    ``folds``: per-fold scores from ``evaluation.compare(..., return_folds=True)``. For each fold and
    metric, the range (max - min) across the given candidates; returned per metric as the mean and the
    largest range over folds. With the same training and test rows, any spread is the sampler's luck.

    >>> from imblearn.pipeline import make_pipeline
    >>> from imblearn.under_sampling import RandomUnderSampler
    >>> from sklearn.linear_model import LogisticRegression
    >>> from helpers import datasets, evaluation
    >>> X, y = datasets.make_synthetic_2d(300, 0.1)
    >>> seeds = {f"seed {s}": make_pipeline(RandomUnderSampler(random_state=s), LogisticRegression())
    ...          for s in (1, 2)}
    >>> _, folds = evaluation.compare(seeds, X, y, cv=3, metrics=["recall"], progress=False, return_folds=True)
    >>> seed_spread(folds, seeds).columns.tolist()
    ['mean range', 'largest range']
    """
    names = [str(c) for c in candidates]
    if not isinstance(folds, pd.DataFrame) or not {"candidate", "fold", "metric", "value"} <= set(folds.columns):
        raise TypeError("seed_spread expects the per-fold table from compare(..., return_folds=True).")
    unknown = sorted(set(names) - set(folds["candidate"].astype(str)))
    if unknown or len(names) < 2:
        raise ValueError(f"Pass at least two candidates from the table; unknown: {unknown}.")
    sub = folds[folds["candidate"].astype(str).isin(names) & (folds["metric"].astype(str) != "brier_no_skill")]
    per_fold = sub.groupby(["metric", "fold"], observed=True)["value"].agg(lambda v: float(v.max() - v.min()))
    out = per_fold.groupby("metric", observed=True).agg(["mean", "max"])
    out.columns = ["mean range", "largest range"]
    return out

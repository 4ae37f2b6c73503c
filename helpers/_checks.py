"""Input checks shared by the helpers.

Each check turns a mistake a learner can make into one ValueError or TypeError whose message names
the problem and says what to do, instead of a traceback from deep inside a library.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def as_binary_target(y: Any, name: str = "y") -> np.ndarray:
    """Return ``y`` as an int array of 0/1 labels, or raise a clear error.

    Accepted: two classes coded 0 and 1 (ints, floats that are whole numbers, or booleans).
    Everything else is refused with the one-line fix, because guessing which of two string
    labels is "positive" would silently flip every metric.

    >>> as_binary_target([0, 1, 1]).tolist()
    [0, 1, 1]
    """
    if y is None:
        raise TypeError(f"{name} is None: pass the labels, one per row of X.")
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(f"{name} has {y.shape[1]} columns; pass one column of labels, e.g. df['target'].")
        y = y.iloc[:, 0]
    arr = np.asarray(y)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one label per row (1-D); got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: there is nothing to learn from or score.")
    if arr.dtype == bool:
        return arr.astype(int)
    if arr.dtype.kind in "OUSb" or isinstance(getattr(y, "dtype", None), pd.CategoricalDtype):
        labels = sorted(pd.unique(pd.Series(arr).dropna()).tolist(), key=str)
        example = labels[0] if labels else "positive"
        raise TypeError(
            f"{name} holds text labels {labels[:5]}; the kit needs 1 for the class of interest "
            f"(usually the minority) and 0 for the rest. Map them explicitly, e.g. "
            f"{name} = ({name} == {example!r}).astype(int)."
        )
    if arr.dtype.kind == "f":
        if np.isnan(arr).any():
            raise ValueError(f"{name} contains {int(np.isnan(arr).sum())} missing labels (NaN); drop those rows first.")
        if not np.all(arr == np.round(arr)):
            raise ValueError(
                f"{name} looks continuous (for example {arr[arr != np.round(arr)][0]:.3g}); this needs a binary "
                f"target. Turn it into classes yourself, e.g. {name} = ({name} > cutoff).astype(int)."
            )
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} has dtype {arr.dtype}; pass 0/1 integer labels.")
    values = np.unique(arr)
    if len(values) == 1:
        raise ValueError(
            f"{name} has only one class ({values[0]:g}): a classifier needs examples of both classes. "
            "Check the filter or split that produced it (a stratified split keeps both)."
        )
    if len(values) > 2:
        shown = ", ".join(f"{v:g}" for v in values[:6])
        raise ValueError(
            f"{name} has {len(values)} classes ({shown}{', ...' if len(values) > 6 else ''}); the kit works with "
            f"binary targets. Pick the class of interest, e.g. {name} = ({name} == {values[-1]:g}).astype(int)."
        )
    if not set(values.tolist()) <= {0, 1}:
        raise ValueError(
            f"{name} is coded {values[0]:g}/{values[1]:g}; the kit needs 1 for the class of interest and 0 for "
            f"the rest. Map it explicitly, e.g. {name} = ({name} == {values[-1]:g}).astype(int)."
        )
    return arr.astype(int)


def check_X_y(X: Any, y: Any) -> tuple[Any, np.ndarray]:
    """Validate a feature table and a binary target together; return ``(X, y)``.

    X is returned unchanged (a DataFrame stays a DataFrame); y becomes a 0/1 int array.

    >>> X, y = check_X_y([[1.0], [2.0]], [0, 1])
    >>> y.tolist()
    [0, 1]
    """
    if X is None:
        raise TypeError("X is None: pass the feature table (a DataFrame or a 2-D array).")
    n_rows = len(X) if hasattr(X, "__len__") else None
    if n_rows is None:
        raise TypeError(f"X must be a DataFrame or a 2-D array, not {type(X).__name__}.")
    if n_rows == 0:
        raise ValueError("X is empty (0 rows): there is nothing to learn from.")
    shape = getattr(X, "shape", None) or np.shape(X)
    if len(shape) != 2:
        raise ValueError(f"X must be 2-D (rows x features); got shape {tuple(shape)}. "
                         "For a single feature use X.reshape(-1, 1) or df[['column']].")
    if shape[1] == 0:
        raise ValueError("X has rows but no feature columns.")
    y_arr = as_binary_target(y)
    if len(y_arr) != n_rows:
        raise ValueError(f"X has {n_rows} rows but y has {len(y_arr)} labels; they must match row for row.")
    return X, y_arr


def check_scores(y_score: Any, n: int) -> np.ndarray:
    """Validate a 1-D array of scores for the positive class."""
    arr = np.asarray(y_score, dtype=float)
    if arr.ndim == 2 and arr.shape[1] == 2:
        raise ValueError("y_score has two columns (predict_proba output): pass the positive-class column, "
                         "model.predict_proba(X)[:, 1].")
    if arr.ndim != 1:
        raise ValueError(f"y_score must be one score per row (1-D); got shape {arr.shape}.")
    if len(arr) != n:
        raise ValueError(f"y_true has {n} labels but y_score has {len(arr)} scores; they must match.")
    if np.isnan(arr).any():
        raise ValueError(f"y_score contains {int(np.isnan(arr).sum())} NaN values; a model produced no score for "
                         "those rows. Check for missing values in X.")
    return arr


def missing_summary(X: Any) -> str:
    """Describe where X has missing values, e.g. "12 cells in ['TBG', 'T3']" (or "" if none)."""
    if isinstance(X, pd.DataFrame):
        counts = X.isna().sum()
        counts = counts[counts > 0]
        if counts.empty:
            return ""
        cols = counts.sort_values(ascending=False).index.tolist()
        return f"{int(counts.sum())} cells in {cols[:5]}{' ...' if len(cols) > 5 else ''}"
    arr = np.asarray(X)
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        return f"{int(np.isnan(arr).sum())} cells"
    return ""

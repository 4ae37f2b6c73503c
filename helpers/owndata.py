"""Your own CSV, checked before any model sees it (lesson 11): each mistake in the notebook's parameters cell
becomes one early error that says what was found and what to do.

- ``read_csv(csv_path, target, positive_label, time_column=None, drop_columns=())``: the file read with pandas,
  the target turned into 0/1 (1 = ``positive_label``), and ``info``: what was read, dropped, or looks suspicious.
- ``check_costs(cost_miss, cost_false_alarm)``: two positive costs, or ``cost_miss=None`` when nobody can name
  it (the notebook then shows the decision at several cost ratios instead of inventing one).
- ``check_split(y_train, y_test, X_train)``: both parts hold both classes, with enough positives to train on;
  returns the columns that are empty in the training part.

It only validates and loads. The split, the models, the threshold and the evaluation are written out in the
notebook, where a learner can read and change them.

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "toy.csv")
>>> pd.DataFrame({"size": range(100), "colour": ["red", "blue"] * 50,
...               "label": ["yes", "no", "no", "no", "no"] * 20}).to_csv(path, index=False)
>>> X, y, info = read_csv(path, "label", "yes")
>>> X.shape, int(y.sum()), info["labels"]
((100, 2), 20, {'no': 80, 'yes': 20})
"""

from __future__ import annotations

import difflib
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Fewest rows of each class in the whole file: a 25% test set and 5-fold cross-validation inside the other
#: 75% (with a 5-fold threshold tuner inside each of its training folds) need at least this many.
MIN_PER_CLASS = 20
#: Fewest rows of each class in the training part, and in the test part, after the split.
MIN_TRAIN_PER_CLASS, MIN_TEST_PER_CLASS = 15, 3
#: Fewest filled cells a feature column needs. A model fitted inside the comparison sees about half of the rows
#: (a training fold of a training fold); a column with fewer values is often empty there, and an imputer can
#: learn nothing from an empty column (scikit-learn drops it, with a warning on every fit).
MIN_VALUES = 20


def _shown(values: Any, limit: int = 12) -> str:
    values = list(values)
    text = ", ".join(repr(v) for v in values[:limit])
    return f"[{text}{', ...' if len(values) > limit else ''}] ({len(values)} in all)"


def _close(name: Any, columns: list[str]) -> str:
    lower = {str(c).lower(): c for c in columns}
    hits = difflib.get_close_matches(str(name).lower(), list(lower), n=3, cutoff=0.6)
    return f" Did you mean {', '.join(repr(lower[h]) for h in hits)}?" if hits else ""


def _check_column(parameter: str, name: Any, columns: list[str], path: Path) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{parameter} must be a column name in quotes, e.g. {parameter} = {str(columns[0])!r}; "
                        f"got {name!r}.")
    if name not in columns:
        hint = ""
        if len(columns) == 1 and any(sep in columns[0] for sep in ";\t|"):
            sep = next(sep for sep in ";\t|" if sep in columns[0])
            hint = (f" The file has one column whose name contains {sep!r}: it is probably separated by {sep!r}, "
                    "not commas. Save it with commas (or read it with pd.read_csv(path, sep=...)).")
        raise ValueError(f"{parameter} = {name!r} is not a column of {path.name}.{_close(name, columns)} Its columns: "
                         f"{_shown(columns, 30)}. Column names are case-sensitive.{hint}")
    return name


def _counts(series: pd.Series) -> dict[Any, int]:
    counts = series.value_counts(dropna=True)
    return {(k.item() if hasattr(k, "item") else k): int(v) for k, v in counts.items()}


def read_csv(csv_path: str | os.PathLike, target: str, positive_label: Any, *, time_column: str | None = None,
             drop_columns: list[str] | tuple[str, ...] = ()) -> tuple[pd.DataFrame, pd.Series, dict[str, Any]]:
    """Read a CSV of labelled rows as ``(X, y, info)``, or raise an error that says what to fix.

    ``target``: the column to predict, with exactly two labels; ``positive_label``: the one you want found
    (y = 1). A number written as text matches too (``"1"`` for 1). ``time_column``: a column of dates or
    numbers that orders the rows in time; it leaves X and comes back parsed as ``info["time"]``.
    ``drop_columns``: columns never to learn from (identifiers, anything known only after the outcome).

    Nothing is changed silently; ``info`` says what happened: ``rows_read``, ``missing_target`` (rows without
    a label, dropped), ``labels`` (label -> rows), ``empty_columns`` (fewer than ``MIN_VALUES`` filled cells,
    dropped), ``id_like``
    (a different value on every row: kept, but an identifier cannot generalise), ``numbers_as_text`` (text
    columns that are numbers but for a few values, and those values), ``time``.

    >>> read_csv("no_such_file.csv", "target", 1)
    Traceback (most recent call last):
    ...
    FileNotFoundError: CSV_PATH = 'no_such_file.csv': no such file. ...
    """
    if not isinstance(csv_path, (str, os.PathLike)):
        raise TypeError(f"CSV_PATH must be a file path in quotes, e.g. CSV_PATH = 'my_data.csv'; got {csv_path!r}.")
    path = Path(csv_path).expanduser()
    if not path.is_file():
        folder = path.parent if str(path.parent) not in ("", ".") else Path(".")
        what = "is a folder, not a file" if path.is_dir() else "no such file"
        near = sorted(p.name for p in folder.glob("*.csv*")) if folder.is_dir() else []
        listing = f" CSV files in {folder.resolve()}: {_shown(near)}." if near else ""
        raise FileNotFoundError(f"CSV_PATH = {str(csv_path)!r}: {what}. A relative path starts from the folder the "
                                f"notebook runs in, {Path.cwd()}; give an absolute path or move the file there."
                                f"{listing}")
    try:  # low_memory=False: each column's type is decided on the whole file, not chunk by chunk
        df = pd.read_csv(path, low_memory=False, encoding="utf-8-sig")  # utf-8-sig: also UTF-8 with a BOM (Excel)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path.name} is empty: no header, no rows.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise ValueError(f"pandas could not read {path.name} as a CSV ({type(err).__name__}: {str(err)[:200]}). "
                         "Check its separator and encoding; for a spreadsheet, export it as CSV (UTF-8) first.") from None
    columns = [str(c) for c in df.columns]
    df.columns = columns
    target = _check_column("TARGET", target, columns, path)
    if time_column is not None:
        _check_column("TIME_COLUMN", time_column, columns, path)
        if time_column == target:
            raise ValueError("TIME_COLUMN and TARGET name the same column; TIME_COLUMN orders the rows in time "
                             "(None = a random stratified split).")
    if isinstance(drop_columns, str) or not isinstance(drop_columns, (list, tuple)):
        raise TypeError(f"DROP_COLUMNS must be a list of column names, e.g. ['customer_id']; got {drop_columns!r}.")
    for name in drop_columns:
        _check_column("a name in DROP_COLUMNS", name, columns, path)
    if target in drop_columns or (time_column is not None and time_column in drop_columns):
        raise ValueError("DROP_COLUMNS lists the target or the time column; those leave the features anyway.")
    info: dict[str, Any] = {"path": str(path), "rows_read": len(df), "columns_read": len(columns)}

    missing = df[target].isna()
    info["missing_target"] = int(missing.sum())
    df = df[~missing].reset_index(drop=True)
    labels = _counts(df[target])
    info["labels"] = labels
    if len(labels) != 2:
        shown = dict(list(labels.items())[:10])
        more = f" (and {len(labels) - 10} more)" if len(labels) > 10 else ""
        if not labels:
            raise ValueError(f"TARGET = {target!r} has no labels at all: every row is empty in that column.")
        if len(labels) == 1:
            raise ValueError(f"TARGET = {target!r} has one label only, {shown}: a classifier needs rows of both "
                             "classes. Check that this is the right column and the whole file.")
        raise ValueError(f"TARGET = {target!r} has {len(labels)} labels, {shown}{more}; this notebook needs two. "
                         f"Make a two-label column first, e.g. df['is_{positive_label}'] = (df[{target!r}] == "
                         f"{positive_label!r}) to find one label against all the others, and set TARGET to it.")
    matches = [k for k in labels if k == positive_label]
    if not matches:  # a number written as text (or text that reads as a number) still names the label
        matches = [k for k in labels if str(k) == str(positive_label)]
    if len(matches) != 1:
        raise ValueError(f"POSITIVE_LABEL = {positive_label!r} does not occur in {target!r}. Its labels, with their "
                         f"rows: {labels}. Set POSITIVE_LABEL to the one you want to find.")
    positive = matches[0]
    info["positive_label"] = positive
    y = (df[target] == positive).astype(int).rename(target)
    small = {label: n for label, n in labels.items() if n < MIN_PER_CLASS}
    if small:
        raise ValueError(f"Too few rows of {small} in {target!r} (labels: {labels}): the workflow needs at least "
                         f"{MIN_PER_CLASS} of each class (a 25% test set, and 5-fold cross-validation with a "
                         "threshold tuner inside the rest). Gather more rows of the rarer class.")

    time = None
    if time_column is not None:
        raw = df[time_column]
        if raw.isna().any():
            raise ValueError(f"TIME_COLUMN = {time_column!r} is empty on {int(raw.isna().sum())} rows; each row needs "
                             "a time to be placed before or after the cut. Fill or drop those rows first.")
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            time = raw
        else:
            time = pd.to_datetime(raw.astype(str), errors="coerce", format="mixed")
            bad = raw[time.isna()]
            if len(bad):
                raise ValueError(f"TIME_COLUMN = {time_column!r}: {len(bad)} values are not dates or numbers, e.g. "
                                 f"{_shown(bad.astype(str).unique(), 5)}. Write dates as YYYY-MM-DD (or a number "
                                 "such as a year) in the CSV.")
        time = time.rename(time_column)
    info["time"] = time

    X = df.drop(columns=[target, *([time_column] if time_column else []), *drop_columns])
    info["dropped_columns"] = list(drop_columns)
    empty = [c for c in X.columns if X[c].notna().sum() < MIN_VALUES]
    info["empty_columns"] = empty
    X = X.drop(columns=empty)
    if X.shape[1] == 0:
        raise ValueError(f"No feature column is left in {path.name} after removing the target, the time column, "
                         f"DROP_COLUMNS and empty columns ({empty}): there is nothing to learn from.")
    info["id_like"] = [c for c in X.columns if X[c].nunique(dropna=True) == len(X)
                       and not pd.api.types.is_float_dtype(X[c])]
    info["numbers_as_text"] = _numbers_as_text(X)
    return X, y, info


def _numbers_as_text(X: pd.DataFrame) -> dict[str, list[str]]:
    """Text columns whose values are numbers on at least 90% of the filled rows: column -> the other values."""
    found = {}
    for c in X.columns:
        if pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c]):
            continue
        values = X[c].dropna().astype(str)
        numbers = pd.to_numeric(values, errors="coerce")
        if len(values) and numbers.notna().mean() >= 0.9:
            found[c] = sorted(values[numbers.isna()].unique().tolist())[:5]
    return found


def check_costs(cost_miss: Any, cost_false_alarm: Any) -> tuple[float | None, float]:
    """``(cost_miss, cost_false_alarm)`` checked: both positive numbers, or ``cost_miss=None`` (unknown).

    Any unit will do (money, hours, a score): only their ratio, cost_miss / cost_false_alarm, decides.

    >>> check_costs(10, 1), check_costs(None, 1)
    ((10, 1), (None, 1))
    >>> check_costs(0, 1)
    Traceback (most recent call last):
    ...
    ValueError: COST_MISS must be a positive number (what one missed positive costs, in any unit) or None if nobody can name it; got 0.
    """
    out = []
    for name, value, what, none_ok in (
            ("COST_MISS", cost_miss, "what one missed positive costs, in any unit", True),
            ("COST_FALSE_ALARM", cost_false_alarm, "what one false alarm costs, in the same unit", False)):
        if value is None and none_ok:
            out.append(None)
            continue
        or_none = " or None if nobody can name it" if none_ok else ""
        if isinstance(value, str):
            raise TypeError(f"{name} must be a number, written without quotes ({name} = 10); got the text {value!r}.")
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not math.isfinite(float(value)) or float(value) <= 0:
            raise ValueError(f"{name} must be a positive number ({what}){or_none}; got {value!r}.")
        out.append(int(value) if float(value).is_integer() else float(value))
    return out[0], out[1]


def check_split(y_train: pd.Series, y_test: pd.Series, X_train: pd.DataFrame | None = None) -> list[str]:
    """Check a train/test split before anything is fitted; return the columns (almost) empty in the training part.

    Each part needs both classes, the training part at least ``MIN_TRAIN_PER_CLASS`` rows of each, the test
    part ``MIN_TEST_PER_CLASS``. A column with fewer than ``MIN_VALUES`` values in the training part (recorded
    only lately, say) can teach nothing: the notebook drops it, and says so.

    >>> check_split(pd.Series([0] * 80 + [1] * 20), pd.Series([0] * 20 + [1] * 5))
    []
    """
    for part, y, least in (("training", y_train, MIN_TRAIN_PER_CLASS), ("test", y_test, MIN_TEST_PER_CLASS)):
        counts = np.bincount(np.asarray(y, dtype=int), minlength=2)
        if counts.min() < least:
            raise ValueError(f"The {part} part holds {counts[1]} positive and {counts[0]} negative rows; it needs at "
                             f"least {least} of each. With TIME_COLUMN set, the most recent rows may hold too few "
                             "positives: set TIME_COLUMN = None for a stratified split, or use a longer history.")
    if X_train is None:
        return []
    return [c for c in X_train.columns if X_train[c].notna().sum() < MIN_VALUES]

"""Your own CSV, checked before any model sees it (lesson 11): each mistake in the notebook's parameters cell
becomes one early error that says what was found and what to do.

- ``read_csv(csv_path, target, positive_label, time_column=None, drop_columns=())``: the file read with pandas,
  the target turned into 0/1 (1 = ``positive_label``), and ``info``: what was read, dropped, or looks suspicious
  (identifiers, repeated entities, dates or numbers stored as text, columns with very few values).
- ``check_costs(cost_miss, cost_false_alarm)``: two positive costs, or ``cost_miss=None`` when nobody can name
  it (the notebook then shows the decision at several cost ratios instead of inventing one).
- ``time_cut(time)``: where a time-based split puts its cut: between two distinct times, so that rows of one
  time stay together, with the test part as near a quarter of the rows as that allows.
- ``check_split(y_train, y_test, X_train)``: both parts hold both classes, with enough positives to train on;
  returns the columns with very few values in the training part.
- ``estimated_seconds(rows)``: what the notebook took on a file that size, from the benchmark's measurement.

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
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Fewest rows of each class in the whole file: a 25% test set and 5-fold cross-validation inside the other
#: 75% (with a 5-fold threshold tuner inside each of its training folds) need at least this many.
MIN_PER_CLASS = 20
#: Fewest rows of each class in the training part, and in the test part, after the split.
MIN_TRAIN_PER_CLASS, MIN_TEST_PER_CLASS = 15, 3
#: A feature column with fewer filled cells is reported, not dropped. A model fitted inside the comparison sees
#: about half of the rows (a training fold of a training fold), so such a column is often empty there; the
#: guide's imputers keep it (``keep_empty_features=True``: filled with 0, a constant the model ignores), so
#: nothing breaks, but the model can learn little from it. Dropping it would change no prediction: the report
#: is there so that a column recorded only lately (after a time split, say) does not go unnoticed.
MIN_VALUES = 20
#: The share of the rows a time-based split aims to test on, and the range it accepts when many rows share a
#: time and no cut lands near it.
TEST_SHARE, TEST_SHARE_RANGE = 0.25, (0.10, 0.50)
#: A file with more rows gets a time estimate and the code of a stratified sample (``estimated_seconds``).
LARGE_ROWS = 50_000
#: The benchmark's measurement (``benchmarks/bench_own_data.py``, a synthetic CSV with costs, on 2 cores at a 1-minute
#: load of about 1; the same run took 46.5 s at a load of 2.5 to 3): rows of the whole file and seconds for the whole
#: notebook. The time grows about in proportion to the rows (in an earlier measurement, 200,000 rows took 7 times as
#: long as 30,000).
MEASURED_RUN = {"rows": 30_000, "seconds": 27.3}
#: A column name that says "identifier": ``id``, ``customer_id``, ``CustomerID``, ``id_number``, ``uuid``.
#: (``paid`` and ``valid`` are not: "id" must stand apart, or start with a capital after a lower-case letter.)
_ID_NAME = re.compile(r"(^|[_\s.\-])(id|uuid|guid)$|^(id|uuid|guid)([_\s.\-]|$)", re.IGNORECASE)
_ID_CAMEL = re.compile(r"[a-z0-9](Id|ID)$")
#: A value written as a date: 2023-01-13, 2023/1/13, 13/01/2023, 1.13.23, optionally with a time.
_DATE_LIKE = re.compile(r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
                        r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$")


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
    a label, dropped), ``labels`` (label -> rows), ``sparse_columns`` (fewer than ``MIN_VALUES`` filled cells:
    kept, see ``MIN_VALUES``), ``id_like`` (a different value on every row, not a decimal number: kept, but an
    identifier cannot generalise), ``id_numbers`` (those of them that are whole numbers: a model uses them as
    numbers, and an identifier issued in order stands in for time), ``repeated_ids`` (a column named like an
    identifier whose values repeat: several rows per customer, say, which a split by rows puts on both sides),
    ``dates_as_text`` (text columns of dates: one-hot encoded as categories unless converted),
    ``numbers_as_text`` (text columns that are numbers but for a few values, and those values), ``time``.
    A ``time_column`` must hold numbers or ISO dates (YYYY-MM-DD, optionally with a time): 03/04/2023 reads as
    3 April day first and 4 March month first, and no parser can tell which was meant.

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
                         f"rows: {labels}.{_close_label(positive_label, list(labels))} Set POSITIVE_LABEL to the one "
                         "you want to find (labels are case-sensitive; a number goes without quotes).")
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
        time = _parse_time(df[time_column], time_column).rename(time_column)
    info["time"] = time

    X = df.drop(columns=[target, *([time_column] if time_column else []), *drop_columns])
    info["dropped_columns"] = list(drop_columns)
    if X.shape[1] == 0 or X.notna().sum().max() == 0:
        raise ValueError(f"No feature column with values is left in {path.name} after removing the target, the time "
                         "column and DROP_COLUMNS: there is nothing to learn from.")
    info["sparse_columns"] = [c for c in X.columns if X[c].notna().sum() < MIN_VALUES]
    info["id_like"] = [c for c in X.columns if X[c].nunique(dropna=True) == len(X)
                       and not pd.api.types.is_float_dtype(X[c])]
    info["id_numbers"] = [c for c in info["id_like"] if pd.api.types.is_integer_dtype(X[c])]
    info["repeated_ids"] = _repeated_ids(X, info["id_like"])
    info["dates_as_text"] = _dates_as_text(X)
    info["numbers_as_text"] = _numbers_as_text(X)
    return X, y, info


def _close_label(label: Any, labels: list[Any]) -> str:
    """" Did you mean 'bad'?" for a label that differs in case, spaces or a letter or two; "" otherwise."""
    text = {str(k).strip().lower(): k for k in labels}
    hits = difflib.get_close_matches(str(label).strip().lower(), list(text), n=2, cutoff=0.6)
    return f" Did you mean {' or '.join(repr(text[h]) for h in hits)}?" if hits else ""


def _parse_time(raw: pd.Series, name: str) -> pd.Series:
    """Numbers as they are; text as ISO dates (YYYY-MM-DD, optionally with a time), or a clear error."""
    if raw.isna().any():
        raise ValueError(f"TIME_COLUMN = {name!r} is empty on {int(raw.isna().sum())} rows; each row needs a time to "
                         "be placed before or after the cut. Fill or drop those rows first.")
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return raw
    time = pd.to_datetime(raw.astype(str), format="ISO8601", errors="coerce")
    bad = raw[time.isna()].astype(str)
    if len(bad):
        raise ValueError(f"TIME_COLUMN = {name!r}: {len(bad):,} of {len(raw):,} values are not ISO dates (YYYY-MM-DD, "
                         f"optionally with a time) or numbers, e.g. {_shown(bad.unique(), 5)}. A date such as "
                         "03/04/2023 reads as 3 April day first and 4 March month first, and a parser that guesses "
                         "row by row misreads some rows without a word, so this notebook reads only YYYY-MM-DD."
                         f"{_date_hint(bad, name)}")
    return time


def _date_hint(bad: pd.Series, name: str) -> str:
    """How to convert day/month/year or month/day/year text, when the values say which it is."""
    parts = bad.str.extract(r"^\s*(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{2,4})\b")
    parts = parts.dropna()
    if len(parts) < 0.5 * len(bad):
        return " Convert the column to YYYY-MM-DD in the CSV first."
    first, second = parts[0].astype(int), parts[2].astype(int)
    sep, year = parts[1].iloc[0], "%Y" if parts[3].str.len().iloc[0] == 4 else "%y"
    if (first > 12).any() and not (second > 12).any():
        order, fmt = "day first (some start with a day above 12)", f"%d{sep}%m{sep}{year}"
    elif (second > 12).any() and not (first > 12).any():
        order, fmt = "month first (some have a day above 12 in second place)", f"%m{sep}%d{sep}{year}"
    else:
        return (" These values do not say whether the day or the month comes first: ask whoever exported the file, "
                "then convert the column to YYYY-MM-DD.")
    return (f" These look {order}: convert them, e.g. with pandas: df[{name!r}] = pd.to_datetime(df[{name!r}], "
            f"format={fmt!r}).dt.strftime('%Y-%m-%d'), and save the CSV again.")


def _named_like_id(name: str) -> bool:
    return bool(_ID_NAME.search(name) or _ID_CAMEL.search(name))


def _repeated_ids(X: pd.DataFrame, id_like: list[str]) -> dict[str, str]:
    """Columns named like identifiers whose values repeat: column -> "N values for R rows (up to K rows each)"."""
    found = {}
    for c in X.columns:
        if c in id_like or not _named_like_id(c):
            continue
        counts = X[c].value_counts(dropna=True)
        if len(counts) > 1 and counts.max() > 1:
            found[c] = f"{len(counts):,} values for {int(counts.sum()):,} rows (up to {int(counts.max()):,} rows each)"
    return found


def _dates_as_text(X: pd.DataFrame) -> list[str]:
    """Text columns whose filled values are written as dates on at least 90% of the rows."""
    found = []
    for c in X.columns:
        if pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c]):
            continue
        values = X[c].dropna().astype(str)
        if len(values) and values.str.match(_DATE_LIKE).mean() >= 0.9:
            found.append(c)
    return found


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


def time_cut(time: pd.Series, test_share: float = TEST_SHARE) -> tuple[Any, float]:
    """Where a time-based split starts its test part: ``(cut, share)``, rows at or after ``cut`` test.

    The cut sits between two distinct times, so that rows sharing a time stay on one side; among those places,
    the one whose test part is nearest ``test_share`` of the rows. ``share`` is the share it actually puts in
    the test part. An error when every row has one time, or when so many rows share a time that no cut puts
    between 10% and 50% of the rows in the test part (the nearest share is quoted).

    >>> time_cut(pd.Series([2020] * 4 + [2021] * 3 + [2022] * 3))
    (2022, 0.3)
    """
    time = pd.Series(time).reset_index(drop=True)
    counts = time.value_counts().sort_index()  # rows per distinct time, oldest first
    if len(counts) < 2:
        raise ValueError(f"TIME_COLUMN: every row has the same time ({counts.index[0]}), so no row comes after "
                         "another: set TIME_COLUMN = None for a random stratified split.")
    after = counts[::-1].cumsum()[::-1] / len(time)  # the share of rows at or after each time
    places = after.iloc[1:]  # a cut at the oldest time would leave no row to train on
    cut = (places - test_share).abs().idxmin()
    share = float(places[cut])
    low, high = TEST_SHARE_RANGE
    if not low <= share <= high:
        busiest = counts.idxmax()
        raise ValueError(f"TIME_COLUMN: {counts.max() / len(time):.0%} of the rows share one time ({busiest}), so the "
                         f"cut nearest a {test_share:.0%} test part puts {share:.0%} of the rows in it (this notebook "
                         f"accepts {low:.0%} to {high:.0%}). Use a finer time (a date rather than a month), or set "
                         "TIME_COLUMN = None for a random stratified split.")
    return (cut.item() if hasattr(cut, "item") and not isinstance(cut, pd.Timestamp) else cut), round(share, 4)


def check_split(y_train: pd.Series, y_test: pd.Series, X_train: pd.DataFrame | None = None) -> list[str]:
    """Check a train/test split before anything is fitted; return the columns with few values in the training part.

    Each part needs both classes, the training part at least ``MIN_TRAIN_PER_CLASS`` rows of each, the test
    part ``MIN_TEST_PER_CLASS``. A column with fewer than ``MIN_VALUES`` values in the training part (recorded
    only lately, say) can teach the model little: the notebook keeps it, and says so.

    >>> check_split(pd.Series([0] * 80 + [1] * 20), pd.Series([0] * 20 + [1] * 5))
    []
    """
    for part, y, least, where in (("training", y_train, MIN_TRAIN_PER_CLASS, "older"),
                                  ("test", y_test, MIN_TEST_PER_CLASS, "most recent")):
        if len(y) == 0:
            raise ValueError(f"The {part} part is empty. Split so that both parts hold rows (with TIME_COLUMN set, "
                             "see owndata.time_cut).")
        counts = np.bincount(np.asarray(y, dtype=int), minlength=2)
        if counts.min() < least:
            raise ValueError(f"The {part} part holds {counts[1]} positive and {counts[0]} negative rows; it needs at "
                             f"least {least} of each. With TIME_COLUMN set, the {where} rows may hold too few "
                             "positives: set TIME_COLUMN = None for a stratified split, or use a longer history.")
    if X_train is None:
        return []
    return [c for c in X_train.columns if X_train[c].notna().sum() < MIN_VALUES]


def estimated_seconds(rows: int) -> float:
    """About how long lesson 11 takes on a file of ``rows`` rows on 2 cores, scaled from ``MEASURED_RUN``.

    >>> estimated_seconds(60_000) == 2 * MEASURED_RUN["seconds"]
    True
    """
    if isinstance(rows, bool) or not isinstance(rows, (int, np.integer)) or rows < 0:
        raise ValueError(f"rows must be a whole number of rows; got {rows!r}.")
    return MEASURED_RUN["seconds"] * rows / MEASURED_RUN["rows"]

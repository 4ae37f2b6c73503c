"""The searches of the tuning benchmark (``bench_tuning.py``), and the reader of its results (lesson 07).

Lesson 07 writes its searches out in the notebook; this module keeps the benchmark's own searches, which
run far too long for a notebook, in one place so the benchmark and its tests build exactly the same ones.

>>> from helpers import datasets
>>> X, y = datasets.load("satimage")
>>> safe_min_resources(y, k_neighbors=9)
715

Both searches tune ``smote__k_neighbors`` together with the model's parameters, on the same
folds and the same metric (F1), inside an imbalanced-learn Pipeline so SMOTE only ever sees
training folds:

- ``seed_search``: the seed article's recipe, a ``RandomizedSearchCV`` over SMOTE + a random forest
  (50 to 300 trees, depth 10 to 50), 50 candidates, each cross-validated on all rows.
- ``fast_search``: successive halving (``HalvingRandomSearchCV``) over SMOTE + a
  ``HistGradientBoostingClassifier`` with early stopping. Most candidates are scored on a sample of
  the rows, and only the best few on all of them; each fit is cheaper, and it stops adding trees
  once the validation score stalls.
- ``forest_halving_search``: successive halving over the seed's own forest space, to show how much
  of the speed-up comes from halving alone.

Successive halving scores its first candidates on a small random sample of rows. With the default
``min_resources`` that sample has a handful of minority rows, fewer than SMOTE's ``k_neighbors``, and
every fit fails. ``safe_min_resources`` picks a first rung that leaves SMOTE enough minority rows.
``benchmarks/bench_tuning.py`` times the searches and writes ``benchmarks/results_tuning.md``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline as ImbPipeline
from scipy.stats import loguniform, randint
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401  (makes the import below work)
from sklearn.model_selection import HalvingRandomSearchCV, RandomizedSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline as SkPipeline

from helpers._checks import as_binary_target, check_X_y
from helpers.guide import preprocessor

RANDOM_STATE = 42
#: The file the benchmark writes and the notebook reads.
RESULTS_FILE = Path(__file__).resolve().parent / "results_tuning.md"

#: The seed article's search space (plus SMOTE's k_neighbors, tuned together with the forest).
SEED_SPACE = {
    "smote__k_neighbors": [3, 5, 7, 9],
    "model__n_estimators": randint(50, 301),
    "model__max_depth": randint(10, 51),
}
#: The fast search's space: the same SMOTE choices, and the few parameters that matter for boosting.
FAST_SPACE = {
    "smote__k_neighbors": [3, 5, 7, 9],
    "model__learning_rate": loguniform(0.05, 0.3),
    "model__max_leaf_nodes": [15, 31, 63],
    "model__min_samples_leaf": [10, 20, 40],
    "model__l2_regularization": [0.0, 1.0],
}


def folds(n_splits: int = 5) -> StratifiedKFold:
    """The folds every search uses: stratified, shuffled once with ``random_state=42``."""
    return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=RANDOM_STATE)


def smote_pipeline(X: Any, model: Any) -> ImbPipeline:
    """``preprocessor(X)`` (scaling, plus imputation / one-hot where X needs them), SMOTE, then ``model``.

    Step names are short so parameter names read well: ``smote__k_neighbors``, ``model__max_depth``.

    >>> import pandas as pd
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    >>> [name for name, _ in smote_pipeline(X, DecisionTreeClassifier()).steps]
    ['scale', 'smote', 'model']
    """
    prep = preprocessor(X)
    steps = list(prep.steps) if isinstance(prep, SkPipeline) else [("prepare", prep)]
    return ImbPipeline(steps + [("smote", SMOTE(random_state=RANDOM_STATE)), ("model", model)])


def safe_min_resources(y: Any, k_neighbors: int, *, factor: int = 3, n_splits: int = 5,
                       margin: float = 3.0) -> int:
    """Rows for the first rung of a successive-halving search over a SMOTE pipeline.

    Successive halving draws each rung's rows at random (not stratified), then cross-validates on
    them. SMOTE needs ``k_neighbors + 1`` minority rows in every training fold; this returns the
    smallest first rung that (a) gives a training fold, on average, ``margin`` times that many
    minority rows, and (b) grows by ``factor`` per rung to (almost) all rows, so the last rung
    scores the finalists on the full data. Pass it as ``min_resources``.

    >>> safe_min_resources([0] * 900 + [1] * 100, k_neighbors=5)
    333
    """
    y_arr = as_binary_target(y)
    if not isinstance(k_neighbors, (int, np.integer)) or k_neighbors < 1:
        raise ValueError(f"k_neighbors must be a positive whole number (SMOTE's default is 5); got {k_neighbors!r}.")
    if not isinstance(factor, (int, np.integer)) or factor < 2:
        raise ValueError(f"factor must be a whole number of at least 2 (3 is usual); got {factor!r}.")
    if not isinstance(n_splits, (int, np.integer)) or n_splits < 2:
        raise ValueError(f"n_splits must be a whole number of at least 2; got {n_splits!r}.")
    if not margin >= 1:
        raise ValueError(f"margin must be at least 1 (3 leaves room for unlucky draws); got {margin!r}.")
    n = len(y_arr)
    n_minority = int(np.bincount(y_arr, minlength=2).min())
    train_share = 1 - 1 / n_splits
    needed = math.ceil(margin * (k_neighbors + 1) / (n_minority / n * train_share))
    rungs = int(math.floor(math.log(n / needed, factor) + 1e-9)) if needed <= n else -1
    if rungs < 1:
        raise ValueError(
            f"Too few minority rows for successive halving with SMOTE(k_neighbors={k_neighbors}): even a first "
            f"rung of {min(needed, n)} rows leaves no room for a second. Use a plain RandomizedSearchCV, a "
            f"smaller k_neighbors, or halve over another resource (e.g. resource='model__max_iter').")
    return n // factor ** rungs


def seed_search(X: Any, y: Any, *, n_iter: int = 50, n_jobs: int | None = -1) -> RandomizedSearchCV:
    """The seed article's recipe: ``RandomizedSearchCV`` over SMOTE + random forest, scored by F1.

    Returns the unfitted search; ``.fit(X, y)`` on satimage takes tens of minutes on 2 cores
    (measured in ``benchmarks/results_tuning.md``).

    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> seed_search(X, y).n_iter
    50
    """
    X, _ = check_X_y(X, y)
    pipe = smote_pipeline(X, RandomForestClassifier(random_state=RANDOM_STATE))
    return RandomizedSearchCV(pipe, SEED_SPACE, n_iter=n_iter, cv=folds(), scoring="f1", n_jobs=n_jobs,
                              random_state=RANDOM_STATE)


def fast_search(X: Any, y: Any, *, n_candidates: int = 27, n_splits: int = 5,
                n_jobs: int | None = -1) -> HalvingRandomSearchCV:
    """Successive halving over SMOTE + gradient boosting with early stopping, scored by F1.

    The first rung comes from ``safe_min_resources`` (k_neighbors up to 9), so every training
    fold keeps enough minority rows for SMOTE.

    >>> from helpers import datasets
    >>> X, y = datasets.load("satimage")
    >>> fast_search(X, y).min_resources
    715
    """
    X, y_arr = check_X_y(X, y)
    model = HistGradientBoostingClassifier(early_stopping=True, random_state=RANDOM_STATE)
    return HalvingRandomSearchCV(
        smote_pipeline(X, model), FAST_SPACE, n_candidates=n_candidates, factor=3,
        min_resources=safe_min_resources(y_arr, max(FAST_SPACE["smote__k_neighbors"]), n_splits=n_splits),
        cv=folds(n_splits), scoring="f1", n_jobs=n_jobs, random_state=RANDOM_STATE)


def forest_halving_search(X: Any, y: Any, *, n_candidates: int = 27,
                          n_jobs: int | None = -1) -> HalvingRandomSearchCV:
    """Successive halving over the seed's own space (SMOTE + random forest): halving's share of the speed-up.

    >>> from helpers import datasets
    >>> X, y = datasets.load("satimage")
    >>> forest_halving_search(X, y).n_candidates
    27
    """
    X, y_arr = check_X_y(X, y)
    pipe = smote_pipeline(X, RandomForestClassifier(random_state=RANDOM_STATE))
    return HalvingRandomSearchCV(
        pipe, SEED_SPACE, n_candidates=n_candidates, factor=3,
        min_resources=safe_min_resources(y_arr, max(SEED_SPACE["smote__k_neighbors"])),
        cv=folds(), scoring="f1", n_jobs=n_jobs, random_state=RANDOM_STATE)


def read_results(path: str | Path = RESULTS_FILE) -> pd.DataFrame:
    """The table of measured searches in ``benchmarks/results_tuning.md``, as a DataFrame.

    Numbers become floats; the row names are in the ``search`` column.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python benchmarks/bench_tuning.py` (tens of minutes "
                                "on 2 cores) to measure the searches and write it.")
    lines = []
    for line in path.read_text().splitlines():  # the first table only
        if line.startswith("|"):
            lines.append(line)
        elif lines:
            break
    if len(lines) < 3:
        raise ValueError(f"{path} has no results table; re-run `python benchmarks/bench_tuning.py`.")
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    table = pd.DataFrame(rows, columns=header)
    for col in header[1:]:  # numbers become floats ("-" where there is none becomes NaN)
        numbers = pd.to_numeric(table[col].map(lambda s: re.sub(r"[^0-9.\-]", "", s)), errors="coerce")
        if numbers.notna().any():
            table[col] = numbers
    return table


def summarise(table: pd.DataFrame) -> dict:
    """The headline of the tuning benchmark: times, best CV F1 and speed-up, from ``read_results()``.

    The fast search ran several times (before, after and long after the seed run) because the machine
    is shared and wall times move with its load. ``speedup`` uses the *median* fast run,
    ``speedup_worst`` the slowest and ``speedup_best`` the fastest; compare them with the load
    averages in the results file. The fast search's best CV F1 is the *lowest* over its runs.

    >>> t = pd.DataFrame({"search": ["fast search (run 1)", "seed recipe", "fast search (run 2)"],
    ...                   "seconds": [50.0, 1000.0, 40.0], "best CV F1": [0.70, 0.69, 0.70]})
    >>> summarise(t)["speedup"], summarise(t)["speedup_worst"], summarise(t)["speedup_best"]
    (22.2, 20.0, 25.0)
    """
    needed = {"search", "seconds", "best CV F1"}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"Pass the table from read_results(); it needs the columns {sorted(needed)}.")
    seed = table[table["search"] == "seed recipe"]
    fast = table[table["search"].str.startswith("fast search")]
    if seed.empty or fast.empty:
        raise ValueError("The benchmark has not finished both searches yet (no 'seed recipe' or 'fast search' "
                         "row): see the progress notes in benchmarks/results_tuning.md, or re-run it.")
    out = {"seed_seconds": float(seed["seconds"].iat[0]), "fast_runs": len(fast),
           "fast_seconds": float(fast["seconds"].median()), "fast_seconds_max": float(fast["seconds"].max()),
           "seed_best": float(seed["best CV F1"].iat[0]), "fast_best": float(fast["best CV F1"].min())}
    out["speedup"] = round(out["seed_seconds"] / out["fast_seconds"], 1)
    out["speedup_worst"] = round(out["seed_seconds"] / out["fast_seconds_max"], 1)
    out["speedup_best"] = round(out["seed_seconds"] / float(fast["seconds"].min()), 1)
    out["difference"] = round(out["fast_best"] - out["seed_best"], 3)
    return out


def plain(params: dict, digits: int = 3) -> dict:
    """Search parameters with plain, rounded numbers, for printing (no ``np.float64(...)`` reprs).

    >>> import numpy as np
    >>> plain({"model__C": np.float64(0.123456), "smote__k_neighbors": 5})
    {'model__C': 0.123, 'smote__k_neighbors': 5}
    """
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict such as search.best_params_; got {type(params).__name__}.")
    return {k: (round(float(v), digits) if isinstance(v, float) else int(v) if isinstance(v, np.integer) else v)
            for k, v in params.items()}

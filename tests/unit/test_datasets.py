"""helpers.datasets: the shipped files load as documented, and failures say how to recover."""

import shutil

import numpy as np
import pandas as pd
import pytest

from helpers import datasets

EXPECTED = {  # name: (rows, features, minority) as documented in datasets/README.md
    "satimage": (6435, 36, 626),
    "thyroid": (3163, 25, 151),
    "yeast": (1484, 8, 35),
    "page_blocks": (5472, 10, 28),
    "kddcup": (2225, 41, 22),
    "lending_club": (9857, 22, 517),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_load_shapes_and_types(name):
    X, y = datasets.load(name)
    rows, features, minority = EXPECTED[name]
    assert X.shape == (rows, features)
    assert isinstance(X, pd.DataFrame) and isinstance(y, pd.Series)
    assert y.dtype.kind == "i" and set(y.unique()) == {0, 1}
    assert int(y.sum()) == minority and minority < rows / 2  # 1 is the minority
    for col in datasets.info(name).categorical:
        assert isinstance(X[col].dtype, pd.CategoricalDtype), col
    non_numeric = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    assert set(non_numeric) == set(datasets.info(name).categorical)


def test_catalog_covers_the_required_range():
    cat = datasets.catalog()
    assert list(cat.index) == datasets.names()
    assert {"rows", "features", "minority", "imbalance_ratio", "licence", "domain"} <= set(cat.columns)
    ratios = cat["imbalance_ratio"]
    assert ratios.min() < 12 and ((ratios > 30) & (ratios < 60)).any() and ratios.max() > 100
    assert cat.loc["thyroid", "missing_cells"] > 0 and cat.loc["thyroid", "categorical"] > 0
    assert {"medical", "credit"} <= set(cat["domain"])
    assert cat["features"].min() <= 10 and cat["features"].max() >= 30


def test_only_thyroid_has_missing_values():
    for name in datasets.names():
        X, _ = datasets.load(name)
        assert bool(X.isna().any().any()) == (name == "thyroid"), name


def test_load_returns_independent_copies():
    X, y = datasets.load("yeast")
    X.iloc[0, 0] = -999.0
    y.iloc[:] = 0
    X2, y2 = datasets.load("yeast")
    assert X2.iloc[0, 0] != -999.0 and int(y2.sum()) == 35


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(ValueError, match="Available: satimage, thyroid"):
        datasets.load("credit-card-fraud")
    with pytest.raises(TypeError, match="string"):
        datasets.load(3)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    for f in datasets.DATA_DIR.iterdir():
        if f.suffix in {".gz", ""} or f.name == "SHA256SUMS":
            shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr(datasets, "DATA_DIR", tmp_path)
    datasets._read.cache_clear()
    yield tmp_path
    datasets._read.cache_clear()


def test_missing_file_says_which_and_how_to_restore(data_copy):
    (data_copy / "yeast.csv.gz").unlink()
    with pytest.raises(FileNotFoundError, match=r"yeast\.csv\.gz is missing.*git checkout -- datasets/yeast\.csv\.gz"):
        datasets.load("yeast")


def test_corrupted_file_is_refused(data_copy):
    path = data_copy / "kddcup.csv.gz"
    data = bytearray(path.read_bytes())
    data[-20] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"kddcup\.csv\.gz is corrupted.*git checkout"):
        datasets.load("kddcup")


def test_missing_checksums_file(data_copy):
    (data_copy / "SHA256SUMS").unlink()
    with pytest.raises(FileNotFoundError, match="SHA256SUMS is missing"):
        datasets.load("yeast")


def test_checksums_match_the_shipped_files():
    import hashlib

    for line in (datasets.DATA_DIR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((datasets.DATA_DIR / name).read_bytes()).hexdigest() == digest, name


def test_imbalance_ratio():
    assert datasets.imbalance_ratio([0] * 9 + [1]) == 9.0
    with pytest.raises(ValueError, match="only one class"):
        datasets.imbalance_ratio([0, 0, 0])


class TestSynthetic:
    def test_counts_and_determinism(self):
        X, y = datasets.make_synthetic_2d(1000, 0.05)
        assert X.shape == (1000, 2) and int(y.sum()) == 50
        X2, y2 = datasets.make_synthetic_2d(1000, 0.05)
        pd.testing.assert_frame_equal(X, X2)
        assert not X.equals(datasets.make_synthetic_2d(1000, 0.05, random_state=1)[0])

    def test_tiny_share_keeps_two_minority_points(self):
        _, y = datasets.make_synthetic_2d(100, 0.001)
        assert int(y.sum()) == 2

    def test_overlap_moves_the_minority_towards_the_majority(self):
        def gap(overlap):
            X, y = datasets.make_synthetic_2d(2000, 0.1, overlap=overlap)
            return np.linalg.norm(X[y == 1].mean() - X[y == 0].mean())

        assert gap(0.0) > gap(0.5) > gap(1.0)
        assert gap(1.0) < 0.3

    def test_label_noise_swaps_labels_but_keeps_counts(self):
        X, y = datasets.make_synthetic_2d(1000, 0.1, label_noise=0.2)
        X0, y0 = datasets.make_synthetic_2d(1000, 0.1, label_noise=0.0)
        assert int(y.sum()) == int(y0.sum()) == 100

    def test_minority_outliers_move_minority_rows_into_the_majority_and_keep_every_label(self):
        X, y = datasets.make_synthetic_2d(1000, 0.1, overlap=0.3, minority_outliers=0.2)
        X0, y0 = datasets.make_synthetic_2d(1000, 0.1, overlap=0.3)
        assert int(y.sum()) == int(y0.sum()) == 100  # no label changed: the counts are the same
        majority_centre = X0[y0 == 0].mean().to_numpy()
        near = np.linalg.norm(X[y == 1].to_numpy() - majority_centre, axis=1) < 1.5
        near0 = np.linalg.norm(X0[y0 == 1].to_numpy() - majority_centre, axis=1) < 1.5
        assert near.sum() >= near0.sum() + 10  # about 20 of 100 minority rows moved into majority territory
        assert set(map(tuple, X[y == 0].to_numpy())) == set(map(tuple, X0[y0 == 0].to_numpy()))  # majority untouched

    @pytest.mark.parametrize("kwargs, match", [
        ({"n_samples": 5}, "at least 20"),
        ({"minority_outliers": 0.5}, "minority_outliers"),
        ({"minority_share": 0.7}, r"\(0, 0.5\]"),
        ({"minority_share": 0}, r"\(0, 0.5\]"),
        ({"overlap": 2}, "overlap"),
        ({"label_noise": 0.6}, "label_noise"),
    ])
    def test_bad_parameters(self, kwargs, match):
        with pytest.raises(ValueError, match=match):
            datasets.make_synthetic_2d(**kwargs)

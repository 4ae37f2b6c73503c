"""Lesson 11 (11_your_own_data.ipynb): a template for the learner's own CSV.

nbval runs it on its defaults (the shipped thyroid data written as a CSV). Here: (1) what the defaults do,
checked without running the notebook; (2) the whole notebook on other shipped datasets with other parameters
(no cost ratio; a time split with other costs), run as papermill would, from notebooks/ with its `parameters`
cell replaced; (3) each bad parameter stops the notebook at its first checks, with the helpers' clear error.
"""

import json
import sys

import nbformat
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from conftest import ROOT
from helpers import datasets, guide, owndata, stats

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_own_data import NOTEBOOK, run_notebook, text_of  # noqa: E402

NAMES = ["CSV_PATH", "TARGET", "POSITIVE_LABEL", "COST_MISS", "COST_FALSE_ALARM", "TIME_COLUMN", "DROP_COLUMNS"]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def output_of(nb, start):
    """The text output of the code cell whose source starts with ``start``."""
    (cell,) = [c for c in code_cells(nb) if c.source.startswith(start)]
    return text_of(nbformat.v4.new_notebook(cells=[cell]))


def stored():
    return nbformat.read(NOTEBOOK, as_version=4)


# ------------------------------------------------------------------------------------ (1) the defaults
def test_the_parameters_cell_comes_first_with_every_parameter_commented():
    first = code_cells(stored())[0]
    assert "parameters" in first.metadata["tags"]
    namespace = {}
    exec(first.source, namespace)
    assert [n for n in NAMES if n in namespace] == NAMES
    assert (namespace["CSV_PATH"], namespace["TARGET"], namespace["POSITIVE_LABEL"]) == ("thyroid.csv", "target", 1)
    for line in first.source.splitlines():
        if line.split(" = ")[0] in NAMES:
            assert "  # " in line, f"every parameter has a comment: {line}"


def test_the_default_csv_is_the_shipped_thyroid_data(tmp_path):
    X, y = datasets.load("thyroid")
    X.assign(target=y).to_csv(tmp_path / "thyroid.csv", index=False)  # as the notebook writes it
    X_csv, y_csv, info = owndata.read_csv(tmp_path / "thyroid.csv", "target", 1)
    assert (len(y_csv), int(y_csv.sum()), info["labels"]) == (3163, 151, {0: 3012, 1: 151})
    assert list(X_csv.columns) == list(X.columns) and X_csv.isna().sum().sum() == X.isna().sum().sum() == 5329
    assert not info["id_like"] and not info["empty_columns"] and not info["numbers_as_text"]


def test_the_stored_run_chose_a_model_and_named_it_in_the_summary():
    text = text_of(stored())
    chosen = [line for line in text.splitlines() if line.startswith("Chosen: ")]
    assert len(chosen) == 1
    name = chosen[0][len("Chosen: "):].split(", because")[0]
    assert name in guide.CANDIDATES and f"- Model: {name} (" in text
    assert "A miss costs 10 and a false alarm 1" in text and "IF a miss costs" not in text


def test_on_the_defaults_the_start_here_candidate_saves_money_against_both_rules_without_a_model(tmp_path):
    """The stored summary's verdicts at 10:1 ("saves money" against flagging nobody and everybody; measured: cost
    0.014 per case against 0.480 and 0.952), rebuilt from the guide's code on the notebook's split."""
    X, y = datasets.load("thyroid")
    X.assign(target=y).to_csv(tmp_path / "thyroid.csv", index=False)
    X, y, _ = owndata.read_csv(tmp_path / "thyroid.csv", "target", 1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    model = guide.recommend(X_train, y_train, cost_miss=10, cost_false_alarm=1)[0].estimator.fit(X_train, y_train)
    flags, y_t = model.predict(X_test), y_test.to_numpy()

    def cost(y_true, f):
        return (10 * np.sum((f == 0) & (y_true == 1)) + np.sum((f == 1) & (y_true == 0))) / len(y_true)

    for rule in (np.zeros_like(flags), np.ones_like(flags)):
        row = stats.paired_bootstrap(y_t, {"model": flags, "rule": rule}, cost, baseline="rule").loc["model"]
        assert row["diff_high"] < -0.1, row  # the interval of model minus rule lies well below 0
    assert ((flags == 1) & (y_t == 1)).sum() >= 0.8 * y_t.sum()  # measured: 38 of 38 found


def test_the_models_prepare_survives_values_missing_only_at_prediction_time():
    """The lesson's claim: the guide's preprocessing imputes every column, whether or not training had gaps, and
    a text value never seen in training still gets a probability."""
    X, y = datasets.load("thyroid")
    X = X.astype({c: str for c in datasets.info("thyroid").categorical}).where(X.notna())  # text, as from a CSV
    recs = guide.recommend(X, y, cost_miss=10, cost_false_alarm=1)
    model = recs[1].estimator.estimator.fit(X, y)  # logistic regression: the fastest to fit
    never_missing = [c for c in X.columns if X[c].notna().all()]
    assert never_missing, "thyroid has columns without gaps"
    gaps = X.head(3).copy()
    gaps.loc[gaps.index[0], never_missing[0]] = np.nan
    gaps.loc[gaps.index[1], "sex"] = "a value never seen in training"
    gaps.loc[gaps.index[2], :] = np.nan
    proba = model.predict_proba(gaps)[:, 1]
    assert np.isfinite(proba).all() and ((0 <= proba) & (proba <= 1)).all()


# ----------------------------------------------------------------- (2) other data, other parameters
def no_stderr_or_warnings(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("name") != "stderr", out.get("text", "")[:300]
            assert "Warning:" not in (out.get("text", "") or json.dumps(out.get("data", {}))), out


@pytest.fixture(scope="module")
def kddcup_without_costs(tmp_path_factory):
    """kddcup with text labels and COST_MISS = None."""
    X, y = datasets.load("kddcup")
    path = tmp_path_factory.mktemp("kddcup") / "connections.csv"
    X.assign(attack=np.where(y == 1, "rootkit or imap", "back")).to_csv(path, index=False)
    params = {"CSV_PATH": str(path), "TARGET": "attack", "POSITIVE_LABEL": "rootkit or imap", "COST_MISS": None,
              "COST_FALSE_ALARM": 1, "TIME_COLUMN": None, "DROP_COLUMNS": []}
    return run_notebook(params)


def test_without_costs_it_shows_every_ratio_and_chooses_none(kddcup_without_costs):
    nb = kddcup_without_costs
    no_stderr_or_warnings(nb)
    text = text_of(nb)
    assert "positive = 'rootkit or imap': 22 rows" in text
    assert "Chosen: gradient boosting + cost threshold, because no cost was named" in text
    assert "- Model: gradient boosting + cost threshold (" in text
    for ratio in (2, 5, 10, 20, 50):
        assert f"- IF a miss costs {ratio} false alarms: flag a case when its score is at least" in text
    assert "no decision is recommended" in text and "A miss costs" not in text
    comparison = output_of(nb, "differences[")
    assert "average_precision" in comparison and "cost_per_case" not in comparison  # no cost was invented


@pytest.fixture(scope="module")
def page_blocks_by_time(tmp_path_factory):
    """page_blocks with a synthetic date column, a time split, costs 50 and 2, and a dropped column."""
    X, y = datasets.load("page_blocks")
    days = np.random.default_rng(42).integers(0, 1500, len(y))
    data = X.assign(block_class=y, scanned_on=(pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D")).date)
    path = tmp_path_factory.mktemp("page_blocks") / "blocks.csv"
    data.to_csv(path, index=False)
    params = {"CSV_PATH": str(path), "TARGET": "block_class", "POSITIVE_LABEL": 1, "COST_MISS": 50,
              "COST_FALSE_ALARM": 2, "TIME_COLUMN": "scanned_on", "DROP_COLUMNS": [X.columns[0]]}
    return run_notebook(params), data


def test_a_time_split_tests_on_the_most_recent_rows(page_blocks_by_time):
    nb, data = page_blocks_by_time
    no_stderr_or_warnings(nb)
    text = text_of(nb)
    cut = sorted(data["scanned_on"])[int(0.75 * len(data))]
    n_test = int((data["scanned_on"] >= cut).sum())
    assert f"rows before {cut} train, rows from {cut} on test" in text
    assert f"tested once on the most recent {n_test:,} rows (by 'scanned_on')" in text
    assert "a cost ratio of 25" in text and "- A miss costs 50 and a false alarm 2: flag a case" in text
    chosen = next(line for line in text.splitlines() if line.startswith("Chosen: "))
    name = chosen[len("Chosen: "):].split(", because")[0]
    assert f"- Model: {name} (" in text
    assert "9 feature columns" in text  # 10 columns, one dropped


# -------------------------------------------------------------------------- (3) bad parameters, early
def first_checks(parameters, tmp_path, monkeypatch):
    """Run the notebook's own cells up to its first checks (parameters, imports, the check of the costs and the
    file), in this process: the Colab cell is skipped (it does nothing outside Colab)."""
    monkeypatch.chdir(tmp_path)
    cells = [c for c in code_cells(stored()) if "colab" not in c.metadata.get("tags", [])]
    upto = next(i for i, c in enumerate(cells) if "owndata.read_csv(" in c.source)
    namespace = {}
    exec("\n".join(f"{k} = {v!r}" for k, v in parameters.items()), namespace)
    try:
        for cell in cells[1:upto + 1]:
            exec(cell.source, namespace)
    finally:  # undo the notebook's process-wide settings
        if "_limits" in namespace:
            namespace["_limits"].restore_original_limits()
        pd.reset_option("display.max_colwidth")
    return namespace


@pytest.fixture
def good(tmp_path):
    X, y = datasets.load("yeast")
    X.assign(site=np.where(y == 1, "EXC", "other")).to_csv(tmp_path / "yeast.csv", index=False)
    return {"CSV_PATH": str(tmp_path / "yeast.csv"), "TARGET": "site", "POSITIVE_LABEL": "EXC", "COST_MISS": 10,
            "COST_FALSE_ALARM": 1, "TIME_COLUMN": None, "DROP_COLUMNS": []}


def test_good_parameters_pass_the_first_checks(good, tmp_path, monkeypatch):
    namespace = first_checks(good, tmp_path, monkeypatch)
    assert int(namespace["y"].sum()) == 35 and namespace["X"].shape == (1484, 8)


@pytest.mark.parametrize("change, error, match", [
    ({"CSV_PATH": "no_such.csv"}, FileNotFoundError, r"CSV_PATH = 'no_such\.csv': no such file\..*'yeast\.csv'"),
    ({"TARGET": "Site"}, ValueError, r"TARGET = 'Site' is not a column of yeast\.csv\. Did you mean 'site'\?"),
    ({"TARGET": "mcg"}, ValueError, r"TARGET = 'mcg' has \d+ labels, .*this notebook needs two"),
    ({"POSITIVE_LABEL": "exc"}, ValueError, r"POSITIVE_LABEL = 'exc' does not occur in 'site'\. Its labels, with "
                                            r"their rows: \{'other': 1449, 'EXC': 35\}"),
    ({"COST_MISS": 0}, ValueError, "COST_MISS must be a positive number"),
    ({"COST_FALSE_ALARM": -1}, ValueError, "COST_FALSE_ALARM must be a positive number"),
    ({"TIME_COLUMN": "date"}, ValueError, "TIME_COLUMN = 'date' is not a column"),
])
def test_each_bad_parameter_stops_the_notebook_at_its_first_checks(good, tmp_path, monkeypatch, change, error, match):
    with pytest.raises(error, match=match):
        first_checks({**good, **change}, tmp_path, monkeypatch)


def test_in_a_kernel_the_error_is_the_cell_s_output(good):
    """The same checks in a real kernel (one case): the notebook stops at the check, with the clear message."""
    from nbclient.exceptions import CellExecutionError

    cells = stored().cells
    upto = next(i for i, c in enumerate(cells) if "owndata.read_csv(" in c.source) + 1
    with pytest.raises(CellExecutionError, match="POSITIVE_LABEL = 'yes' does not occur in 'site'"):
        run_notebook({**good, "POSITIVE_LABEL": "yes"}, upto=upto)

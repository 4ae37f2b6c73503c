"""CHEATSHEET.md: one page, one figure that exists, and every count it quotes is what the grid says today."""

import importlib.util

from conftest import ROOT

SHEET = ROOT / "CHEATSHEET.md"


def _counts():
    spec = importlib.util.spec_from_file_location("plot_cheatsheet", ROOT / "benchmarks" / "evidence" / "plot_cheatsheet.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.counts()


def test_one_page_one_figure():
    text = SHEET.read_text(encoding="utf-8")
    figures = [line for line in text.splitlines() if line.startswith("![")]
    assert len(figures) == 1 and (ROOT / figures[0].split("(")[1].rstrip(")")).is_file()
    assert len(text.split()) < 900  # one printed page


def test_the_quoted_counts_are_the_grids():
    module, c = _counts()
    text = " ".join(SHEET.read_text(encoding="utf-8").split())
    tuned = c["threshold tuned for the cost", "cost at 10:1"]
    assert f"worse than the fixed t\\* in {tuned['worse']} of {tuned['pairs']} (learner, dataset) pairs, better in " \
           f"{tuned['better']}" in text
    assert f"with SMOTE in {c['SMOTE', 'probability quality']['worse']} of 100" in text
    assert f"with random under-sampling in {c['RandomUnderSampler', 'probability quality']['worse']} of 100" in text
    brf = c["BalancedRandomForest", "probability quality"]
    assert f"with a balanced random forest in {brf['worse']} of {brf['pairs']}" in text
    assert f"lowered the ranking in {c['RandomUnderSampler', 'ranking']['worse']} of 100 pairs" in text
    assert f"better in {tuned['better']}, and {tuned['other']} could not be judged" in text
    from helpers import evidence
    ap = evidence.load().query("learner == 'hist_gradient_boosting' and method == 'random_undersampling' "
                               "and metric == 'average_precision'")["difference"]
    assert f"gradient boosting's on {int((ap < 0).sum())} of {len(ap)}, median {ap.median():+.3f}".replace("+", "") \
        in text.replace("+", "")


def test_no_correction_improved_a_strong_learners_ranking():
    from helpers import guide

    for learner in ("hist_gradient_boosting", "random_forest", "logistic_regression"):
        methods = [m for m in (*guide.RESAMPLERS, "class_weight")]
        assert guide.grid_counts(learner, methods, "ranking")["better"] == 0, learner


def test_the_weak_learner_sentences():
    from helpers import guide

    knn = guide.grid_counts("knn", ["smote"], "ranking")
    assert knn["better"] >= 1 and knn["worse"] >= 1  # "both ways"
    tree = guide.grid_counts("decision_tree", ["calibrated"], "probability quality")
    assert tree["better"] > tree["pairs"] / 2  # "on most datasets"

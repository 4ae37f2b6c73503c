"""Draw the cheat sheet's one figure (CHEATSHEET.md) from the committed grid: what each correction did.

For each correction for imbalance, pooled over the grid's learners and 20 datasets, the (learner, dataset) pairs
where it made the ranking (ROC-AUC, average precision), the probabilities (Brier skill score, log loss) and the
cost at 10:1 better, left them with no detectable change, or made them worse, against the same learner
uncorrected (the balanced random forest: against the plain forest of the same size). The counts are
``helpers.guide.grid_counts``; ``tests/course/test_cheatsheet.py`` checks the sheet's numbers against them.

    .venv/bin/python benchmarks/evidence/plot_cheatsheet.py      # writes benchmarks/evidence/cheatsheet.png
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from helpers import evidence, guide  # noqa: E402

OUT = HERE / "cheatsheet.png"
#: (label, learners, method): the corrections the sheet shows, top to bottom.
ROWS = [
    ("class_weight='balanced'", ("logistic_regression", "decision_tree", "random_forest", "hist_gradient_boosting"),
     "class_weight"),
    ("RandomOverSampler", evidence.CORE_LEARNERS, "random_oversampling"),
    ("SMOTE", evidence.CORE_LEARNERS, "smote"),
    ("BorderlineSMOTE", evidence.CORE_LEARNERS, "borderline_smote"),
    ("SMOTETomek", evidence.CORE_LEARNERS, "smote_tomek"),
    ("EditedNearestNeighbours", evidence.CORE_LEARNERS, "enn"),
    ("RandomUnderSampler", evidence.CORE_LEARNERS, "random_undersampling"),
    ("BalancedRandomForest", ("random_forest",), "balanced_random_forest"),
    ("threshold tuned for the cost", evidence.CORE_LEARNERS, "tuned_threshold"),
]
PANELS = (("ranking", "ranking"), ("probability quality", "probabilities"), ("cost at 10:1", "cost at 10:1"))


def counts() -> dict[tuple[str, str], dict[str, int]]:
    """(row label, panel) -> pooled counts (better, no detectable change, worse, other, pairs)."""
    out = {}
    for label, learners, method in ROWS:
        for panel, _ in PANELS:
            found = [guide.grid_counts(lr, [method], panel) for lr in learners]
            out[label, panel] = {k: sum(f[k] for f in found) for k in found[0]}
    return out


def draw(path: Path = OUT) -> None:
    import matplotlib.pyplot as plt

    table = counts()
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.6), sharey=True, layout="constrained")
    labels = [label for label, *_ in ROWS]
    for ax, (panel, title) in zip(axes, PANELS):
        for i, label in enumerate(labels):
            c, left = table[label, panel], 0
            if label == "threshold tuned for the cost" and panel != "cost at 10:1":
                ax.text(0.02, i, "moves no score: decisions only", va="center", fontsize=8, color="#555555")
                continue
            for key, colour in (("better", evidence.COLOURS["better"]),
                                ("no detectable change", evidence.COLOURS["no detectable change"]),
                                ("worse", evidence.COLOURS["worse"]), ("other", evidence.COLOURS["not judged"])):
                share = c[key] / c["pairs"]
                ax.barh(i, share, left=left, color=colour, edgecolor="#555555", linewidth=0.4, height=0.75,
                        label=key if i == 0 and panel == "ranking" else None)
                left += share
        ax.set(title=title, xlim=(0, 1), xticks=[0, 0.5, 1], xticklabels=["0", "half", "all"])
        ax.set_yticks(range(len(labels)), [f"{label} ({table[label, 'ranking']['pairs']})" for label in labels])
        ax.invert_yaxis()
    fig.legend(loc="outside lower center", ncols=4, frameon=False, fontsize=9,
               labels=["better", "no detectable change", "worse", "not judged / mixed"])
    fig.suptitle("Each correction against the same learner without it (the tuned threshold: against the fixed 1/11):\n"
                 "share of (learner, dataset) pairs, their number in brackets; 20 datasets, learners at their defaults",
                 fontsize=10)
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    draw()
    print(f"wrote {OUT.relative_to(HERE.parent.parent)}")

"""Profile every dataset of the evidence grid with the decision guide, for lesson 09's test of the article's rules.

Run from the repository root (about 10 s; needs requirements-evidence.txt for the KEEL and NASA datasets):

    .venv/bin/python benchmarks/evidence/profile_grid.py

writes ``benchmarks/evidence/profiles.csv``: one row per dataset, the fields of ``helpers.guide.profile``
(size, columns, imbalance, missing values, the minority's safe / borderline / rare / outlier shares on balanced
subsamples, overlap, and overlap on the data as they are), and the grid's plain gradient boosting's mean average precision and ROC-AUC over its 10 folds (from the committed
per-fold scores), so the difficulty measure can be set beside how hard each dataset was.
``helpers.guide.article_rules`` reads this file; ``tests/course/test_evidence_grid.py`` recomputes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

import gridlib  # noqa: E402

from helpers import evidence, guide  # noqa: E402

OUT = HERE / "profiles.csv"


def profiles() -> pd.DataFrame:
    """The table this script writes (not written)."""
    folds = evidence.load_folds()
    bar = folds[(folds["learner"] == evidence.BAR[0]) & (folds["method"] == evidence.BAR[1])]
    difficulty = bar.groupby("dataset")[["average_precision", "roc_auc"]].mean()
    rows = []
    for name in gridlib.DEFAULT_DATASETS:
        X, y = gridlib.load_dataset(name)
        p = guide.profile(X, y)
        rows.append({"dataset": name, **p.to_dict(),
                     "booster_average_precision": round(float(difficulty.loc[name, "average_precision"]), 4),
                     "booster_roc_auc": round(float(difficulty.loc[name, "roc_auc"]), 4)})
    return pd.DataFrame(rows).set_index("dataset")


if __name__ == "__main__":
    table = profiles()
    table.to_csv(OUT)
    print(table[["rows", "imbalance_ratio", "minority", "overlap", "overlap_as_is", "booster_roc_auc"]].to_string())
    print(f"wrote {OUT.relative_to(HERE.parent.parent)}")

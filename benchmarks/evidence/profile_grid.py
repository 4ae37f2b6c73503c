"""Profile every dataset of the evidence grid with the decision guide, for lesson 09's test of the article's rules.

Run from the repository root (about 10 s; needs requirements-evidence.txt for the KEEL and NASA datasets):

    .venv/bin/python benchmarks/evidence/profile_grid.py

writes ``benchmarks/evidence/profiles.csv``: one row per dataset, the fields of ``helpers.guide.profile``
(size, columns, imbalance, missing values, the minority's safe / borderline / rare / outlier shares on balanced
subsamples, overlap), plus the same four shares and overlap on the data as they are (``*_as_is``), and the
grid's plain gradient boosting's mean average precision and ROC-AUC over its 10 folds (from the committed
per-fold scores), so the difficulty measure can be set beside how hard each dataset was.
``helpers.guide.article_rules`` reads this file; ``tests/course/test_evidence_grid.py`` recomputes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
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
        Z = np.asarray(guide.prepare().fit_transform(X), dtype=float)
        as_is = guide._minority_types(Z, np.asarray(y), repeats=1, max_minority=2_000, balanced=False)
        rows.append({"dataset": name, **p.to_dict(),
                     **{f"{t}_as_is": round(float(s), 3) for t, s in zip(("safe", "borderline", "rare", "outlier"), as_is)},
                     "overlap_as_is": round(float(1 - as_is[0]), 3),
                     "booster_average_precision": round(float(difficulty.loc[name, "average_precision"]), 4),
                     "booster_roc_auc": round(float(difficulty.loc[name, "roc_auc"]), 4)})
    return pd.DataFrame(rows).set_index("dataset")


if __name__ == "__main__":
    table = profiles()
    table.to_csv(OUT)
    print(table[["rows", "imbalance_ratio", "minority", "overlap", "overlap_as_is", "booster_roc_auc"]].to_string())
    print(f"wrote {OUT.relative_to(HERE.parent.parent)}")

"""Draw benchmarks/evidence/summary.png from results.csv: the grid at a glance.

One row per learner x method; three panels: the share of datasets where the correction made ranking
(ROC-AUC, average precision), probability quality (Brier skill score, log loss) and the cost at the stated
cost ratio better, showed no detectable change, or made it worse, against the same learner uncorrected.
The drawing is ``helpers.evidence.plot`` (the lessons draw slices of the same figure).

    .venv/bin/python benchmarks/evidence/plot_summary.py [--results DIR/results.csv] [--out DIR/summary.png]

How two metrics become one outcome per dataset: see ``helpers.evidence.outcome``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from helpers import evidence  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    """Read results.csv, write the PNG."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--results", type=Path, default=HERE / "results.csv")
    p.add_argument("--out", type=Path, default=None, help="PNG to write (default: summary.png beside the results)")
    args = p.parse_args(argv)
    if not args.results.exists():
        p.error(f"{args.results} does not exist; run run_grid.py first.")
    try:
        results = evidence.load(args.results)
    except ValueError as error:
        p.error(str(error))
    out = args.out or args.results.with_name("summary.png")
    # the headline counts the (learner, correction, dataset) pairs of the five learners and the seven
    # corrections that change the training (not the tuned threshold, calibration or the ensembles)
    corrections = ["class_weight", "random_oversampling", "smote", "borderline_smote", "random_undersampling",
                   "enn", "smote_tomek"]
    counts = {}
    for panel in ("ranking", "probability quality"):
        per = evidence.outcomes(results, panel).reset_index()
        per = per[per["learner"].isin(evidence.CORE_LEARNERS) & per["method"].isin(corrections)]
        counts[panel] = (len(per), per["outcome"].value_counts())
    (n, rank), (_, prob) = counts["ranking"], counts["probability quality"]
    title = (f"What each correction for imbalance did, against the same learner uncorrected, on "
             f"{results['dataset'].nunique()} datasets\nof {n} (learner, correction, dataset) pairs of class weights and "
             f"six resamplers, ranking got better in {rank.get('better', 0)} and worse in {rank.get('worse', 0)}; "
             f"probabilities better in {prob.get('better', 0)} and worse in {prob.get('worse', 0)}")
    fig = evidence.plot(results, title=title)
    fig.savefig(out, dpi=100)
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

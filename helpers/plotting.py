"""Plots for the kit, in one colour-blind-safe palette (Okabe & Ito), minority always vermillion.

>>> from helpers import plotting
>>> plotting.PALETTE["minority"]
'#D55E00'

Each function draws on a new figure (or the ``ax`` you pass) and returns the Figure; end the
notebook line with ``;`` so Jupyter shows the picture once. Titles state a finding: pass ``title=``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._checks import as_binary_target

#: Okabe-Ito colours. Class colours are fixed across the whole kit.
PALETTE = {
    "majority": "#0072B2",   # blue
    "minority": "#D55E00",   # vermillion
    "synthetic": "#E69F00",  # orange: points a sampler invented (always also a different marker)
    "removed": "#999999",    # grey: points a sampler removed
    "neutral": "#444444",
}
#: Colours for candidates in comparison plots (no class meaning).
CANDIDATE_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
#: Markers that go with the class colours, so the plots also read in greyscale.
MARKERS = {"majority": "o", "minority": "o", "synthetic": "^", "removed": "x"}

METRIC_LABELS = {
    "accuracy": "accuracy", "precision": "precision", "recall": "recall (minority)", "f1": "F1",
    "balanced_accuracy": "balanced accuracy", "mcc": "MCC", "gmean": "G-mean", "roc_auc": "ROC-AUC",
    "average_precision": "average precision", "brier": "Brier score (lower is better)",
}


def kit_rc(projector: bool = False) -> dict[str, Any]:
    """Matplotlib settings of the kit; ``projector=True`` for large, back-of-the-room text."""
    size = 16 if projector else 11
    return {
        "font.size": size, "axes.titlesize": size + 1, "axes.labelsize": size,
        "xtick.labelsize": size - 1, "ytick.labelsize": size - 1, "legend.fontsize": size - 1,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
        "figure.dpi": 100, "savefig.dpi": 100,
    }


@contextmanager
def kit_style(projector: bool = False):
    """Use the kit's plot style inside a ``with`` block.

    Only the style is undone on leaving the block. If the block made the notebook's first figure,
    Jupyter switched matplotlib to interactive mode inside it; undoing that too (as a bare
    ``plt.rc_context`` does) would stop every later figure in the notebook from being shown.
    """
    with plt.rc_context(kit_rc(projector)):
        try:
            yield
        finally:
            interactive = mpl.is_interactive()
    mpl.interactive(interactive)


def _as_label_mapping(data: Any) -> dict[str, np.ndarray]:
    if isinstance(data, Mapping):
        if not data:
            raise ValueError("Nothing to plot: pass a dict of name -> labels with at least one entry.")
        return {str(k): as_binary_target(v, f"labels of {k!r}") for k, v in data.items()}
    return {"y": as_binary_target(data)}


def class_balance(data: Any, ax: plt.Axes | None = None, title: str | None = None) -> Figure:
    """How rare is the minority? One 100%-stacked bar per dataset, annotated with counts and ratio.

    ``data``: a label vector, or a dict name -> labels (for example ``{name: load(name)[1]}``).

    >>> import numpy as np
    >>> fig = class_balance({"toy": np.r_[np.zeros(90), np.ones(10)]})
    """
    labels = _as_label_mapping(data)
    with kit_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 0.6 * len(labels) + 1.6), layout="constrained")
        names = list(labels)[::-1]
        for i, name in enumerate(names):
            y = labels[name]
            n_min, n = int(y.sum()), len(y)
            n_min = min(n_min, n - n_min)  # the smaller class is the minority
            share = n_min / n
            ax.barh(i, 1 - share, color=PALETTE["majority"], height=0.6)
            ax.barh(i, share, left=1 - share, color=PALETTE["minority"], height=0.6)
            ax.text(0.02, i, f"{n - n_min:,} majority", va="center", color="white", fontsize=10)
            ratio = (n - n_min) / n_min
            ax.text(1.01, i, f"{n_min:,} minority ({share:.1%}), 1 : {ratio:.{1 if ratio < 20 else 0}f}",
                    va="center", color=PALETTE["minority"], fontsize=10)
        ax.set_yticks(range(len(names)), names)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("share of rows")
        ax.grid(False)
        ax.set_title(title or "Class balance: minority (vermillion) and majority (blue)", loc="left")
    return ax.figure


def comparison(
    results: pd.DataFrame,
    metrics: Iterable[str] | None = None,
    title: str | None = None,
    baseline: str | None = None,
) -> Figure:
    """Point and 95% CI per candidate, one panel per metric, from ``evaluation.compare``'s output.

    ``baseline``: a candidate whose mean is drawn as a dashed line in every panel, to compare against.
    """
    needed = {"candidate", "metric", "mean", "ci_low", "ci_high"}
    if not isinstance(results, pd.DataFrame) or not needed <= set(results.columns):
        raise TypeError("comparison expects the DataFrame returned by helpers.evaluation.compare().")
    metrics = list(dict.fromkeys(results["metric"])) if metrics is None else list(metrics)
    missing = [m for m in metrics if m not in set(results["metric"])]
    if missing:
        raise ValueError(f"No results for {missing}; compare() computed {sorted(set(results['metric']))}.")
    candidates = list(dict.fromkeys(results["candidate"]))
    if baseline is not None and baseline not in candidates:
        raise ValueError(f"Unknown baseline {baseline!r}; candidates are {candidates}.")
    with kit_style():
        fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics) + 1.5, 0.45 * len(candidates) + 1.6),
                                 sharey=True, layout="constrained", squeeze=False)
        for ax, metric in zip(axes[0], metrics):
            sub = results[results["metric"] == metric].set_index("candidate").reindex(candidates)
            for i, cand in enumerate(candidates):
                row = sub.loc[cand]
                color = CANDIDATE_COLORS[i % len(CANDIDATE_COLORS)]
                ax.errorbar(row["mean"], i, xerr=[[row["mean"] - row["ci_low"]], [row["ci_high"] - row["mean"]]],
                            fmt="o", color=color, capsize=3, markersize=6)
            if baseline is not None:
                ax.axvline(sub.loc[baseline, "mean"], color=PALETTE["neutral"], ls="--", lw=1)
            ax.set_title(METRIC_LABELS.get(metric, metric), fontsize=11)
            ax.set_yticks(range(len(candidates)), candidates)
            ax.invert_yaxis()
        n_folds = int(results["n_folds"].max()) if "n_folds" in results else None
        note = f"mean and 95% CI over {n_folds} folds" if n_folds else "mean and 95% CI"
        fig.suptitle(title or f"Comparison ({note})", x=0.01, ha="left")
        if title:
            fig.supxlabel(note, fontsize=9, color=PALETTE["neutral"])
    return fig

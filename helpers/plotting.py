"""Plots for the kit, in one colour-blind-safe palette (Okabe & Ito), minority always vermillion.

>>> from helpers import plotting
>>> plotting.PALETTE["minority"]
'#D55E00'

Each function draws on a new figure (or the ``ax`` you pass) and returns the Figure; end the
notebook line with ``;`` so Jupyter shows the picture once. Titles state a finding: pass ``title=``.
"""

from __future__ import annotations

import textwrap
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
    "synthetic": "#CC79A7",  # reddish purple: points a sampler invented (always also a different marker)
    "removed": "#999999",    # grey: points a sampler removed
    "neutral": "#444444",
}
#: Colours for candidates in comparison plots (no class meaning).
CANDIDATE_COLORS = ["#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442", "#999999"]
#: Markers that go with the class colours, so the plots also read in greyscale.
MARKERS = {"majority": "o", "minority": "o", "synthetic": "^", "removed": "x"}

METRIC_LABELS = {
    "accuracy": "accuracy", "precision": "precision", "recall": "recall (minority)", "f1": "F1",
    "balanced_accuracy": "balanced accuracy", "mcc": "MCC", "gmean": "G-mean", "roc_auc": "ROC-AUC",
    "average_precision": "average precision", "brier": "Brier score (lower is better)",
    "brier_skill": "Brier skill score", "cost_per_case": "cost per case (lower is better)",
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


def _metrics_of(table: Any, metrics: Iterable[str] | None, needed: set[str], plot: str, maker: str, noun: str,
                verb: str) -> list[str]:
    """The metrics to draw from ``table`` (all of them by default), or a clear error for a wrong table or name."""
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise TypeError(f"{plot} expects the DataFrame returned by helpers.evaluation.{maker}().")
    metrics = list(dict.fromkeys(table["metric"])) if metrics is None else list(metrics)
    missing = [m for m in metrics if m not in set(table["metric"])]
    if missing:
        raise ValueError(f"No {noun} for {missing}; {maker}() {verb} {sorted(set(table['metric']))}.")
    return metrics


def comparison(
    results: pd.DataFrame,
    metrics: Iterable[str] | None = None,
    title: str | None = None,
    baseline: str | None = None,
) -> Figure:
    """Point and 95% CI per candidate, one panel per metric, from ``evaluation.compare``'s output.

    ``baseline``: a candidate whose mean is drawn as a dashed line in every panel, to compare against.
    """
    metrics = _metrics_of(results, metrics, {"candidate", "metric", "mean", "ci_low", "ci_high"},
                          "comparison", "compare", "results", "computed")
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


VERDICT_COLORS = {"better": "#0072B2", "worse": "#E69F00", "no detectable difference": "#666666",
                  "not judged": "#BBBBBB"}


def differences(verdicts: pd.DataFrame, metrics: Iterable[str] | None = None, title: str | None = None) -> Figure:
    """Paired differences from ``evaluation.difference``: for each metric, each candidate minus the
    baseline, with its 95% interval, a line at 0 (no difference) and the verdict written beside it.

    This is the picture of a verdict: the interval is of the *difference* on the same folds, so it can
    exclude 0 while the two candidates' own intervals overlap. Colour follows the verdict (blue better,
    orange worse, grey no detectable difference); "better" already accounts for metrics where lower is better.
    """
    metrics = _metrics_of(verdicts, metrics, {"metric", "candidate", "difference", "ci_low", "ci_high", "verdict"},
                          "differences", "difference", "verdicts", "judged")
    candidates = list(dict.fromkeys(verdicts["candidate"]))
    ncols = 3 if len(metrics) == 3 else (2 if len(metrics) > 1 else 1)  # three in one row, else two per row
    nrows = -(-len(metrics) // ncols)
    with kit_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(max(10, 4.5 * ncols), nrows * (0.6 * len(candidates) + 1.4)),
                                 layout="constrained", squeeze=False)
        for ax, metric in zip(axes.flat, metrics):
            sub = verdicts[verdicts["metric"] == metric].set_index("candidate").reindex(candidates)
            for i, cand in enumerate(candidates):
                row = sub.loc[cand]
                color = VERDICT_COLORS.get(row["verdict"], "#666666")
                if np.isfinite(row["difference"]):
                    low, high = row["ci_low"], row["ci_high"]
                    ax.errorbar(row["difference"], i, fmt="o", color=color, capsize=4, markersize=7, lw=2,
                                xerr=[[row["difference"] - low], [high - row["difference"]]] if np.isfinite(low) else None)
            ax.axvline(0, color=PALETTE["neutral"], lw=1)
            ax.xaxis.set_major_locator(plt.MaxNLocator(5))
            ax.set_title(METRIC_LABELS.get(metric, metric), fontsize=11, loc="left")
            # in a row of three, the second and third show the verdict alone (the candidates are named on the left)
            first_column = ncols < 3 or list(axes.flat).index(ax) % ncols == 0
            ax.set_yticks(range(len(candidates)), [f"{c}\n{sub.loc[c, 'verdict']}" if first_column else
                                                   sub.loc[c, "verdict"] for c in candidates])
            for tick, cand in zip(ax.get_yticklabels(), candidates):
                tick.set_color(VERDICT_COLORS.get(sub.loc[cand, "verdict"], "#666666"))
            ax.set_ylim(len(candidates) - 0.5, -0.5)
        for ax in list(axes.flat)[len(metrics):]:
            ax.axis("off")
        n = int(verdicts["n_folds"].max()) if "n_folds" in verdicts else None
        fig.suptitle(title or "Paired differences", x=0.01, ha="left")
        fig.supxlabel(f"candidate minus baseline: mean paired difference and its unadjusted 95% interval"
                      f"{f' over {n} folds' if n else ''}; the verdict is after Holm's adjustment, so an interval "
                      "can exclude 0 without a verdict", fontsize=10, color=PALETTE["neutral"])
    return fig


# --- Lessons 03-05: what a sampler did, and where a classifier draws its boundary -----------------

#: How each role from ``helpers.resampling.trace`` is drawn, in drawing order:
#: (role, class or None for both, colour, marker, size, legend label).
ROLE_STYLE = (
    ("kept", 0, PALETTE["majority"], "o", 14, "majority"),
    ("synthetic", 0, PALETTE["majority"], "^", 30, "synthetic majority (e.g. a centroid)"),
    ("removed", None, PALETTE["removed"], "x", 22, "removed"),
    ("synthetic, then removed", None, PALETTE["neutral"], "^", 26, "synthetic, then removed"),
    ("synthetic", 1, PALETTE["synthetic"], "^", 20, "synthetic minority"),
    ("kept", 1, PALETTE["minority"], "o", 22, "minority"),
    ("duplicate", None, PALETTE["synthetic"], "o", None, "duplicated (ring size: number of copies)"),
)


def _projection(X: Any, projection: Any) -> tuple[Any, tuple[str, str], str]:
    """A function mapping rows of X to 2-D, the axis labels, and a note for the figure."""
    columns = list(X.columns) if isinstance(X, pd.DataFrame) else [f"x{i + 1}" for i in range(np.shape(X)[1])]
    if projection is None and len(columns) == 2:
        return (lambda A: np.asarray(A, dtype=float)), (str(columns[0]), str(columns[1])), ""
    if projection is None or projection == "pca":
        from sklearn.decomposition import PCA

        pca = PCA(n_components=2, random_state=42).fit(np.asarray(X, dtype=float))
        share = float(pca.explained_variance_ratio_.sum())
        note = (f"2-D view: PCA fitted on the original rows ({share:.0%} of their variance); the samplers "
                f"worked in all {len(columns)} features, so neighbours in the picture need not be neighbours there")
        return pca.transform, ("PC 1", "PC 2"), note
    if isinstance(projection, (tuple, list)) and len(projection) == 2 and all(c in columns for c in projection):
        idx = [columns.index(c) for c in projection]
        note = f"showing 2 of {len(columns)} features; the samplers used all of them"
        return (lambda A: np.asarray(A, dtype=float)[:, idx]), (str(projection[0]), str(projection[1])), note
    raise ValueError(f"projection must be None (2 features: draw them; more: PCA), 'pca', or two column "
                     f"names of X such as {tuple(columns[:2])}; got {projection!r}.")


def resampled(
    X: Any,
    y: Any,
    samplers: Mapping[str, Any],
    *,
    projection: Any = None,
    ncols: int | None = None,
    title: str | None = None,
) -> Figure:
    """What each sampler did, side by side: kept, removed, synthetic and duplicated points.

    ``samplers``: name -> an imbalanced-learn sampler (each is run on a copy, with
    ``helpers.resampling.trace``), or a trace you already computed for this (X, y). Majority blue,
    minority vermillion, synthetic purple triangles, removed grey crosses. X must be numeric (scale it first, as for the sampler). With more than two
    features the picture is a 2-D PCA fitted on the original rows (``projection="pca"``, the default
    then) or two columns you name (``projection=("x1", "x2")``).

    >>> from imblearn.over_sampling import SMOTE
    >>> from helpers import datasets
    >>> X, y = datasets.make_synthetic_2d(200, 0.1)
    >>> fig = resampled(X, y, {"SMOTE": SMOTE(random_state=42)})
    >>> fig.axes[0].get_title().splitlines()[0]
    'SMOTE'
    """
    from .resampling import counts, trace

    if not isinstance(samplers, Mapping) or not samplers:
        raise TypeError("samplers must be a non-empty dict of name -> sampler, "
                        "e.g. {'SMOTE': SMOTE(random_state=42)}.")
    traces = {str(name): s if isinstance(s, pd.DataFrame) and "role" in s else trace(s, X, y)
              for name, s in samplers.items()}
    to_2d, (xlabel, ylabel), note = _projection(X, projection)
    ncols = ncols or min(len(traces), 3)
    nrows = -(-len(traces) // ncols)
    with kit_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(4.0 * ncols + 1.8, 3.8 * nrows + 0.8), sharex=True,
                                 sharey=True, layout="constrained", squeeze=False)
        shown: dict[str, Any] = {}
        for ax, (name, t) in zip(axes.flat, traces.items()):
            xy = to_2d(t.drop(columns=["label", "role"]).to_numpy(float))
            # Whichever is fewer, the removed points or the kept majority, is drawn on top of the other,
            # so 40 kept points are not lost under 320 crosses, nor 2 crosses under 1,400 kept points.
            few_removed = t["role"].str.contains("removed").sum() <= ((t["role"] == "kept") & (t["label"] == 0)).sum()

            def zorder(role: str, label_value: Any, few_removed: bool = few_removed) -> float:
                if "removed" in role:
                    return 2.5 if few_removed else 1.5
                return 2 + (label_value == 1)

            for role, label_value, color, marker, size, legend in ROLE_STYLE:
                mask = (t["role"] == role).to_numpy().copy()
                if label_value is not None:
                    mask &= (t["label"] == label_value).to_numpy()
                if not mask.any():
                    continue
                pts = xy[mask]
                if role == "duplicate":  # one ring per original, sized by its number of extra copies
                    pts, copies = np.unique(pts, axis=0, return_counts=True)
                    shown[legend] = ax.scatter(pts[:, 0], pts[:, 1], s=30 + 25 * copies, facecolors="none",
                                               edgecolors=color, linewidths=1.2, zorder=3)
                    continue
                hollow = role == "synthetic, then removed"
                shown[legend] = ax.scatter(pts[:, 0], pts[:, 1], s=size, marker=marker,
                                           c="none" if hollow else color,
                                           edgecolors=None if marker == "x" else (color if hollow else "white"),
                                           linewidths=1.2 if marker == "x" or hollow else 0.3,
                                           alpha=(0.5 if few_removed else 0.95) if (role, label_value) == ("kept", 0)
                                           else (0.45 if "removed" in role and not few_removed else 0.95),
                                           zorder=zorder(role, label_value))
                if "removed" in role and mask.sum() <= 10:  # a handful: ring them, or they vanish in a cloud
                    ax.scatter(pts[:, 0], pts[:, 1], s=260, facecolors="none", edgecolors="black",
                               linewidths=1.2, zorder=4)
            c = counts(t)
            ax.set_title(f"{name}\n{c['before'].iloc[0]}:{c['before'].iloc[1]} -> {c['after'].iloc[0]}:"
                         f"{c['after'].iloc[1]} (majority:minority)", fontsize=10)
        for ax in axes[-1]:
            ax.set_xlabel(xlabel)
        for k in range(len(traces), nrows * ncols):  # empty panels: the one above shows the x axis
            row, col = divmod(k, ncols)
            axes[row, col].set_visible(False)
            axes[row - 1, col].xaxis.set_tick_params(labelbottom=True)
            axes[row - 1, col].set_xlabel(xlabel)
        for ax in axes[:, 0]:
            ax.set_ylabel(ylabel)
        fig.suptitle(title or "What each sampler did", x=0.01, ha="left")
        if note:
            fig.supxlabel(textwrap.fill(note, int(18 * 4.0 * ncols)), fontsize=8, color=PALETTE["neutral"])
        order = [ROLE_STYLE[i][-1] for i in (0, 5, 4, 6, 1, 2, 3)]  # classes, additions, removals
        labels = [label for label in order if label in shown]
        fig.legend([shown[label] for label in labels], [textwrap.fill(label, 22) for label in labels],
                   loc="outside right center", fontsize=9, frameon=False, labelspacing=1.0)
    return fig


def decision_boundaries(
    models: Mapping[str, Any],
    X: Any,
    y: Any,
    *,
    threshold: float = 0.5,
    title: str | None = None,
) -> Figure:
    """Each fitted classifier's predicted minority probability on 2-D data, with its decision boundary.

    Shading is ``predict_proba`` for the minority (via scikit-learn's ``DecisionBoundaryDisplay``);
    the black line is where it equals ``threshold`` (0.5 is what ``predict`` uses). The points are
    the (X, y) you pass, e.g. a test set. Models must already be fitted on the same two features.

    >>> from sklearn.linear_model import LogisticRegression
    >>> from helpers import datasets
    >>> X, y = datasets.make_synthetic_2d(200, 0.1)
    >>> fig = decision_boundaries({"logistic regression": LogisticRegression().fit(X, y)}, X, y)
    >>> fig.axes[0].get_title()
    'logistic regression'
    """
    from matplotlib.colors import LinearSegmentedColormap
    from sklearn.exceptions import NotFittedError
    from sklearn.inspection import DecisionBoundaryDisplay
    from sklearn.utils.validation import check_is_fitted

    from ._checks import check_X_y

    if not isinstance(models, Mapping) or not models:
        raise TypeError("models must be a non-empty dict of name -> fitted classifier.")
    X, y_arr = check_X_y(X, y)
    if np.shape(X)[1] != 2:
        raise ValueError(f"decision_boundaries draws 2-D data; X has {np.shape(X)[1]} features. Fit the models "
                         "on two features (e.g. datasets.make_synthetic_2d) to see their boundary.")
    if not 0 < threshold < 1:
        raise ValueError(f"threshold is a probability strictly between 0 and 1; got {threshold!r}.")
    for name, model in models.items():
        if not hasattr(model, "predict_proba"):
            raise TypeError(f"{name!r} has no predict_proba; use a probabilistic classifier.")
        try:
            check_is_fitted(model)
        except NotFittedError:
            raise ValueError(f"{name!r} is not fitted yet: call .fit(X_train, y_train) first.") from None
    cmap = LinearSegmentedColormap.from_list("kit", ["#FFFFFF", PALETTE["minority"]])
    arr = np.asarray(X, dtype=float)
    with kit_style():
        fig, axes = plt.subplots(1, len(models), figsize=(4.4 * len(models), 4.4), sharey=True,
                                 layout="constrained", squeeze=False)
        for ax, (name, model) in zip(axes[0], models.items()):
            disp = DecisionBoundaryDisplay.from_estimator(
                model, X, response_method="predict_proba", plot_method="contourf", ax=ax, cmap=cmap,
                alpha=0.45, levels=np.linspace(0, 1, 11), grid_resolution=100)
            ax.contour(disp.xx0, disp.xx1, disp.response, levels=[threshold], colors="black", linewidths=1.5)
            for label, key, size in ((0, "majority", 10), (1, "minority", 18)):
                pts = arr[y_arr == label]
                ax.scatter(pts[:, 0], pts[:, 1], s=size, c=PALETTE[key], alpha=0.6 if label == 0 else 0.9,
                           label=key, edgecolors="none")
            ax.set_title(name, fontsize=11)
            ax.grid(False)
        fig.colorbar(disp.surface_, ax=axes[0].tolist(), label="predicted minority probability", shrink=0.8)
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles + [plt.Line2D([], [], color="black")], labels + [f"boundary (probability {threshold:g})"],
                   loc="outside lower center", ncols=3, frameon=False, fontsize=9)
        fig.suptitle(title or "Where each model predicts the minority", x=0.01, ha="left")
    return fig


def tomek_links(X: Any, y: Any, *, title: str | None = None) -> Figure:
    """Draw the Tomek links of 2-D data: pairs of opposite classes that are each other's nearest neighbour.

    ``TomekLinks()`` (default ``sampling_strategy="auto"``) removes the majority point of each link;
    those points are crossed out in grey. Left: all the data; right: a zoom on the links.

    >>> from helpers import datasets
    >>> X, y = datasets.make_synthetic_2d(200, 0.1, overlap=0.6)
    >>> len(tomek_links(X, y).axes)
    2
    """
    from matplotlib.collections import LineCollection
    from sklearn.neighbors import NearestNeighbors

    from ._checks import check_X_y

    X, y_arr = check_X_y(X, y)
    arr = np.asarray(X, dtype=float)
    if arr.shape[1] != 2:
        raise ValueError(f"tomek_links draws 2-D data; X has {arr.shape[1]} features.")
    names = [str(c) for c in X.columns] if isinstance(X, pd.DataFrame) else ["x1", "x2"]
    nearest = NearestNeighbors(n_neighbors=2).fit(arr).kneighbors(arr, return_distance=False)[:, 1]
    mutual = nearest[nearest] == np.arange(len(arr))
    linked = np.flatnonzero(mutual & (y_arr != y_arr[nearest]) & (y_arr == 0))  # majority end of each link
    with kit_style():
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), layout="constrained")
        for ax in axes:
            for label, key, size in ((0, "majority", 14), (1, "minority", 24)):
                pts = arr[y_arr == label]
                ax.scatter(pts[:, 0], pts[:, 1], s=size if ax is axes[0] else 3 * size, c=PALETTE[key],
                           alpha=0.55 if label == 0 else 0.9, label=key)
            ax.add_collection(LineCollection([[arr[i], arr[nearest[i]]] for i in linked], colors="black",
                                             linewidths=1.5 if ax is axes[0] else 2.5,
                                             label=f"Tomek link ({len(linked)})"))
            ax.scatter(arr[linked, 0], arr[linked, 1], s=70 if ax is axes[0] else 160, marker="x",
                       c=PALETTE["removed"], linewidths=2, label="removed by TomekLinks", zorder=4)
            ax.set(xlabel=names[0], ylabel=names[1])
        if len(linked):
            ends = np.vstack([arr[linked], arr[nearest[linked]]])
            pad = 0.15 * max(np.ptp(ends[:, 0]), np.ptp(ends[:, 1]), 0.5)
            axes[1].set(xlim=(ends[:, 0].min() - pad, ends[:, 0].max() + pad),
                        ylim=(ends[:, 1].min() - pad, ends[:, 1].max() + pad))
        axes[0].set_title("all the data", fontsize=10)
        axes[1].set_title("zoom on the links", fontsize=10)
        axes[1].legend(loc="best", fontsize=9, framealpha=0.9)
        fig.suptitle(title or f"{len(linked)} Tomek links: opposite-class pairs that are each other's nearest "
                     "neighbour", x=0.01, ha="left")
    return fig

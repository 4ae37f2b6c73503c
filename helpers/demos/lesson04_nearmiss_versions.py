"""Lesson 04 · Under-sampling: ``nearmiss_versions``, which majority points NearMiss 1, 2 and 3 keep."""

from __future__ import annotations

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, _legible_legend, new_figure

NEARMISS_RULES = {
    1: "keeps the majority points whose average distance to their k <b>nearest</b> minority points is smallest",
    2: "keeps the majority points whose average distance to their k <b>farthest</b> minority points is smallest",
    3: "lets each minority point nominate its k nearest majority points, then keeps the nominees that are "
       "<b>farthest</b> on average from their k nearest minority points",
}


def nearmiss_versions() -> LiveDemo:
    """NearMiss 1, 2 and 3 side by side on the same SYNTHETIC data: which majority points survive?

    All three keep as many majority points as there are minority points (NearMiss-3 can keep fewer:
    only points nominated by a minority neighbour are eligible). ``n_neighbors`` is the k of the
    rule (for version 3 it is also ``n_neighbors_ver3``, the number of nominees per minority point).

    >>> demo = nearmiss_versions()
    >>> demo.update(version=1, n_neighbors=3)["kept"]
    30
    """
    import warnings

    import numpy as np
    from imblearn.under_sampling import NearMiss

    from ..datasets import make_synthetic_2d
    from ..plotting import PALETTE

    X_df, y_s = make_synthetic_2d(300, 0.1, overlap=0.4, random_state=42)
    X, y = X_df.to_numpy(), y_s.to_numpy()
    majority = np.flatnonzero(y == 0)
    X_min = X[y == 1]
    states: dict[tuple[int, int], dict] = {}
    for version in (1, 2, 3):
        for k in (1, 3, 5):
            sampler = NearMiss(version=version, n_neighbors=k, n_neighbors_ver3=k)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                sampler.fit_resample(X, y)
            kept = np.intersect1d(sampler.sample_indices_, majority)
            gap = np.linalg.norm(X[kept][:, None, :] - X_min[None, :, :], axis=2).min(axis=1)
            states[(version, k)] = {
                "version": version, "k": k, "kept_xy": X[kept], "removed_xy": X[np.setdiff1d(majority, kept)],
                "kept": len(kept), "n_minority": len(X_min), "median_gap": float(np.median(gap)),
                "warning": str(caught[0].message) if caught else "",
            }

    fig, ax = new_figure(8, 5.2)
    removed = ax.scatter([], [], s=30, marker="x", c=PALETTE["removed"], linewidths=1.2, label="majority removed")
    kept = ax.scatter([], [], s=40, c=PALETTE["majority"], edgecolors="black", linewidths=0.6, zorder=3,
                      label="majority kept")
    ax.scatter(X_min[:, 0], X_min[:, 1], s=40, c=PALETTE["minority"], zorder=4, label="minority")
    pad = 0.3
    ax.set(xlim=(X[:, 0].min() - pad, X[:, 0].max() + pad), ylim=(X[:, 1].min() - pad, X[:, 1].max() + pad),
           xlabel="x1", ylabel="x2")
    _legible_legend(ax, "upper left", 14)

    def draw(s: dict) -> None:
        kept.set_offsets(s["kept_xy"])
        removed.set_offsets(s["removed_xy"])
        ax.set_title(f"NearMiss-{s['version']} (k = {s['k']}): {s['kept']} majority points kept", fontsize=17)

    def describe(s: dict) -> str:
        text = (f"<b>NearMiss-{s['version']}</b> {NEARMISS_RULES[s['version']]} (k = {s['k']}). "
                f"It kept <b>{s['kept']}</b> majority points for {s['n_minority']} minority points; the kept "
                f"ones sit a median <b>{s['median_gap']:.2f}</b> from the nearest minority point.")
        if s["warning"]:
            text += (f" Only {s['kept']} majority points were nominated, so the classes are not balanced "
                     "(imbalanced-learn warns that it cannot reach the ratio asked for and returns every "
                     "nominee).")
        return text

    controls = {
        "version": widgets.ToggleButtons(options=[1, 2, 3], value=1, description="NearMiss version"),
        "n_neighbors": widgets.SelectionSlider(options=[1, 3, 5], value=3, description="n_neighbors (k)"),
    }
    return _BlittedDemo("NearMiss: which majority points survive? (synthetic 2-D data)", controls,
                        lambda version, n_neighbors: states[(version, n_neighbors)], draw, describe, fig,
                        note="Grey crosses are the majority points NearMiss throws away.",
                        dynamic=[removed, kept, ax.title])

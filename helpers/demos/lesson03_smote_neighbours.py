"""Lesson 03 · Over-sampling and SMOTE: ``smote_neighbours``, how SMOTE places a synthetic point."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, _legible_legend, new_figure


def _segment_distance(points: Any, start: Any, ends: Any) -> Any:
    """Distance from each point to the nearest of the segments start -> each end (2-D arrays)."""
    import numpy as np

    d = ends - start  # (k, 2)
    rel = points[:, None, :] - start  # (n, 1, 2) -> (n, k, 2) by broadcasting
    t = np.clip((rel * d).sum(-1) / np.maximum((d * d).sum(-1), 1e-12), 0, 1)
    closest = start + t[..., None] * d
    return np.sqrt(((points[:, None, :] - closest) ** 2).sum(-1)).min(axis=1)


def smote_neighbours() -> LiveDemo:
    """How SMOTE makes a point: pick a minority point and ``k_neighbors``; see its neighbours and segments.

    SMOTE takes a minority point, picks one of its k nearest *minority* neighbours at random and puts
    a synthetic point at a random place on the segment between them. The demo draws, for the chosen
    point, its k neighbours, those segments, and the synthetic points SMOTE actually placed on them
    (from a real ``SMOTE(k_neighbors=k, random_state=42)`` run on the whole SYNTHETIC data set, drawn
    faintly). Everything is computed when the demo is built; moving a control only looks it up.

    >>> demo = smote_neighbours()
    >>> demo.update(point="C: an outlier among the majority", k_neighbors=5)["n_neighbours"]
    5
    """
    import numpy as np
    from imblearn.over_sampling import SMOTE
    from matplotlib.collections import LineCollection
    from sklearn.neighbors import NearestNeighbors

    from ..datasets import make_synthetic_2d
    from ..plotting import PALETTE

    X_df, y_s = make_synthetic_2d(240, 0.1, overlap=0.3, label_noise=0.1, random_state=42)
    X, y = X_df.to_numpy(), y_s.to_numpy()
    minority = np.flatnonzero(y == 1)
    X_min = X[minority]
    # three instructive minority points: the cluster's core, its edge facing the majority, an outlier
    _, near = NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X_min)
    majority_share = (y[near[:, 1:]] == 0).mean(axis=1)
    inliers = np.flatnonzero(majority_share < 0.5)
    centre = X_min[inliers].mean(axis=0)
    dist_centre = np.linalg.norm(X_min - centre, axis=1)
    core = inliers[np.argmin(dist_centre[inliers])]
    towards_majority = X_min[inliers] @ -centre / np.linalg.norm(centre)  # projection towards (0, 0)
    edge = inliers[np.argmax(towards_majority)]
    outlier = int(np.argmax(dist_centre))
    points = {"A: in the core of the minority": core, "B: on the edge facing the majority": edge,
              "C: an outlier among the majority": outlier}
    ks = list(range(1, 11))
    territory = NearestNeighbors(n_neighbors=5).fit(X)
    states: dict[tuple[str, int], dict] = {}
    for k in ks:
        X_res, _ = SMOTE(k_neighbors=k, random_state=42).fit_resample(X, y)
        synthetic = np.asarray(X_res)[len(X):]
        _, nbrs = NearestNeighbors(n_neighbors=k + 1).fit(X_min).kneighbors(X_min)
        in_majority = (y[territory.kneighbors(synthetic, return_distance=False)] == 0).mean(axis=1) > 0.5
        for label, i in points.items():
            ends = X_min[nbrs[i, 1:]]
            on = _segment_distance(synthetic, X_min[i], ends) < 1e-9
            states[(label, k)] = {
                "point": label, "k": k, "xy": X_min[i], "neighbours": ends, "synthetic": synthetic,
                "on_segments": synthetic[on], "n_neighbours": len(ends),
                "n_on_segments": int(on.sum()), "n_on_segments_in_majority": int((on & in_majority).sum()),
                "reach": float(np.linalg.norm(ends - X_min[i], axis=1).max()),
                "n_synthetic": len(synthetic), "n_synthetic_in_majority": int(in_majority.sum()),
            }

    fig, ax = new_figure(8, 5.2)
    ax.scatter(X[y == 0, 0], X[y == 0, 1], s=14, c=PALETTE["majority"], alpha=0.45, label="majority")
    cloud = ax.scatter([], [], s=10, marker="^", c=PALETTE["synthetic"], alpha=0.3, label="all synthetic points")
    ax.scatter(X_min[:, 0], X_min[:, 1], s=36, c=PALETTE["minority"], label="minority", zorder=3)
    segments = LineCollection([], colors="black", linewidths=1.2, zorder=2)
    ax.add_collection(segments)
    ring = ax.scatter([], [], s=220, facecolors="none", edgecolors="black", linewidths=1.5, zorder=4,
                      label="its k minority neighbours")
    chosen = ax.scatter([], [], s=260, marker="*", c="black", zorder=5, label="chosen point")
    made = ax.scatter([], [], s=60, marker="^", c=PALETTE["synthetic"], edgecolors="black", linewidths=0.8,
                      zorder=5, label="synthetic points on its segments")
    pad = 0.3
    ax.set(xlim=(X[:, 0].min() - pad, X[:, 0].max() + pad), ylim=(X[:, 1].min() - pad, X[:, 1].max() + pad),
           xlabel="x1", ylabel="x2")
    _legible_legend(ax, "lower right")

    def draw(s: dict) -> None:
        cloud.set_offsets(s["synthetic"])
        segments.set_segments([[s["xy"], end] for end in s["neighbours"]])
        ring.set_offsets(s["neighbours"])
        chosen.set_offsets([s["xy"]])
        made.set_offsets(s["on_segments"] if len(s["on_segments"]) else np.empty((0, 2)))
        ax.set_title(f"k_neighbors={s['k']}: {s['n_on_segments']} synthetic points on this point's segments",
                     fontsize=17)

    def describe(s: dict) -> str:
        return (f"<b>{s['point']}</b>, k = {s['k']}: its {s['n_neighbours']} nearest minority neighbours are up to "
                f"{s['reach']:.2f} away. SMOTE placed <b>{s['n_on_segments']}</b> synthetic points on these "
                f"segments; <b>{s['n_on_segments_in_majority']}</b> of them landed where most of the 5 nearest "
                f"real points are majority. In the whole resampled set: {s['n_synthetic_in_majority']} of "
                f"{s['n_synthetic']} synthetic points did.")

    controls = {
        "point": widgets.Dropdown(options=list(points), value="A: in the core of the minority",
                                  description="minority point"),
        "k_neighbors": widgets.SelectionSlider(options=ks, value=5, description="k_neighbors"),
    }
    return _BlittedDemo("How SMOTE makes a point (synthetic 2-D data)", controls,
                        lambda point, k_neighbors: states[(point, k_neighbors)], draw, describe, fig,
                        note="Each synthetic point lies on a segment between a minority point and one of its "
                             "k nearest minority neighbours.",
                        dynamic=[cloud, segments, ring, chosen, made, ax.title])

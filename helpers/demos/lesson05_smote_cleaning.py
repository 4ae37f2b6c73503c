"""Lesson 05 · Combined sampling: ``smote_cleaning``, what Tomek links or ENN remove after SMOTE."""

from __future__ import annotations

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, _legible_legend, new_figure


def smote_cleaning() -> LiveDemo:
    """SMOTE, then a cleaning step (Tomek links or ENN): what does the cleaning remove, as overlap grows?

    Runs ``SMOTE``, ``SMOTETomek`` and ``SMOTEENN`` (all ``random_state=42``) on SYNTHETIC 2-D data
    at five levels of class overlap, when the demo is built, and traces every point with
    ``helpers.resampling.trace``.

    >>> demo = smote_cleaning()
    >>> demo.update(method="SMOTE only", overlap=0.4)["removed"]
    0
    """
    import numpy as np
    from imblearn.combine import SMOTEENN, SMOTETomek
    from imblearn.over_sampling import SMOTE

    from ..datasets import make_synthetic_2d
    from ..plotting import PALETTE
    from ..resampling import trace

    methods = {"SMOTE only": SMOTE(random_state=42), "SMOTETomek": SMOTETomek(random_state=42),
               "SMOTEENN": SMOTEENN(random_state=42)}
    overlaps = [0.0, 0.2, 0.4, 0.6, 0.8]
    layers = {  # name: (role, label or None, style)
        "majority": ("kept", 0), "minority": ("kept", 1), "synthetic minority": ("synthetic", 1),
        "removed (original)": ("removed", None), "removed (synthetic)": ("synthetic, then removed", None),
    }
    states: dict[tuple[str, float], dict] = {}
    for overlap in overlaps:
        X, y = make_synthetic_2d(300, 0.1, overlap=overlap, random_state=42)
        for name, sampler in methods.items():
            t = trace(sampler, X, y)
            xy = t[["x1", "x2"]].to_numpy()
            role, label = t["role"].to_numpy(), t["label"].to_numpy()
            points = {layer: xy[(role == r) & ((label == c) if c is not None else True)]
                      for layer, (r, c) in layers.items()}
            removed_now = (role == "removed") | (role == "synthetic, then removed")
            states[(name, overlap)] = {
                "method": name, "overlap": overlap, "points": points,
                "before": np.bincount(y, minlength=2).tolist(),
                "after_smote": np.bincount(label, minlength=2).tolist(),  # every original and synthetic row
                "after": np.bincount(label[~removed_now], minlength=2).tolist(),
                "removed": int(removed_now.sum()),
                "removed_by_class": np.bincount(label[removed_now], minlength=2).tolist(),
                "removed_synthetic": int((role == "synthetic, then removed").sum()),
            }

    fig, ax = new_figure(8, 5.2)
    styles = {
        "majority": dict(s=14, c=PALETTE["majority"], alpha=0.5),
        "synthetic minority": dict(s=22, marker="^", c=PALETTE["synthetic"], edgecolors="white", linewidths=0.3),
        "minority": dict(s=30, c=PALETTE["minority"], zorder=3),
        "removed (original)": dict(s=45, marker="x", c=PALETTE["removed"], linewidths=1.6, zorder=4),
        "removed (synthetic)": dict(s=45, marker="^", facecolors="none", edgecolors="black", linewidths=1.0,
                                    zorder=4),
    }
    artists = {layer: ax.scatter([], [], label=layer, **style) for layer, style in styles.items()}
    ax.set(xlim=(-3.3, 4.2), ylim=(-3.0, 3.6), xlabel="x1", ylabel="x2")
    _legible_legend(ax, "upper left")

    def draw(s: dict) -> None:
        for layer, artist in artists.items():
            pts = s["points"][layer]
            artist.set_offsets(pts if len(pts) else np.empty((0, 2)))
        ax.set_title(f"{s['method']}, overlap {s['overlap']:.1f}: {s['removed']} points removed after SMOTE",
                     fontsize=17)

    def describe(s: dict) -> str:
        b, m, a = s["before"], s["after_smote"], s["after"]
        text = (f"majority:minority <b>{b[0]}:{b[1]}</b> at the start, <b>{m[0]}:{m[1]}</b> after SMOTE, "
                f"<b>{a[0]}:{a[1]}</b> at the end.")
        if s["removed"]:
            r = s["removed_by_class"]
            text += (f" The cleaning step removed {r[0]} majority and {r[1]} minority points "
                     f"({s['removed_synthetic']} of them synthetic).")
        return text

    controls = {
        "method": widgets.ToggleButtons(options=list(methods), value="SMOTEENN", description="method"),
        "overlap": widgets.SelectionSlider(options=overlaps, value=0.4, description="class overlap"),
    }
    return _BlittedDemo("SMOTE, then clean: what the cleaning step removes (synthetic 2-D data)", controls,
                        lambda method, overlap: states[(method, overlap)], draw, describe, fig,
                        note="Black hollow triangles: synthetic points SMOTE made and the cleaning step "
                             "removed; grey crosses: original points it removed.",
                        dynamic=[*artists.values(), ax.title])

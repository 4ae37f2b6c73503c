"""Lesson 09 · The decision guide: ``guide_rules``, the guide's shortlist and reasons for the dataset
characteristics the controls set."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ._live import LiveDemo, _BlittedDemo, new_figure


def guide_rules() -> LiveDemo:
    """Set a dataset's size, imbalance and the learner you must keep; watch the guide's shortlist change.

    Rule-only: each update runs ``guide.shortlist`` and ``guide.cautions`` (a handful of comparisons on the
    grid's committed counts, no fitting) on the values of the controls. Rows follow from the minority count
    and the imbalance ratio (rows = minority x (1 + ratio)). The left panel places the dataset on the rules'
    map (rows against imbalance ratio, both log scale: the forest zone, the large-data zone, and the line
    below which fewer than 50 minority rows make every verdict hard); the right panel lists the shortlist.

    >>> demo = guide_rules()
    >>> demo.update(minority=500, ratio=9, keep="none", overlap=0.1)["names"][0]
    'gradient boosting + cost threshold'
    """
    from matplotlib.ticker import NullLocator

    from ..guide import RULES, cautions, shortlist
    from ..plotting import PALETTE

    def options(values: list, fmt: str) -> list:
        return [(fmt.format(v), v) for v in values]

    controls = {
        "minority": widgets.SelectionSlider(options=options([10, 30, 60, 150, 500, 2_000, 10_000], "{:,}"),
                                            value=500, description="minority rows"),
        "ratio": widgets.SelectionSlider(options=options([2, 5, 9, 19, 40, 150, 500], "{}:1"), value=9,
                                         description="imbalance ratio"),
        "keep": widgets.Dropdown(options=["none", "k-NN", "decision tree", "logistic regression", "random forest"],
                                 value="none", description="must keep"),
        "overlap": widgets.SelectionSlider(options=options([0.0, 0.1, 0.3, 0.5, 0.8], "{:.0%}"), value=0.1,
                                           description="overlap"),
    }
    for c in controls.values():
        c.style = {"description_width": "140px"}
    fig, (ax_map, ax_list) = new_figure(10, 4.6, ncols=2, width_ratios=[1, 1.5])
    ax_map.axvspan(20, RULES["forest_max_rows"], color="#009E73", alpha=0.12, lw=0)
    ax_map.axvspan(RULES["large_rows"], 1e7, color=PALETTE["neutral"], alpha=0.15, lw=0)
    ratios = np.array([1.0, 1000.0])
    ax_map.plot(RULES["min_minority"] * (1 + ratios), ratios, color=PALETTE["neutral"], lw=2, ls="--")
    ax_map.text(30, 1.3, "+ forest", color="#007A5A", fontsize=13, fontweight="bold")
    ax_map.text(2.5e5, 1.3, "+ under-\nsampling", color="#444444", fontsize=12, fontweight="bold")
    ax_map.text(60, 300, "< 50 minority", color=PALETTE["neutral"], fontsize=12, fontweight="bold")
    (point,) = ax_map.plot([], [], "o", color=PALETTE["minority"], markersize=16, markeredgecolor="black")
    ax_map.set(xscale="log", yscale="log", xlim=(20, 1e7), ylim=(1, 1000), xlabel="rows", ylabel="imbalance ratio")
    ax_map.set_xticks([1e2, 1e4, 1e6], ["100", "10k", "1M"])  # plain labels: log-scale mathtext is slow
    ax_map.set_yticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
    ax_map.xaxis.set_minor_locator(NullLocator())
    ax_map.yaxis.set_minor_locator(NullLocator())
    ax_map.grid(False)
    ax_list.set_axis_off()
    lines = [ax_list.text(0.0, 0.95 - 0.15 * i, "", fontsize=13, va="top", ha="left", wrap=False)
             for i in range(6)]
    note = ax_list.text(0.0, 0.02, "", fontsize=12, va="bottom", ha="left", color=PALETTE["neutral"])
    ax_list.set_title("shortlist (bold: start here; grey: experiments)", fontsize=13)
    colours = {"start here": "black", "peer": PALETTE["majority"], "your learner": PALETTE["majority"],
               "experiment": PALETTE["neutral"]}

    def compute(minority: int, ratio: float, keep: str, overlap: float) -> dict:
        rows = int(minority * (1 + ratio))
        profile = {"rows": rows, "minority": minority, "overlap": overlap}
        picks = shortlist(profile, keep=None if keep == "none" else keep)
        return {"rows": rows, "minority": minority, "ratio": ratio, "keep": keep, "overlap": overlap,
                "names": [p[0] for p in picks], "roles": [p[1] for p in picks], "reasons": [p[2] for p in picks],
                "cautions": cautions(profile)}

    def draw(state: dict) -> None:
        point.set_data([state["rows"]], [state["ratio"]])
        ax_map.set_title(f"{state['rows']:,} rows, {state['ratio']}:1", fontsize=16)
        for i, line in enumerate(lines):
            if i < len(state["names"]):
                line.set_text(f"{i + 1}. {state['names'][i]}")
                line.set_color(colours[state["roles"][i]])
                line.set_fontweight("bold" if state["roles"][i] == "start here" else "normal")
            else:
                line.set_text("")
        note.set_text(f"{len(state['cautions'])} caution(s): see the description" if state["cautions"] else "")

    def describe(state: dict) -> str:
        picks = "; ".join(f"{i + 1}. {n} ({role})" for i, (n, role) in enumerate(zip(state["names"], state["roles"])))
        warn = " ".join(state["cautions"])
        return (f"A dataset of <b>{state['rows']:,}</b> rows with <b>{state['minority']:,}</b> minority rows "
                f"({state['ratio']}:1), overlap {state['overlap']:.0%}, learner you must keep: {state['keep']}. "
                f"Shortlist: {picks}." + (f" <i>Caution:</i> {warn}" if warn else "")
                + " (guide.shortlist(...) prints each candidate's reasons.)")

    return _BlittedDemo("The decision guide: set the data's size and your constraints, read the shortlist and why",
                        controls, compute, draw, describe, fig,
                        note="Rules only (helpers.guide.shortlist, whose reasons quote the evidence grid), nothing "
                             "is fitted: whether a candidate wins on your data is measured in the notebook.",
                        dynamic=[point, ax_map.title, *lines, note], dpi=72)

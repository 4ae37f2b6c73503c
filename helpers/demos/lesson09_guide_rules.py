"""Lesson 09 · The decision guide (also used in lesson 10, the case study): ``guide_rules``, the
guide's shortlist and reasons for the dataset characteristics the controls set."""

from __future__ import annotations

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, new_figure


def guide_rules() -> LiveDemo:
    """Set a dataset's characteristics and watch the decision guide's shortlist and reasons change.

    Rule-only: each update runs ``guide.shortlist`` (a handful of comparisons, no fitting) on the
    values of the controls. Rows follow from the minority count and the imbalance ratio
    (rows = minority x (1 + ratio)). The left panel places the dataset on the rules' map (rows
    against imbalance ratio, both log scale); the right panel lists the shortlist, top pick first.

    >>> demo = guide_rules()
    >>> demo.update(minority=500, ratio=9, columns=20, overlap=0.1, noise=0.0)["names"][0]
    'balanced random forest'
    """
    from matplotlib.ticker import NullLocator

    from ..guide import RULES, shortlist
    from ..plotting import PALETTE

    def options(values: list, fmt: str) -> list:
        return [(fmt.format(v), v) for v in values]

    controls = {
        "minority": widgets.SelectionSlider(options=options([10, 30, 60, 150, 500, 2_000, 10_000], "{:,}"),
                                            value=500, description="minority rows"),
        "ratio": widgets.SelectionSlider(options=options([2, 5, 9, 19, 40, 150, 500], "{}:1"), value=9,
                                         description="imbalance ratio"),
        "columns": widgets.SelectionSlider(options=options([5, 20, 60, 120, 300], "{}"), value=20,
                                           description="columns (one-hot)"),
        "overlap": widgets.SelectionSlider(options=options([0.0, 0.1, 0.2, 0.3, 0.5, 0.8], "{:.0%}"), value=0.1,
                                           description="class overlap"),
        "noise": widgets.SelectionSlider(options=options([0.0, 0.02, 0.05, 0.1], "{:.0%}"), value=0.0,
                                         description="label noise"),
    }
    for c in controls.values():
        c.style = {"description_width": "140px"}
    fig, (ax_map, ax_list) = new_figure(10, 4.6, ncols=2, width_ratios=[1, 1.5])
    lo, hi = RULES["forest_rows"]
    ax_map.axvspan(lo, hi, color="#009E73", alpha=0.15, lw=0)
    ax_map.axhspan(1, RULES["smote_max_ratio"], color=PALETTE["synthetic"], alpha=0.15, lw=0)
    ax_map.axhline(RULES["extreme_ratio"], color=PALETTE["neutral"], lw=2, ls="--")
    ax_map.axvline(RULES["massive_rows"], color=PALETTE["neutral"], lw=2, ls="--")
    ax_map.text(1.5e3, 1.3, "forest", color="#009E73", fontsize=13, fontweight="bold")
    ax_map.text(40, 3, "SMOTE zone", color="#B07000", fontsize=13, fontweight="bold")
    ax_map.text(40, 130, "extreme", color=PALETTE["neutral"], fontsize=13, fontweight="bold")
    (point,) = ax_map.plot([], [], "o", color=PALETTE["minority"], markersize=16, markeredgecolor="black")
    ax_map.set(xscale="log", yscale="log", xlim=(20, 1e7), ylim=(1, 1000), xlabel="rows", ylabel="imbalance ratio")
    ax_map.set_xticks([1e2, 1e4, 1e6], ["100", "10k", "1M"])  # plain labels: log-scale mathtext is slow
    ax_map.set_yticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
    ax_map.xaxis.set_minor_locator(NullLocator())
    ax_map.yaxis.set_minor_locator(NullLocator())
    ax_map.grid(False)
    ax_list.set_axis_off()
    lines = [ax_list.text(0.0, 0.92 - 0.2 * i, "", fontsize=14, va="top", ha="left", wrap=False)
             for i in range(5)]
    ax_list.set_title("shortlist (bold: resampling; blue: baselines)", fontsize=14)

    def compute(minority: int, ratio: float, columns: int, overlap: float, noise: float) -> dict:
        rows = int(minority * (1 + ratio))
        profile = {"rows": rows, "encoded_columns": columns, "minority": minority, "imbalance_ratio": ratio,
                   "overlap": overlap, "noise": noise}
        picks = shortlist(profile)
        return {"rows": rows, "minority": minority, "ratio": ratio, "columns": columns, "overlap": overlap,
                "noise": noise, "names": [n for n, _ in picks], "reasons": [r for _, r in picks]}

    def draw(state: dict) -> None:
        point.set_data([state["rows"]], [state["ratio"]])
        ax_map.set_title(f"{state['rows']:,} rows, {state['ratio']}:1", fontsize=16)
        for i, line in enumerate(lines):
            if i < len(state["names"]):
                name, baseline = state["names"][i], state["names"][i] in ("class weights", "tuned threshold")
                line.set_text(f"{i + 1}. {name}")
                line.set_color(PALETTE["majority"] if baseline else PALETTE["minority"])
                line.set_fontweight("normal" if baseline else "bold")
            else:
                line.set_text("")

    def describe(state: dict) -> str:
        items = "".join(f"<li><b>{n}</b>: {'; '.join(r)}</li>" for n, r in zip(state["names"], state["reasons"]))
        return (f"A dataset of <b>{state['rows']:,}</b> rows with <b>{state['minority']:,}</b> minority rows "
                f"({state['ratio']}:1), {state['columns']} encoded columns, overlap {state['overlap']:.0%}, label "
                f"noise {state['noise']:.0%}. Top pick: <b>{state['names'][0]}</b>.<ol>{items}</ol>")

    return _BlittedDemo("The decision guide: set the data's characteristics, read the shortlist and why",
                        controls, compute, draw, describe, fig,
                        note="Rules only (helpers.guide.shortlist), nothing is fitted: whether a pick actually "
                             "wins is measured in the notebook.",
                        dynamic=[point, ax_map.title, *lines], dpi=72)

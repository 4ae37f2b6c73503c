"""Live demos for instructors: move a control, the picture and the numbers follow at once.

Every demo is a ``LiveDemo``: a few ipywidgets controls, a picture and a readout. Its ``update``
method is plain Python (no browser needed), so tests and benchmarks drive it directly:

>>> demo = LiveDemo.example()
>>> demo.update(n=3)["square"]
9

How a demo stays instant and never throws:
- Expensive work (fits, scores) happens once, when the demo is built; ``compute`` only looks up.
- The picture is a fixed matplotlib Figure whose artists are updated in place, rendered to PNG and
  pushed into an ``ipywidgets.Image`` (no flicker, no output-area messages).
- Errors inside a callback are caught and shown in the readout (and kept in ``demo.errors``),
  never as a traceback in front of the room.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .plotting import kit_rc

PROJECTOR_CSS = "font-size: 18px; line-height: 1.5;"


def new_figure(width: float = 10, height: float = 4.5, ncols: int = 1, **subplot_kw: Any) -> tuple[Figure, Any]:
    """A matplotlib Figure that pyplot does not manage (so Jupyter never shows it twice).

    Uses the kit's projector style (large fonts). Returns ``(fig, axes)``.
    """
    import matplotlib as mpl

    with mpl.rc_context(kit_rc(projector=True)):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, ncols, **subplot_kw)
    return fig, axes


class LiveDemo:
    """Controls + picture + readout, wired so that moving a control calls ``update``.

    controls: name -> ipywidgets control (its ``value`` is passed to ``compute`` under that name).
    compute:  ``compute(**values) -> dict`` of results; must be fast (precompute in the builder).
    draw:     ``draw(state) -> None`` updates the figure's artists from that dict.
    describe: ``describe(state) -> str`` HTML for the readout under the picture.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[..., dict],
        draw: Callable[[dict], None],
        describe: Callable[[dict], str],
        figure: Figure,
        note: str = "",
    ):
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.describe = describe
        self.figure = figure
        self.errors: list[str] = []
        self.last_state: dict = {}
        self.timings: list[float] = []
        self._silent = False
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.readout = widgets.HTML(layout=widgets.Layout(min_height="3em"))
        header = widgets.HTML(f"<div style='{PROJECTOR_CSS} font-weight: bold;'>{title}</div>"
                              + (f"<div style='font-size: 15px;'>{note}</div>" if note else ""))
        for control in self.controls.values():
            control.style.description_width = "initial"
            control.layout.width = control.layout.width or "480px"
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([header, widgets.HBox(list(self.controls.values()),
                                                         layout=widgets.Layout(flex_flow="row wrap")),
                                    self.image, self.readout])
        self.update()

    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> dict:
        """Set any controls given, recompute, redraw; return the state dict (raises on bad values)."""
        start = time.perf_counter()
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"Unknown control(s) {sorted(unknown)}; this demo has {sorted(self.controls)}.")
        self._silent = True  # setting values here must not re-enter update via the observer
        try:
            for name, value in values.items():
                self.controls[name].value = value
                if self.controls[name].value != value:
                    raise ValueError(f"{name}={value!r} is outside what the control allows "
                                     f"(it holds {self.controls[name].value!r}).")
        finally:
            self._silent = False
        state = self.compute(**self.values)
        self.draw(state)
        self.image.value = self.render_png()
        self.readout.value = f"<div style='{PROJECTOR_CSS}'>{self.describe(state)}</div>"
        self.last_state = state
        self.timings.append(time.perf_counter() - start)
        return state

    def render_png(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=72)
        return buf.getvalue()

    def _on_change(self, change: dict) -> None:
        if self._silent:
            return
        try:
            self.update()
        except Exception as err:  # a live demo must never throw in front of the room
            message = f"{type(err).__name__}: {err}"
            self.errors.append(message)
            self.readout.value = (f"<div style='{PROJECTOR_CSS} color: #D55E00;'>This setting could not be "
                                  f"shown ({message}). Move the control again.</div>")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"Live demo: {self.title} (open in JupyterLab to move the controls)"
        return bundle

    @classmethod
    def example(cls) -> LiveDemo:
        """A tiny demo (a number and its square) that shows how the pieces fit together."""
        fig, ax = new_figure(4, 3)
        (point,) = ax.plot([0], [0], "o", color="#D55E00", markersize=12)
        ax.set(xlim=(0, 10), ylim=(0, 100), xlabel="n", ylabel="n squared")
        slider = widgets.IntSlider(value=2, min=0, max=10, description="n")

        def draw(state: dict) -> None:
            point.set_data([state["n"]], [state["square"]])

        return cls("Squares", {"n": slider}, lambda n: {"n": n, "square": n * n}, draw,
                   lambda s: f"{s['n']} squared is {s['square']}", fig)


# ---------------------------------------------------------------------------------------------------
# Lesson 01 · The accuracy trap
# ---------------------------------------------------------------------------------------------------

def accuracy_trap() -> LiveDemo:
    """Slide the minority share from 50% to 0.5%: accuracy climbs while minority recall collapses.

    SYNTHETIC 2-D data (``datasets.make_synthetic_2d``, overlap 0.5); at each share a plain logistic
    regression is fitted on 2,000 rows and scored on 20,000 fresh rows with the same share. All eight
    fits happen when the demo is built (``metrics.trap_step``); moving the slider only looks them up.

    >>> demo = accuracy_trap()
    >>> demo.update(share=0.01)["always_no_accuracy"]
    0.99
    """
    import numpy as np

    from .metrics import TRAP_SHARES, trap_step
    from .plotting import PALETTE

    steps = [trap_step(s) for s in TRAP_SHARES]
    labels = [f"{s:.1%}".replace(".0%", "%") for s in TRAP_SHARES]
    slider = widgets.SelectionSlider(options=list(zip(labels, TRAP_SHARES)), value=TRAP_SHARES[0],
                                     description="minority share", continuous_update=True)
    fig, (ax_data, ax_metrics) = new_figure(13, 5.2, ncols=2, width_ratios=[1, 1.35])
    # left: the training data and the model's decision boundary (where P(minority) = 0.5)
    majority = ax_data.scatter([], [], s=8, color=PALETTE["majority"], alpha=0.35)
    minority = ax_data.scatter([], [], s=28, color=PALETTE["minority"], edgecolor="white", linewidth=0.4)
    (boundary,) = ax_data.plot([], [], color="black", lw=2.5, ls="--")
    ax_data.set(xlim=(-3.5, 4.5), ylim=(-3.5, 3.5), xlabel="x1", ylabel="x2", xticks=[], yticks=[])
    ax_data.grid(False)  # few artists and no legend boxes: each picture renders faster
    _text_legend(ax_data, [("majority", PALETTE["majority"]), ("minority", PALETTE["minority"]),
                           ("- - model's boundary", "black")], x=0.02, y=0.76)
    # right: the three numbers at every share seen so far
    x = np.arange(len(steps))
    series = {"always_no_accuracy": ("'always no' accuracy", PALETTE["neutral"], "--", "s"),
              "accuracy": ("model accuracy", PALETTE["majority"], "-", "o"),
              "recall": ("model recall (minority)", PALETTE["minority"], "-", "o")}
    lines = {}
    for key, (label, color, ls, marker) in series.items():
        (lines[key],) = ax_metrics.plot([], [], ls=ls, marker=marker, color=color, lw=3, markersize=9)
    ax_metrics.set(xlim=(-0.3, len(steps) - 0.7), ylim=(-0.03, 1.05), xlabel="minority share (rarer to the right)")
    ax_metrics.set_xticks(x, labels)
    ax_metrics.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax_metrics.grid(axis="x", visible=False)
    _text_legend(ax_metrics, [(label, color) for label, color, _, _ in series.values()], x=0.03, y=0.04)
    grid = np.linspace(-3.5, 4.5, 2)

    def compute(share: float) -> dict:
        i = TRAP_SHARES.index(share)
        return {"index": i, **{k: v for k, v in steps[i].items() if k not in ("X", "y", "model")}}

    def draw(state: dict) -> None:
        step = steps[state["index"]]
        X, y = step["X"].to_numpy(), step["y"].to_numpy()
        majority.set_offsets(X[y == 0])
        minority.set_offsets(X[y == 1])
        (w1, w2), b = step["model"].coef_[0], step["model"].intercept_[0]
        boundary.set_data(grid, -(b + w1 * grid) / w2)
        ax_data.set_title(f"training data: {int(y.sum()):,} minority in {len(y):,}", fontsize=17)
        upto = state["index"] + 1
        for key in series:
            lines[key].set_data(x[:upto], [s[key] for s in steps[:upto]])
        ax_metrics.set_title(f"accuracy {state['accuracy']:.1%}, recall {state['recall']:.2f}", fontsize=18,
                             fontweight="bold")

    def describe(state: dict) -> str:
        return (f"Minority share {state['share']:.1%}: always saying 'no' is right "
                f"<b>{state['always_no_accuracy']:.1%}</b> of the time; the model is right "
                f"<b>{state['accuracy']:.1%}</b> of the time but finds only <b>{state['found']}</b> of "
                f"{state['test_minority']:,} minority cases (recall <b>{state['recall']:.2f}</b>).")

    demo = LiveDemo("The accuracy trap: as the minority gets rarer, accuracy climbs while recall collapses",
                    {"share": slider}, compute, draw, describe,
                    fig, note="SYNTHETIC 2-D data. One logistic regression per share, fitted when the demo was "
                              "built; scores on 20,000 fresh rows with the same share.")
    return _freeze_layout(demo)


def _text_legend(ax: Any, entries: list[tuple[str, str]], x: float, y: float, fontsize: int = 15) -> None:
    """Coloured labels stacked upwards from (x, y) in axes coordinates: a legend that renders faster."""
    for i, (label, color) in enumerate(reversed(entries)):
        ax.text(x, y + 0.085 * i, label, transform=ax.transAxes, color=color, fontsize=fontsize,
                fontweight="bold", ha="left", va="bottom",
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})


def _freeze_layout(demo: LiveDemo) -> LiveDemo:
    """Keep the layout of the demo's first picture, so each later PNG is drawn once, not twice.

    With a layout engine attached, ``savefig`` draws the figure an extra time to lay it out; a demo
    whose axes limits are fixed gains nothing from that, and renders about a third faster without it.
    """
    demo.figure.set_layout_engine(None)
    return demo


# ---------------------------------------------------------------------------------------------------
# Lesson 02 · Metrics that matter
# ---------------------------------------------------------------------------------------------------

def threshold_costs(dataset: str = "thyroid") -> LiveDemo:
    """Move the decision threshold of a fitted model and price its mistakes.

    A plain logistic regression scores every row of a shipped dataset out of fold, once, when the demo
    is built (``metrics.plain_model_scores``). The threshold slider turns those scores into decisions;
    two sliders set what a missed positive and a false alarm cost. The picture shows the confusion
    matrix, precision and recall, and the expected cost per case, with the cheapest threshold marked.

    >>> demo = threshold_costs()
    >>> state = demo.update(threshold=0.5, cost_miss=1, cost_false_alarm=1)
    >>> state["tp"] + state["fn"]
    151
    """
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    from .datasets import info
    from .metrics import cheapest_threshold, expected_cost, plain_model_scores, threshold_table
    from .plotting import PALETTE

    y, scores = plain_model_scores(dataset)
    table = threshold_table(y, scores)
    t = table["threshold"].to_numpy()
    counts = table[["tn", "fp", "fn", "tp"]].to_numpy()
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    controls = {
        "threshold": widgets.FloatSlider(value=0.5, min=0.01, max=0.99, step=0.01, description="threshold",
                                         readout_format=".2f"),
        "cost_miss": widgets.IntSlider(value=10, min=1, max=50, description="cost of a missed positive"),
        "cost_false_alarm": widgets.IntSlider(value=1, min=1, max=10, description="cost of a false alarm"),
    }
    fig, (ax_cm, ax_pr, ax_cost) = new_figure(15, 4.8, ncols=3, width_ratios=[0.8, 1, 1])
    # confusion matrix: colour by row share (so the rare row is readable), text shows the counts
    image = ax_cm.imshow(np.zeros((2, 2)), cmap="Blues", vmin=0, vmax=1)
    cells = [[ax_cm.text(j, i, "", ha="center", va="center", fontsize=20, fontweight="bold") for j in range(2)]
             for i in range(2)]
    ax_cm.set_xticks([0, 1], ["no", "yes"])
    ax_cm.set_yticks([0, 1], ["no", "yes"])
    ax_cm.set(xlabel="predicted positive?", ylabel="actually positive?")
    ax_cm.grid(False)
    # precision and recall against the threshold
    end = {key: float(table[key].iat[-3]) for key in ("precision", "recall")}  # values near threshold 0.97
    for key, color in (("precision", PALETTE["majority"]), ("recall", PALETTE["minority"])):
        ax_pr.plot(t, table[key], color=color, lw=3)  # labelled at the line's end: cheaper than a legend
        above = end[key] >= max(end.values())
        ax_pr.text(0.97, end[key] + (0.04 if above else -0.06), key, color=color, fontsize=16,
                   fontweight="bold", ha="right", va="bottom" if above else "top")
    ax_pr.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="threshold", yticks=[0, 0.5, 1], xticks=[0, 0.5, 1])
    # expected cost against the threshold
    (cost_line,) = ax_cost.plot(t, np.zeros_like(t), color=PALETTE["neutral"], lw=3)
    (best_marker,) = ax_cost.plot([], [], "*", color="#009E73", markersize=24)
    ax_cost.set(xlim=(0, 1), xlabel="threshold", ylabel="cost per case", xticks=[0, 0.5, 1])
    ax_cost.yaxis.set_major_locator(MaxNLocator(4))
    marks = [ax.axvline(0.5, color="black", lw=2, ls="--") for ax in (ax_pr, ax_cost)]

    def compute(threshold: float, cost_miss: int, cost_false_alarm: int) -> dict:
        i = int(np.argmin(np.abs(t - threshold)))
        cost = expected_cost(table, cost_miss, cost_false_alarm).to_numpy()
        best = cheapest_threshold(table, cost_miss, cost_false_alarm)
        tn, fp, fn, tp = (int(v) for v in counts[i])
        return {"threshold": float(t[i]), "tn": tn, "fp": fp, "fn": fn, "tp": tp,
                "precision": float(table["precision"].iat[i]), "recall": float(table["recall"].iat[i]),
                "cost": float(cost[i]), "cost_curve": cost, "best_threshold": best,
                "best_cost": float(cost.min()), "cost_miss": cost_miss, "cost_false_alarm": cost_false_alarm}

    def draw(state: dict) -> None:
        matrix = np.array([[state["tn"], state["fp"]], [state["fn"], state["tp"]]])
        image.set_data(matrix / np.array([[n_neg], [n_pos]]))
        for i in range(2):
            for j in range(2):
                share = matrix[i, j] / (n_neg, n_pos)[i]
                cells[i][j].set_text(f"{matrix[i, j]:,}")
                cells[i][j].set_color("white" if share > 0.5 else "black")
        ax_cm.set_title(f"threshold {state['threshold']:.2f}", fontsize=17)
        ax_pr.set_title(f"precision {state['precision']:.2f}, recall {state['recall']:.2f}", fontsize=17)
        cost = state["cost_curve"]
        cost_line.set_ydata(cost)
        ax_cost.set_ylim(0, float(cost.max()) * 1.08)
        best_marker.set_data([state["best_threshold"]], [state["best_cost"]])
        ax_cost.set_title(f"cost {state['cost']:.3f}; \u2605 cheapest {state['best_cost']:.3f} at "
                          f"{state['best_threshold']:.2f}", fontsize=17)
        for line in marks:
            line.set_xdata([state["threshold"], state["threshold"]])

    def describe(state: dict) -> str:
        return (f"At threshold {state['threshold']:.2f} the model finds <b>{state['tp']}</b> of {n_pos} positives "
                f"(recall {state['recall']:.2f}) and raises <b>{state['fp']}</b> false alarms (precision "
                f"{state['precision']:.2f}). With a miss costing {state['cost_miss']} and a false alarm "
                f"{state['cost_false_alarm']}, the expected cost is <b>{state['cost']:.3f}</b> per case; "
                f"the cheapest threshold is <b>{state['best_threshold']:.2f}</b> ({state['best_cost']:.3f}).")

    demo = LiveDemo(f"{info(dataset).title}: where to draw the line depends on what the mistakes cost",
                    controls, compute, draw, describe, fig,
                    note=f"Out-of-fold scores of a plain logistic regression on the real '{dataset}' data "
                         f"({n_pos} positives, {n_neg:,} negatives), computed once when the demo was built.")
    return _freeze_layout(demo)


# ---------------------------------------------------------------------------------------------------
# Lesson 09 · The decision guide
# ---------------------------------------------------------------------------------------------------

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

    from .guide import RULES, shortlist
    from .plotting import PALETTE

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

    def compute(minority: int, ratio: float, columns: int, overlap: float, noise: float) -> dict:
        rows = int(minority * (1 + ratio))
        profile = {"rows": rows, "encoded_columns": columns, "minority": minority, "imbalance_ratio": ratio,
                   "overlap": overlap, "noise": noise}
        picks = shortlist(profile)
        return {"rows": rows, "minority": minority, "ratio": ratio, "names": [n for n, _ in picks],
                "reasons": [r for _, r in picks]}

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
        ax_list.set_title("shortlist (bold: resampling; blue: baselines)", fontsize=14)

    def describe(state: dict) -> str:
        items = "".join(f"<li><b>{n}</b>: {'; '.join(r)}</li>" for n, r in zip(state["names"], state["reasons"]))
        return (f"A dataset of <b>{state['rows']:,}</b> rows with <b>{state['minority']:,}</b> minority rows "
                f"({state['ratio']}:1). Top pick: <b>{state['names'][0]}</b>.<ol>{items}</ol>")

    demo = LiveDemo("The decision guide: set the data's characteristics, read the shortlist and why",
                    controls, compute, draw, describe, fig,
                    note="Rules only (helpers.guide.shortlist), nothing is fitted: whether a pick actually wins "
                         "is measured in the notebook.")
    return _freeze_layout(demo)

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
            control.add_class("kit-demo-control")
        self.widget = widgets.VBox([header, widgets.HBox(list(self.controls.values()),
                                                         layout=widgets.Layout(flex_flow="row wrap")),
                                    self.image, self.readout])
        # CSS classes the real-browser test (tests/test_browser.py) finds a demo's parts by
        self.widget.add_class("kit-live-demo")
        self.image.add_class("kit-demo-image")
        self.readout.add_class("kit-demo-readout")
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

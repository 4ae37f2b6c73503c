"""The live-demo machinery (the lesson demos built on it are the ``lessonNN_*`` modules beside this one):
move a control, the picture and the numbers follow at once.

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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plotting import kit_rc

PROJECTOR_CSS = "font-size: 18px; line-height: 1.5;"
PNG_COMPRESS_LEVEL = 1  # zlib level for the demo pictures: fastest encode, same pixels


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
        # CSS classes the real-browser test (tests/course/test_browser.py) finds a demo's parts by
        self.widget.add_class("kit-live-demo")
        self.image.add_class("kit-demo-image")
        self.readout.add_class("kit-demo-readout")
        self._png = io.BytesIO()  # reused by every render
        self.update()
        # The first render laid the figure out; keep that layout, so each
        # later PNG is drawn once, not twice (a layout engine re-solves the layout on every savefig).
        self.figure.set_layout_engine(None)

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
        """The figure as PNG bytes, at 72 dpi.

        zlib level 1 (PNG is lossless: the same pixels as the default level 6) encodes about 40%
        faster for a PNG about 6% larger, which a localhost or Binder websocket carries in no time.
        """
        self._png.seek(0)
        self._png.truncate()
        self.figure.savefig(self._png, format="png", dpi=72, pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
        return self._png.getvalue()

    def stills(self, *settings: Mapping[str, Any], captions: Sequence[str] | None = None) -> Figure:
        """The demo's picture at each of ``settings`` (dicts of control values), stacked in one figure with
        its readout under each: the demo for a reader without a kernel (a static viewer, a printout).

        The controls are put back where they were afterwards. ``captions`` replaces the default titles
        (the settings written out).

        >>> demo = LiveDemo.example()
        >>> fig = demo.stills({"n": 3}, {"n": 8})
        >>> len(fig.axes), demo.values["n"]
        (2, 2)
        """
        import html
        import re
        import textwrap

        import matplotlib.pyplot as plt
        from PIL import Image

        if not settings:
            raise ValueError("Give at least one setting, such as demo.stills({'share': 0.5}, {'share': 0.01}).")
        if captions is not None and len(captions) != len(settings):
            raise ValueError(f"Give one caption per setting: {len(settings)} settings, {len(captions)} captions.")
        before = self.values
        pictures, titles = [], []
        try:
            for i, setting in enumerate(settings):
                state = self.update(**setting)
                pictures.append(np.asarray(Image.open(io.BytesIO(self.image.value)).convert("RGB")))
                said = re.sub(r"<br\s*/?>", " ", self.describe(state))  # line breaks become spaces,
                said = html.unescape(re.sub(r"<[^>]+>", "", said))  # other tags go without leaving a gap
                said = " ".join(said.split())
                head = captions[i] if captions is not None else ", ".join(f"{k} = {v}" for k, v in setting.items())
                titles.append(head + "\n" + "\n".join(textwrap.wrap(said, 110)))
        finally:
            self.update(**before)
        height, width = pictures[0].shape[:2]
        fig, axes = plt.subplots(len(pictures), 1, figsize=(width / 80, len(pictures) * (height / 80 + 0.9)),
                                 squeeze=False)
        for ax, picture, title in zip(axes[:, 0], pictures, titles):
            ax.imshow(picture)
            ax.set_title(title, fontsize=10, loc="left")
            ax.axis("off")
        fig.tight_layout()
        return fig

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


class _BlittedDemo(LiveDemo):
    """A LiveDemo that draws its fixed parts once and, on each update, only the artists that change.

    ``dynamic`` lists the artists ``draw`` changes (scatter offsets, segments, titles); everything
    else (axes, ticks, legend, the data that never moves) is rendered once into a background image,
    so an update costs the few changing artists plus the PNG encoding. ``draw`` must change nothing
    but the ``dynamic`` artists (no new artists; axis limits only of an axes whose ``xaxis``/``yaxis``
    is itself dynamic). They are drawn in the order listed, over the background: list them bottom to
    top. ``dpi`` sets the picture's resolution (100: 800 px wide for an 8-inch figure).

    ``hold_left=(axes, control_names, artists)``: the dynamic ``artists`` drawn left of the right edge of
    ``axes`` depend only on those controls; while they stay put, that strip of the last picture is
    reused and only the rest is redrawn (every other dynamic artist must lie right of that edge).
    Used by every demo of the course (lessons 01-09).
    """

    def __init__(self, *args: Any, dynamic: list, dpi: float = 100, hold_left: tuple | None = None,
                 **kwargs: Any):
        self._dynamic = list(dynamic)
        self._dpi = dpi
        self._background = None
        self._hold_left = hold_left
        self._left: tuple | None = None  # (control values, saved strip) of the last full picture
        for artist in self._dynamic:
            artist.set_animated(True)  # left out of the background
        super().__init__(*args, **kwargs)

    def render_png(self) -> bytes:
        from PIL import Image

        canvas = self.figure.canvas
        if self._background is None:
            self.figure.set_dpi(self._dpi)
            canvas.draw()  # lays the figure out once, without the dynamic artists
            self.figure.set_layout_engine("none")  # keep that layout: later draws must match it
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        artists = self._dynamic
        if self._hold_left is not None:
            from matplotlib.transforms import Bbox

            axes, names, left_artists = self._hold_left
            key = tuple(self.values[name] for name in names)
            if self._left is not None and self._left[0] == key:
                canvas.restore_region(self._left[1])  # that strip of the last picture, unchanged
                artists = [a for a in artists if not any(a is b for b in left_artists)]
            else:
                for artist in left_artists:
                    artist.draw(renderer)
                strip = Bbox.from_extents(0, 0, int(axes.bbox.x1) + 1, self.figure.bbox.height)
                self._left = (key, canvas.copy_from_bbox(strip))
                artists = [a for a in artists if not any(a is b for b in left_artists)]
        for artist in artists:
            artist.draw(renderer)
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        image = image.convert("RGB")  # the figure is opaque: same pixels, ~25% faster to encode, smaller PNG
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()


def _text_legend(ax: Any, entries: list[tuple[str, str]], x: float, y: float, fontsize: int = 15) -> list:
    """Coloured labels stacked upwards from (x, y) in axes coordinates: a legend that renders faster.

    Returns the Text artists (a blitted demo lists them as dynamic where data may pass under them).
    """
    return [ax.text(x, y + 0.085 * i, label, transform=ax.transAxes, color=color, fontsize=fontsize,
                    fontweight="bold", ha="left", va="bottom",
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})
            for i, (label, color) in enumerate(reversed(entries))]


def _legible_legend(ax: Any, loc: str, fontsize: int = 13) -> None:
    """A legend whose markers are big and opaque enough to read from the back of the room."""
    legend = ax.legend(loc=loc, fontsize=fontsize, framealpha=0.9)
    for handle in legend.legend_handles:
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([max(60.0, float(handle.get_sizes()[0]) if len(handle.get_sizes()) else 60.0)])
            handle.set_alpha(1.0)

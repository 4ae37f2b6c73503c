"""The demos of lessons 01, 02 and 06-09 redraw only what changes: each picture must equal a full redraw.

Like ``test_blitted_picture_matches_a_full_render`` below, but after every one of
several moves (threshold_costs also reuses its left strip while only the costs move: checked too).
"""

import io

import numpy as np
import pytest
from PIL import Image

from helpers import demos


def _full_render(demo: demos.LiveDemo) -> np.ndarray:
    """The figure drawn from scratch, every artist included (as a plain LiveDemo would draw it)."""
    for artist in demo._dynamic:
        artist.set_animated(False)
    try:
        buf = io.BytesIO()
        demo.figure.savefig(buf, format="png", dpi=demo.figure.dpi)
    finally:
        for artist in demo._dynamic:
            artist.set_animated(True)
    return np.asarray(Image.open(buf).convert("RGB"), dtype=float)


MOVES = {
    "accuracy_trap": [{"share": 0.3}, {"share": 0.05}, {"share": 0.005}, {"share": 0.5}],
    "threshold_costs": [{"threshold": 0.2}, {"cost_miss": 50}, {"cost_false_alarm": 10}, {"cost_miss": 1},
                        {"threshold": 0.9, "cost_false_alarm": 1}, {"cost_miss": 25}],
    "undersampling_calibration": [{"beta": 0.5}, {"beta": 0.11}, {"beta": 1.0}],
    "balanced_forest_strategy": [{"sampling_strategy": 0.05}, {"sampling_strategy": 0.5},
                                 {"sampling_strategy": 1.0}],
    "leakage_toggle": [{"protocol": "resample inside the pipeline"}, {"protocol": "resample, then cross-validate"}],
    # guide_rules: moves that change the shortlist or the point (columns alone may change only the readout)
    "guide_rules": [{"minority": 10}, {"ratio": 500}, {"minority": 150, "ratio": 9, "keep": "k-NN"},
                    {"minority": 10_000, "ratio": 40, "keep": "none"}],
}


# pixels allowed to differ by more than 30/255: where a redrawn artist now lies over a fixed one it used to
# lie under (threshold_costs: the matrix image over its axes' left spine; lesson 08: a tick mark end)
ALLOWED = {"accuracy_trap": 0, "threshold_costs": 300, "undersampling_calibration": 50,
           "balanced_forest_strategy": 0, "leakage_toggle": 0, "guide_rules": 0}


@pytest.mark.parametrize("name", sorted(MOVES))
def test_blitted_picture_matches_a_full_render_after_every_move(name):
    demo = getattr(demos, name)()
    assert isinstance(demo, demos._BlittedDemo)
    previous = demo.image.value
    for move in MOVES[name]:
        demo.update(**move)
        assert demo.image.value != previous, f"{move} changed nothing in the picture"
        previous = demo.image.value
        fast = np.asarray(Image.open(io.BytesIO(demo.image.value)).convert("RGB"), dtype=float)
        full = _full_render(demo)
        assert fast.shape == full.shape
        differ = int((np.abs(fast - full).max(axis=2) > 30).sum())
        assert np.abs(fast - full).mean() < 1.0 and differ <= ALLOWED[name], (
            f"{name} after {move}: only drawing order may differ, by a few pixels ({differ} differ)")
    assert demo.errors == []


def test_pictures_keep_their_size():
    """Blitting must not change the pictures' resolution (72 dpi, as these demos were before)."""
    for name, (width, height) in {"accuracy_trap": (936, 374), "threshold_costs": (1080, 345),
                                  "undersampling_calibration": (684, 302),
                                  "balanced_forest_strategy": (504, 288), "leakage_toggle": (576, 331),
                                  "guide_rules": (720, 331)}.items():
        assert Image.open(io.BytesIO(getattr(demos, name)().image.value)).size == (width, height)


@pytest.mark.parametrize("builder", [demos.smote_neighbours, demos.nearmiss_versions, demos.smote_cleaning])
def test_lessons_03_05_blitted_picture_matches_a_full_render(builder):
    """The demos of lessons 03-05 redraw only what changes; the picture must equal a full redraw."""
    import io

    import numpy as np
    from PIL import Image

    demo = builder()
    first = demo.image.value
    for name, control in demo.controls.items():  # move every control to its last option
        demo.update(**{name: list(control.options)[-1] if not isinstance(control.options[0], tuple)
                       else control.options[-1][1]})
    assert demo.image.value != first
    blitted = np.asarray(Image.open(io.BytesIO(demo.image.value)).convert("RGB"), dtype=float)
    for artist in demo._dynamic:
        artist.set_animated(False)
    buf = io.BytesIO()
    demo.figure.savefig(buf, format="png", dpi=demo.figure.dpi)
    full = np.asarray(Image.open(buf).convert("RGB"), dtype=float)
    assert blitted.shape == full.shape
    assert np.abs(blitted - full).mean() < 1.0, "only drawing order may differ, by a few pixels"

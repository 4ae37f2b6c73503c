"""helpers.demos: the LiveDemo machinery works without a browser and never throws at the audience."""

import ipywidgets as widgets
import pytest

from helpers import demos


def test_update_changes_state_picture_and_readout():
    demo = demos.LiveDemo.example()
    first_png, first_text = demo.image.value, demo.readout.value
    state = demo.update(n=7)
    assert state == {"n": 7, "square": 49}
    assert demo.controls["n"].value == 7
    assert demo.image.value != first_png and bytes(demo.image.value).startswith(b"\x89PNG")
    assert "49" in demo.readout.value and demo.readout.value != first_text


def test_moving_the_control_updates_through_the_observer():
    demo = demos.LiveDemo.example()
    demo.controls["n"].value = 5
    assert demo.last_state["square"] == 25 and demo.errors == []


def test_bad_values_raise_in_update():
    demo = demos.LiveDemo.example()
    with pytest.raises(ValueError, match="Unknown control"):
        demo.update(m=3)
    with pytest.raises(ValueError, match="outside what the control allows"):
        demo.update(n=99)


def test_errors_in_a_callback_are_shown_not_raised():
    fig, ax = demos.new_figure(3, 2)
    slider = widgets.IntSlider(value=1, min=0, max=3)

    def compute(n):
        if n == 0:
            raise ZeroDivisionError("no")
        return {"n": n}

    demo = demos.LiveDemo("t", {"n": slider}, compute, lambda s: None, lambda s: str(s["n"]), fig)
    slider.value = 0  # as if the instructor moved the slider
    assert demo.errors == ["ZeroDivisionError: no"]
    assert "could not be shown" in demo.readout.value
    slider.value = 2
    assert demo.last_state == {"n": 2}


def test_text_repr_is_stable_for_saved_notebooks():
    bundle = demos.LiveDemo.example()._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Live demo: Squares")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_demo_parts_carry_the_css_classes_the_browser_test_finds_them_by():
    demo = demos.LiveDemo.example()
    assert "kit-live-demo" in demo.widget._dom_classes
    assert "kit-demo-image" in demo.image._dom_classes and "kit-demo-readout" in demo.readout._dom_classes
    assert all("kit-demo-control" in c._dom_classes for c in demo.controls.values())


def test_layout_is_frozen_after_the_first_picture_and_kept():
    demo = demos.LiveDemo.example()  # its figure was made with layout="constrained"
    assert demo.figure.get_layout_engine() is None
    positions = [ax.get_position().bounds for ax in demo.figure.axes]
    demo.update(n=9)
    assert [ax.get_position().bounds for ax in demo.figure.axes] == positions


def test_fast_png_has_the_same_pixels_as_the_default_encoding():
    import io

    import numpy as np
    from PIL import Image

    demo = demos.LiveDemo.example()
    demo.update(n=7)
    fast = demo.render_png()
    default = io.BytesIO()
    demo.figure.savefig(default, format="png", dpi=72)  # zlib level 6, matplotlib's default
    assert fast.startswith(b"\x89PNG")
    pixels = [np.asarray(Image.open(io.BytesIO(png))) for png in (fast, default.getvalue())]
    assert pixels[0].shape == pixels[1].shape and (pixels[0] == pixels[1]).all()
    demo.update(n=3)
    assert demo.render_png() != fast  # the reused buffer holds the new picture, not the old one


def test_stills_show_each_setting_with_its_readout_and_put_the_controls_back():
    demo = demos.LiveDemo.example()
    demo.update(n=4)
    fig = demo.stills({"n": 3}, {"n": 8}, captions=["three", "eight"])
    assert [ax.get_title(loc="left").splitlines() for ax in fig.axes] == [["three", "3 squared is 9"],
                                                                         ["eight", "8 squared is 64"]]
    assert demo.values["n"] == 4 and demo.last_state["square"] == 16


def test_stills_bad_input_says_what_to_give():
    demo = demos.LiveDemo.example()
    with pytest.raises(ValueError, match="at least one setting"):
        demo.stills()
    with pytest.raises(ValueError, match="one caption per setting"):
        demo.stills({"n": 1}, captions=["a", "b"])
    with pytest.raises(ValueError, match="Unknown control"):
        demo.stills({"m": 1})
    assert demo.values["n"] == 2  # a failed still leaves the demo where it was

"""Lesson 01's live demo, driven without a browser: accuracy climbs and recall collapses as the slider moves."""

import numpy as np
import pandas as pd

from helpers import demos, metrics


def test_accuracy_trap_moves_the_right_way_across_every_step():
    demo = demos.accuracy_trap()
    states = [demo.update(share=s) for s in metrics.TRAP_SHARES]  # 50% -> 0.5%, as the instructor slides
    recall = np.array([s["recall"] for s in states])
    always_no = np.array([s["always_no_accuracy"] for s in states])
    accuracy = np.array([s["accuracy"] for s in states])
    assert np.all(np.diff(always_no) > 0)
    assert np.all(np.diff(recall) <= 0.01)  # falls at every step (a hair of noise allowed)
    assert recall[0] > 0.8 and recall[-1] < 0.05
    assert accuracy[-1] > accuracy[0] + 0.05
    assert demo.errors == []


def test_picture_and_readout_follow_the_slider():
    demo = demos.accuracy_trap()
    png_balanced, text_balanced = demo.image.value, demo.readout.value
    demo.controls["share"].value = 0.01  # as if moved in the browser
    assert demo.last_state["share"] == 0.01 and demo.errors == []
    assert demo.image.value != png_balanced and bytes(demo.image.value).startswith(b"\x89PNG")
    assert "1.0%" in demo.readout.value and demo.readout.value != text_balanced
    assert f"{demo.last_state['found']}</b> of 200" in demo.readout.value


def test_the_picture_shows_the_model_boundary_and_only_the_steps_so_far():
    demo = demos.accuracy_trap()
    demo.update(share=0.1)
    ax_data, ax_metrics = demo.figure.axes
    n_steps = metrics.TRAP_SHARES.index(0.1) + 1
    assert all(len(line.get_xdata()) == n_steps for line in ax_metrics.get_lines())
    assert "200 minority" in ax_data.get_title()
    boundary = [line for line in ax_data.get_lines() if line.get_linestyle() == "--"][0]
    step = metrics.trap_step(0.1)
    x, y = boundary.get_data()
    proba = step["model"].predict_proba(pd.DataFrame({"x1": x, "x2": y}))[:, 1]
    assert np.allclose(proba, 0.5)  # the dashed line is where the model's probability crosses 0.5

"""Lesson 07's live demo, driven without a browser: the toggle moves CV estimate and held-out score apart and together."""

import pytest

from helpers import demos, leakage


def test_the_toggle_moves_the_cv_estimate_away_from_the_held_out_score_and_back():
    demo = demos.leakage_toggle()
    leaky = demo.update(protocol=leakage.PROTOCOLS[0])
    clean = demo.update(protocol=leakage.PROTOCOLS[1])
    assert leaky["gaps"]["f1"] > 0.15 and abs(clean["gaps"]["f1"]) < 0.08
    assert all(leaky["gaps"][m] > clean["gaps"][m] for m in leakage.METRICS)
    # the held-out score of each protocol is a real score; the leaky CV estimate is the inflated one
    assert all(leaky["cv"][m] > clean["cv"][m] for m in leakage.METRICS)
    assert all(s["fold_min"][m] <= s["cv"][m] <= s["fold_max"][m] for s in (leaky, clean) for m in leakage.METRICS)
    assert demo.errors == []


def test_the_picture_and_readout_follow_the_toggle():
    demo = demos.leakage_toggle()
    demo.update(protocol=leakage.PROTOCOLS[0])
    before, text = demo.image.value, demo.readout.value
    demo.controls["protocol"].value = leakage.PROTOCOLS[1]
    assert demo.errors == [] and demo.image.value != before and demo.readout.value != text
    assert "resample inside the pipeline" in demo.readout.value
    dots = demo.figure.axes[0].get_lines()
    assert any(abs(line.get_xdata()[2] - demo.last_state["cv"]["f1"]) < 1e-9 for line in dots
               if len(line.get_xdata()) == len(leakage.METRICS))


def test_an_unknown_protocol_is_refused():
    demo = demos.leakage_toggle()
    with pytest.raises(Exception):
        demo.update(protocol="resample the test set")

"""Lesson 08's live demo, driven without a browser: keeping fewer majority rows inflates the
probabilities; the correction undoes it."""

from helpers import calibration, demos


def test_keeping_fewer_majority_rows_inflates_the_mean_probability():
    demo = demos.undersampling_calibration()
    states = [demo.update(beta=b) for b in calibration.BETAS]  # from 1.0 down to 0.11
    mean = [s["mean_prob"] for s in states]
    shift = [s["measured_shift"] for s in states]
    assert mean == sorted(mean) and mean[-1] > 3 * mean[0]
    assert shift == sorted(shift, reverse=True) and shift[-1] < -1.8
    assert all(abs(s["mean_prob_corrected"] - s["prevalence"]) < 0.02 for s in states)
    assert all(s["brier_corrected"] <= s["brier"] + 1e-9 for s in states)
    assert demo.errors == []


def test_the_picture_and_readout_follow_the_slider():
    demo = demos.undersampling_calibration()
    before = demo.image.value
    demo.controls["beta"].value = 0.2
    assert demo.last_state["beta"] == 0.2 and demo.errors == []
    assert demo.image.value != before and "Keeping 20% of the majority rows" in demo.readout.value
    point = demo.figure.axes[1].lines[-1]
    assert point.get_ydata()[0] == demo.last_state["measured_shift"]

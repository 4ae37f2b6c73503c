"""Lesson 06's live demo, driven without a browser: balancing each tree's sample raises recall, lowers
precision and inflates the mean predicted minority probability."""

import pytest
from traitlets import TraitError

from helpers import demos


@pytest.fixture(scope="module")
def demo():
    return demos.balanced_forest_strategy()


def test_more_balance_buys_recall_with_precision_and_inflated_probabilities(demo):
    states = [demo.update(sampling_strategy=s) for s in demos.FOREST_STRATEGIES]  # 0.05 up to 1.0
    mean = [s["mean_predicted"] for s in states]
    recall = [s["recall"] for s in states]
    precision = [s["precision"] for s in states]
    assert mean == sorted(mean) and mean[-1] > 3 * states[0]["prevalence"]
    assert recall[-1] > recall[0] + 0.15
    assert precision[-1] < precision[0] - 0.15
    assert demo.errors == []


def test_the_picture_and_readout_follow_the_slider(demo):
    demo.update(sampling_strategy=1.0)
    before = demo.image.value
    demo.controls["sampling_strategy"].value = 0.1
    assert demo.last_state["sampling_strategy"] == 0.1 and demo.errors == []
    assert demo.image.value != before and "sampling_strategy=0.1" in demo.readout.value
    assert demo.figure.axes[0].patches[2].get_height() == demo.last_state["mean_predicted"]


def test_an_unknown_setting_is_refused(demo):
    with pytest.raises(TraitError, match="Invalid selection"):
        demo.update(sampling_strategy=0.3)

"""Lesson 02's live demo, driven without a browser: the threshold and the costs move the numbers the right way."""

import numpy as np
from sklearn.metrics import confusion_matrix

from helpers import demos, metrics


def test_raising_the_threshold_trades_recall_for_fewer_false_alarms():
    demo = demos.threshold_costs()
    states = [demo.update(threshold=t) for t in (0.05, 0.2, 0.5, 0.8)]
    recall = [s["recall"] for s in states]
    false_alarms = [s["fp"] for s in states]
    assert recall == sorted(recall, reverse=True) and recall[0] > recall[-1] + 0.3
    assert false_alarms == sorted(false_alarms, reverse=True) and false_alarms[0] > 5 * false_alarms[-1]
    assert all(s["tp"] + s["fp"] + s["fn"] + s["tn"] == 3163 for s in states)
    assert demo.errors == []


def test_the_counts_are_the_confusion_matrix_of_the_scores():
    demo = demos.threshold_costs()
    y, scores = metrics.plain_model_scores("thyroid")
    state = demo.update(threshold=0.3)
    tn, fp, fn, tp = confusion_matrix(y, (scores >= 0.3).astype(int)).ravel()
    assert (state["tn"], state["fp"], state["fn"], state["tp"]) == (tn, fp, fn, tp)


def test_costlier_misses_move_the_cheapest_threshold_down():
    demo = demos.threshold_costs()
    best = [demo.update(cost_miss=c, cost_false_alarm=1)["best_threshold"] for c in (1, 5, 20, 50)]
    assert best == sorted(best, reverse=True) and best[0] > best[-1] + 0.2
    assert demo.update(cost_miss=1, cost_false_alarm=10)["best_threshold"] > best[0]


def test_the_marked_threshold_is_the_cheapest_and_the_star_sits_on_it():
    demo = demos.threshold_costs()
    state = demo.update(threshold=0.5, cost_miss=12, cost_false_alarm=2)
    assert state["best_cost"] == min(state["cost_curve"]) <= state["cost"]
    star = [line for line in demo.figure.axes[2].get_lines() if line.get_marker() == "*"][0]
    assert star.get_xdata()[0] == state["best_threshold"]
    assert "cheapest threshold is <b>" + f"{state['best_threshold']:.2f}" in demo.readout.value


def test_moving_a_slider_in_the_browser_updates_picture_and_readout():
    demo = demos.threshold_costs()
    before = demo.image.value
    demo.controls["threshold"].value = 0.2
    assert demo.last_state["threshold"] == 0.2 and demo.errors == []
    assert demo.image.value != before and "At threshold 0.20" in demo.readout.value
    assert np.isclose(demo.figure.axes[1].lines[-1].get_xdata()[0], 0.2)

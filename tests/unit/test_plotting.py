"""helpers.plotting: figures are drawn from real inputs, with the kit's colours, and refuse bad input."""

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

from helpers import datasets, evaluation, plotting


def test_class_balance_draws_minority_in_vermillion():
    labels = {name: datasets.load(name)[1] for name in ["yeast", "page_blocks"]}
    fig = plotting.class_balance(labels)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    minority = [p for p in ax.patches if mcolors.to_hex(p.get_facecolor()).upper() == plotting.PALETTE["minority"]]
    assert len(minority) == 2
    widths = sorted(round(p.get_width(), 4) for p in minority)
    assert widths == sorted(round(float(y.mean()), 4) for y in labels.values())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["page_blocks", "yeast"]


def test_class_balance_accepts_a_single_label_vector():
    fig = plotting.class_balance(np.r_[np.zeros(90), np.ones(10)], title="Ten percent")
    assert fig.axes[0].get_title(loc="left") == "Ten percent"


@pytest.mark.parametrize("bad, error", [({}, ValueError), ({"x": ["a", "b"]}, TypeError), ([0, 0, 0], ValueError)])
def test_class_balance_bad_input(bad, error):
    with pytest.raises(error):
        plotting.class_balance(bad)


@pytest.fixture(scope="module")
def results():
    X, y = datasets.load("yeast")
    return evaluation.compare({"none": LogisticRegression(max_iter=1000), "dummy": DummyClassifier()}, X, y, cv=3, metrics=["roc_auc", "recall"],
                              progress=False)


def test_comparison_one_panel_per_metric(results):
    fig = plotting.comparison(results, title="Same model twice: same scores", baseline="none")
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["none", "dummy"]
    assert fig._suptitle.get_text() == "Same model twice: same scores"


def test_comparison_bad_input(results):
    with pytest.raises(TypeError, match="compare"):
        plotting.comparison(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="No results for"):
        plotting.comparison(results, metrics=["f1"])
    with pytest.raises(ValueError, match="Unknown baseline"):
        plotting.comparison(results, baseline="SMOTE")


def test_kit_style_restores_its_settings_and_nothing_else():
    """Jupyter's inline backend turns ``interactive`` on while the first figure is drawn; undoing that
    (as ``plt.rc_context`` does) hid every later figure of the notebook."""
    import matplotlib as mpl

    before_size, before_interactive = mpl.rcParams["font.size"], mpl.is_interactive()
    try:
        with plotting.kit_style(projector=True):
            assert mpl.rcParams["font.size"] == 16
            mpl.interactive(not before_interactive)  # what the inline backend does on first use
        assert mpl.rcParams["font.size"] == before_size
        assert mpl.is_interactive() is (not before_interactive)
    finally:
        mpl.interactive(before_interactive)


def test_kit_style_keeps_interactive_mode_turned_on_inside_it():
    """Jupyter turns interactive mode on when a notebook's first figure is made; if that happens inside
    kit_style, leaving the block must not turn it off, or no later figure would be shown."""
    import matplotlib
    import matplotlib.pyplot as plt

    was = matplotlib.is_interactive()
    try:
        matplotlib.interactive(False)
        with plotting.kit_style():
            assert plt.rcParams["axes.grid"]
            matplotlib.interactive(True)  # what the inline backend does on the first figure
        assert matplotlib.is_interactive()
        assert plt.rcParams["axes.grid"] == matplotlib.rcParamsDefault["axes.grid"]  # the style is undone
    finally:
        matplotlib.interactive(was)


def _verdicts():
    return pd.DataFrame({"candidate": ["A", "B", "A", "B"], "metric": ["roc_auc", "roc_auc", "brier", "brier"],
                         "difference": [0.05, -0.01, 0.02, np.nan], "ci_low": [0.01, -0.04, -0.01, np.nan],
                         "ci_high": [0.09, 0.02, 0.05, np.nan],
                         "verdict": ["better", "no detectable difference", "no detectable difference", "not judged"],
                         "n_folds": [10, 10, 10, 10]})


def test_differences_draws_each_difference_with_its_interval_and_a_zero_line():
    fig = plotting.differences(_verdicts())
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())  # the line at "no difference"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["A\nbetter", "B\nno detectable difference"]
    assert mcolors.to_hex(ax.get_yticklabels()[0].get_color()) == plotting.VERDICT_COLORS["better"].lower()
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()][1] == "B\nnot judged"  # no point, still named


def test_differences_bad_input():
    with pytest.raises(TypeError, match="evaluation.difference"):
        plotting.differences(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="No verdicts for"):
        plotting.differences(_verdicts(), metrics=["recall"])

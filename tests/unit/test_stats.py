"""helpers.stats: the numbers behind every verdict, checked against textbook values."""

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from helpers import stats


def test_wilson_matches_the_textbook_interval():
    low, high = stats.wilson(15, 20)  # Wilson (1927) as given by e.g. statsmodels' proportion_confint
    assert (round(low, 4), round(high, 4)) == (0.5313, 0.8881)
    assert stats.wilson(28, 28)[1] == 1.0 and stats.wilson(0, 28)[0] == 0.0
    with pytest.raises(ValueError, match="0 <= k <= n"):
        stats.wilson(5, 4)


def test_holm_is_monotone_and_matches_hand_computation():
    adjusted = stats.holm([0.001, 0.02, 0.04, 0.5, np.nan])
    np.testing.assert_allclose(adjusted[:4], [0.004, 0.06, 0.08, 0.5])
    assert np.isnan(adjusted[4])


def test_corrected_difference_is_wider_than_the_naive_paired_t():
    rng = np.random.default_rng(0)
    d = rng.normal(0.01, 0.02, 10)
    corrected = stats.corrected_difference(d, 0.25)
    naive_half = 2.262 * d.std(ddof=1) / np.sqrt(10)
    assert corrected["ci_high"] - corrected["difference"] > naive_half
    assert corrected["n_folds"] == 10


def test_reading_says_what_the_interval_rules_out():
    assert stats.reading(-0.021, 0.034) == "rules out a gain larger than 0.034 and a loss larger than 0.021"
    assert stats.reading(0.01, 0.02, lower_is_better=True) == "a loss of 0.010 to 0.020"
    assert stats.verdict(np.nan, 0.1) == "not judged"


def test_paired_bootstrap_pairs_the_resamples():
    """Two nearly identical models: paired, their difference is tight even though each interval is wide."""
    rng = np.random.default_rng(1)
    y = (rng.random(400) < 0.1).astype(int)
    a = y * 0.3 + rng.random(400)
    b = a + rng.normal(0, 0.001, 400)
    table = stats.paired_bootstrap(y, {"a": a, "b": b}, average_precision_score, baseline="a")
    width_each = table.loc["b", "ci_high"] - table.loc["b", "ci_low"]
    width_diff = table.loc["b", "diff_high"] - table.loc["b", "diff_low"]
    assert width_diff < width_each / 10
    with pytest.raises(ValueError, match="at least 2000"):
        stats.paired_bootstrap(y, {"a": a, "b": b}, average_precision_score, baseline="a", n_boot=300)
    with pytest.raises(ValueError, match="baseline 'c'"):
        stats.paired_bootstrap(y, {"a": a, "b": b}, average_precision_score, baseline="c")


def test_round_off_is_not_a_spread():
    # identical fold scores that differ only by floating-point round-off (the evidence grid's kddcup case)
    scores = np.array([1.0, 1.0, 1.0, 0.8, 1.0, 0.75, 1.0, 1.0, 1.0, 1.0])
    noisy = scores + np.array([0, 1e-17, 0, -2e-17, 0, 1e-17, 0, 0, 0, 0])
    r = stats.corrected_difference(noisy - scores + np.array([0, -1e-17, 2e-17, 0, 0, 0, 0, 0, 0, 0]), 0.25)
    assert r["difference"] == 0.0 and np.isnan(r["p_value"]) and r["ci_low"] == r["ci_high"] == 0.0
    # a real, constant difference keeps its value and gets no p-value either
    r = stats.corrected_difference(np.full(10, 0.02), 0.25)
    assert r["difference"] == pytest.approx(0.02) and np.isnan(r["p_value"])
    # a real spread, however small in absolute terms, is judged
    r = stats.corrected_difference(0.001 + 1e-6 * np.arange(10), 0.25)
    assert r["p_value"] < 0.05

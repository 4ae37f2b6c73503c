"""helpers.exercises.lesson08: lesson 08's checkers. Right answers pass (in strict mode too), each recognised
mistake gets its own hint, placeholders never raise, and no message gives the expected value away."""

import numpy as np
import pytest
from sklearn.metrics import make_scorer

from helpers import datasets
from helpers.exercises import STRICT_ENV, lesson08


def cost(c_miss, c_fa, per_case=True):
    def f(y_true, y_pred):
        total = c_miss * np.sum((y_true == 1) & (y_pred == 0)) + c_fa * np.sum((y_true == 0) & (y_pred == 1))
        return total / len(y_true) if per_case else total
    return f



def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


# Exercise 1: a cost scorer


def test_ex1_right_scorers_pass_in_strict_mode(capsys, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    ex1 = lesson08.cost_scorer(cost_miss=3, cost_false_alarm=1)
    for answer in (make_scorer(cost(3, 1), greater_is_better=False),
                   make_scorer(cost(3, 1, per_case=False), greater_is_better=False),  # a total: the same choice
                   make_scorer(cost(6, 2), greater_is_better=False)):  # the same ratio
        ex1.check(answer)
    assert capsys.readouterr().out.count("Correct!") == 3


def test_ex1_recognises_each_mistake(capsys, lenient):
    ex1 = lesson08.cost_scorer(cost_miss=3, cost_false_alarm=1)
    cases = {
        "lower is better": make_scorer(cost(3, 1)),
        "swapped": make_scorer(cost(1, 3), greater_is_better=False),
        "lesson's 10:1": make_scorer(cost(10, 1), greater_is_better=False),
        "another ratio": make_scorer(cost(2, 1), greater_is_better=False),
        "must be wrapped": cost(3, 1),
        "response_method": make_scorer(cost(3, 1), greater_is_better=False, response_method="predict_proba"),
        "that is a number": 0.25,
        "not a str": "make_scorer",
        "does not return the cost": make_scorer(lambda y_true, y_pred: float(np.mean(y_true == y_pred))),
        "failed": make_scorer(lambda y_true, y_pred: 1 / 0, greater_is_better=False),
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex1, answer), expect


def test_ex1_wrong_answers_raise_in_strict_mode_and_placeholders_never(capsys, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    ex1 = lesson08.cost_scorer()
    with pytest.raises(AssertionError, match="Not yet: "):
        ex1.check(make_scorer(cost(3, 1)))
    ex1.check(...)
    assert capsys.readouterr().out.startswith("No answer yet")


def test_ex1_hints_never_write_the_weights_out(capsys, lenient):
    ex1 = lesson08.cost_scorer(cost_miss=3, cost_false_alarm=1)
    ex1.hint()
    ex1.hint(2)
    messages = capsys.readouterr().out
    assert "3 *" not in messages and "3 false" not in messages and "greater_is_better=False" in messages


# Exercise 2: a clinic where the condition is rarer


@pytest.fixture(scope="module")
def thyroid():
    y = datasets.load("thyroid")[1]
    share = y.mean()
    factor = (0.01 / 0.99) / (share / (1 - share))
    odds = 0.1 / factor  # t* = 1/11 has odds 0.1
    return y, odds / (1 + odds), share, factor


def test_ex2_right_answers_pass_in_strict_mode(capsys, monkeypatch, thyroid):
    monkeypatch.setenv(STRICT_ENV, "1")
    y, expected, _, _ = thyroid
    ex2 = lesson08.clinic_threshold(y, deployment_share=0.01)
    for answer in (expected, round(expected, 3), np.float64(expected), np.array([expected])):
        ex2.check(answer)
    assert capsys.readouterr().out.count("Correct!") == 4
    assert 0.3 < expected < 0.36  # far above 1/11: the clinic's odds are about a fifth of the booster's


def test_ex2_recognises_each_mistake(capsys, lenient, thyroid):
    y, expected, share, factor = thyroid
    ex2 = lesson08.clinic_threshold(y, deployment_share=0.01)
    forward = 0.1 * factor / (1 + 0.1 * factor)
    shares = 0.1 / (0.01 / share)
    cases = {"t* itself": 1 / 11, "wrong way": forward, "ratio of odds": shares / (1 + shares),
             "not the threshold": 0.5, "one number": [0.2, 0.3], "between 0 and 1": 3.3}
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex2, answer), expect
    assert printed(capsys, ex2, ...).startswith("No answer yet")
    ex2.hint()
    ex2.hint(2)
    messages = [printed(capsys, ex2, a) for a in cases.values()] + capsys.readouterr().out.splitlines()
    secrets = {f"{expected:.3f}", f"{expected:.2f}", f"{factor:.3f}", f"{factor:.2f}"}
    assert not [(m, s) for m in messages for s in secrets if s in m]


def test_ex2_the_recognised_mistakes_lie_apart_from_the_answer(thyroid):
    _, expected, share, factor = thyroid
    forward = 0.1 * factor / (1 + 0.1 * factor)
    shares = 0.1 / (0.01 / share)
    for wrong in (1 / 11, forward, shares / (1 + shares)):
        assert abs(wrong - expected) > 2 * lesson08.TOLERANCE


def test_ex2_refuses_a_share_outside_0_1():
    with pytest.raises(ValueError, match="deployment_share"):
        lesson08.clinic_threshold([0, 1, 0], deployment_share=1.5)

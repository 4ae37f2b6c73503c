"""Checkers for the lessons' "Your turn" exercises, in the style of Kaggle Learn: ``check`` and ``hint``.

Each exercise is an ``Exercise``. The learner's cell ends with ``ex1.check(answer)``, which prints one of:

- ``Correct!`` (and a sentence on what to look at next);
- ``Not yet: <hint>``: a hint pointing to the step that went wrong, never the expected value;
- ``No answer yet: ...`` while the answer is still the placeholder ``...`` (or ``None``).

``ex1.hint()`` prints a hint before any attempt. A lesson's checks live in ``helpers/exercises/lessonNN.py``.

>>> def judge(answer):
...     return None if answer == 42 else "multiply six by seven"
>>> ex = Exercise("Exercise 0", judge, hint="It is a whole number.")
>>> ex.check(...)
No answer yet: replace the ... after `answer =` with your answer and run the cell again.
>>> ex.check(42)
Correct!
>>> ex.check(41, strict=False)
Not yet: multiply six by seven

**Strict mode.** When the environment variable ``KIT_STRICT_CHECKS`` is ``1`` (the test suite sets it for
every kernel it starts, in the root ``conftest.py``), a wrong answer raises ``AssertionError`` instead of
printing, so a worked solution that stops producing a correct answer fails the suite. A placeholder never
raises: the learner's cells are run by the suite too, with their ``...`` still in place.

Checkers work offline and never build a scikit-learn or imbalanced-learn estimator: they look at what the
learner produced (numbers, arrays, the learner's own objects and their types and parameters) and compute
the expected value from the data with plain numpy and ``sklearn.metrics`` functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from numbers import Real
from typing import Any, Literal, NamedTuple

import numpy as np

STRICT_ENV = "KIT_STRICT_CHECKS"
PLACEHOLDER_MESSAGE = "No answer yet: replace the ... after `answer =` with your answer and run the cell again."

__all__ = ["Exercise", "NotYet", "Verdict", "STRICT_ENV", "is_placeholder", "strict_mode", "expect_number",
           "expect_mapping", "expect_classifier_pipeline", "is_classifier", "class_names"]


class NotYet(Exception):
    """Raised inside a judge to reject an answer; its message is the hint the learner sees."""


class Verdict(NamedTuple):
    """The outcome of judging one answer: ``status`` is "correct", "wrong" or "empty"; ``message`` is printed."""

    status: Literal["correct", "wrong", "empty"]
    message: str


#: A judge looks at an answer and returns None (right) or a hint (wrong); it may also raise NotYet(hint).
Judge = Callable[[Any], "str | None"]


def strict_mode() -> bool:
    """True when ``KIT_STRICT_CHECKS=1``: wrong answers then raise instead of printing.

    >>> strict_mode() == (os.environ.get(STRICT_ENV) == "1")
    True
    """
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes"}


def is_placeholder(answer: Any) -> bool:
    """True for an answer the learner has not filled in yet: ``...``, ``None``, or a dict, list or tuple
    that still holds a ``...`` (such as ``{"model": ..., "roc_auc": ...}``).

    >>> is_placeholder(...), is_placeholder({"a": 1, "b": ...}), is_placeholder(0.5)
    (True, True, False)
    """
    if answer is ... or answer is None:
        return True
    if isinstance(answer, Mapping):
        return any(value is ... for value in answer.values())
    if isinstance(answer, (list, tuple)):
        return any(value is ... for value in answer)
    return False


class Exercise:
    """One exercise: ``check(answer)`` says right or wrong with a hint; ``hint()`` helps before trying.

    ``judge(answer)`` returns None when the answer is right and a hint (a string) when it is not, or raises
    ``NotYet(hint)``. The hint must point to the step that went wrong without giving the expected value.
    ``on_correct`` is an optional sentence printed after "Correct!". ``hint`` is one string, or several
    from a nudge to the recipe: ``hint()`` prints the first, ``hint(2)`` the second, and so on.

    >>> ex = Exercise("Exercise 0", lambda a: None if a == "yes" else "read the question again",
    ...               hint=("yes or no?", "answer 'yes'"))
    >>> ex.verdict("no")
    Verdict(status='wrong', message='Not yet: read the question again')
    >>> ex.hint()
    Hint: yes or no? (ex.hint(2) for more)
    >>> ex.hint(2)
    Hint 2: answer 'yes'
    """

    def __init__(self, title: str, judge: Judge, hint: str | tuple[str, ...], on_correct: str = "") -> None:
        if not callable(judge):
            raise TypeError(f"judge must be a function of the answer, not {type(judge).__name__}.")
        hints = (hint,) if isinstance(hint, str) else tuple(hint)
        if not hints or not all(isinstance(h, str) and h for h in hints):
            raise TypeError("hint must be a non-empty string, or a tuple of them from a nudge to the recipe.")
        self.title, self._judge, self._hints, self._on_correct = title, judge, hints, on_correct

    def __repr__(self) -> str:
        return f"<{self.title}: run .check(answer), or .hint() for a hint>"

    def verdict(self, answer: Any) -> Verdict:
        """Judge ``answer`` without printing or raising."""
        if is_placeholder(answer):
            return Verdict("empty", PLACEHOLDER_MESSAGE)
        try:
            problem = self._judge(answer)
        except NotYet as err:
            problem = str(err)
        if problem is None:
            return Verdict("correct", " ".join(filter(None, ["Correct!", self._on_correct])))
        return Verdict("wrong", f"Not yet: {problem}")

    def check(self, answer: Any, *, strict: bool | None = None) -> None:
        """Print whether ``answer`` is right (with a hint if not). In strict mode (``strict=True``, or
        ``KIT_STRICT_CHECKS=1`` when ``strict`` is None) a wrong answer raises ``AssertionError``."""
        result = self.verdict(answer)
        if result.status == "wrong" and (strict_mode() if strict is None else strict):
            raise AssertionError(f"{self.title}: {result.message} ({STRICT_ENV}=1: a worked solution must "
                                 "produce a correct answer)")
        print(result.message)

    def hint(self, level: int = 1) -> None:
        """Print a hint: ``hint()`` a nudge (the next step to take), ``hint(2)`` and up more of the recipe;
        never the expected value."""
        if isinstance(level, bool) or not isinstance(level, int) or level < 1:
            raise ValueError(f"level is 1, 2, ... (a higher level says more); got {level!r}.")
        text = self._hints[min(level, len(self._hints)) - 1]
        more = f" (ex.hint({level + 1}) for more)" if level < len(self._hints) else ""
        print(f"Hint{'' if level == 1 else f' {level}'}: {text}{more}")


# Building blocks for judges: each returns the cleaned-up value or raises NotYet with what to do.

def expect_number(answer: Any, what: str, low: float | None = None, high: float | None = None) -> float:
    """``answer`` as a float, or NotYet if it is not one number within [low, high].

    >>> expect_number(np.float64(0.25), "a threshold", 0, 1)
    0.25
    >>> expect_number([0.1, 0.2], "a threshold", 0, 1)
    Traceback (most recent call last):
    ...
    helpers.exercises.NotYet: answer should be one number (a threshold), not a list of 2 values.
    """
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (Real, np.integer, np.floating)):
        size = f" of {len(answer)} values" if hasattr(answer, "__len__") and not isinstance(answer, str) else ""
        raise NotYet(f"answer should be one number ({what}), not a {type(answer).__name__}{size}.")
    value = float(answer)
    if not np.isfinite(value):
        raise NotYet(f"answer is {value}; it should be a finite number ({what}).")
    if (low is not None and value < low) or (high is not None and value > high):
        raise NotYet(f"answer should be {what}, between {low} and {high}.")
    return value


def expect_mapping(answer: Any, keys: Iterable[str]) -> Mapping[str, Any]:
    """``answer`` if it is a dict holding every one of ``keys``, else NotYet naming what is missing.

    >>> expect_mapping({"roc_auc": 0.9}, ["roc_auc", "average_precision"])
    Traceback (most recent call last):
    ...
    helpers.exercises.NotYet: answer is missing the key 'average_precision'; start from the template {'roc_auc': ..., 'average_precision': ...}.
    """
    keys = list(keys)
    template = "{" + ", ".join(f"{k!r}: ..." for k in keys) + "}"
    if not isinstance(answer, Mapping):
        raise NotYet(f"answer should be a dict like {template}, not a {type(answer).__name__}.")
    missing = [k for k in keys if k not in answer]
    if missing:
        raise NotYet(f"answer is missing the key {missing[0]!r}; start from the template {template}.")
    return answer


def is_classifier(obj: Any) -> bool:
    """True for a scikit-learn-style classifier (fit, predict and the classifier tag); False for anything else.

    >>> is_classifier("LogisticRegression")
    False
    """
    if not (hasattr(obj, "fit") and hasattr(obj, "predict")) or isinstance(obj, type):
        return False
    from sklearn.base import is_classifier as sklearn_is_classifier

    try:
        return bool(sklearn_is_classifier(obj))
    except Exception:  # an object that only looks like an estimator
        return False


def class_names(obj: Any) -> set[str]:
    """The names of ``obj``'s class and its base classes (so a subclass of StandardScaler still counts).

    >>> "int" in class_names(3)
    True
    """
    return {cls.__name__ for cls in type(obj).__mro__}


def expect_classifier_pipeline(model: Any, what: str = "answer['model']") -> list[tuple[str, Any]]:
    """The ``(name, step)`` list of a scikit-learn or imbalanced-learn Pipeline whose last step is a
    classifier, or NotYet saying what to build instead.

    >>> expect_classifier_pipeline("LogisticRegression")
    Traceback (most recent call last):
    ...
    helpers.exercises.NotYet: answer['model'] should be a pipeline built with make_pipeline(...), ending in a classifier; this is a str.
    """
    from sklearn.pipeline import Pipeline  # imbalanced-learn's Pipeline is a subclass

    if not isinstance(model, Pipeline):
        extra = (" Put the preprocessing steps in front of it with make_pipeline(...)."
                 if is_classifier(model) else "")
        raise NotYet(f"{what} should be a pipeline built with make_pipeline(...), ending in a classifier; "
                     f"this is a {type(model).__name__}.{extra}")
    if not model.steps or not is_classifier(model.steps[-1][1]):
        raise NotYet(f"the last step of {what} is a {type(model.steps[-1][1]).__name__}, not a classifier; "
                     "the classifier goes last in make_pipeline(...).")
    return list(model.steps)

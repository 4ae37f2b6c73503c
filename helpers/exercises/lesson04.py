"""Checks for lesson 04's exercises (04_undersampling.ipynb).

``what_the_model_sees(X, y)`` returns the checker of Exercise 3, bound to the lesson's ``yeast`` data: the
learner fits a pipeline (scaling, ``RandomUnderSampler(sampling_strategy=0.2)``, logistic regression) on all
of ``yeast`` and reports ``{"model": ..., "majority_seen": ..., "rows_scored": ..., "mean_proba": ...}``:

- ``majority_seen``: the majority rows the classifier was trained on (the rows the fitted sampler kept);
- ``rows_scored``: the rows ``model.predict_proba(X)`` scores;
- ``mean_proba``: the mean of ``model.predict_proba(X)[:, 1]`` over all the rows.

The expected values come from the learner's own fitted pipeline (its sampler's ``sample_indices_`` and its
``predict_proba``) and from the labels; nothing is fitted or built here.

>>> import numpy as np
>>> ex3 = what_the_model_sees(np.zeros((6, 2)), np.array([0, 0, 0, 0, 1, 1]))
>>> ex3.check({"model": "a pipeline", "majority_seen": 10, "rows_scored": 6, "mean_proba": 0.3}, strict=False)
Not yet: answer['model'] should be a pipeline built with make_pipeline(...), ending in a classifier; this is a str.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np

from .._checks import as_binary_target
from . import Exercise, NotYet, class_names, expect_classifier_pipeline, expect_mapping, expect_number

#: The ratio the exercise asks for: minority rows / majority rows after under-sampling.
RATIO = 0.2
#: How far a reported mean probability may be from the recomputed one (it may be rounded to 3 decimals).
TOLERANCE = 6e-4
SCALERS = {"StandardScaler", "RobustScaler", "MinMaxScaler", "MaxAbsScaler", "ColumnTransformer"}
KEYS = ["model", "majority_seen", "rows_scored", "mean_proba"]


def _count(answer: Any, what: str) -> int:
    value = expect_number(answer, what, 0)
    if value != round(value):
        raise NotYet(f"{what} is a number of rows, a whole number; this one is {value:g}.")
    return int(round(value))


def _fitted_sampler(steps: list[tuple[str, Any]], n_rows: int) -> Any:
    """The pipeline's RandomUnderSampler, fitted on all ``n_rows`` rows, or NotYet saying what to fix."""
    samplers = [step for _, step in steps if hasattr(step, "fit_resample")]
    if not samplers:
        raise NotYet(f"the pipeline has no sampler: put RandomUnderSampler(sampling_strategy={RATIO}, "
                     "random_state=42) between the scaler and the classifier.")
    if len(samplers) > 1 or "RandomUnderSampler" not in class_names(samplers[0]):
        found = ", ".join(type(s).__name__ for s in samplers)
        raise NotYet(f"the pipeline's sampler is {found}; this exercise uses one RandomUnderSampler.")
    sampler = samplers[0]
    strategy = getattr(sampler, "sampling_strategy", None)
    if isinstance(strategy, bool) or not isinstance(strategy, Real) or abs(float(strategy) - RATIO) > 1e-12:
        raise NotYet(f"the sampler's sampling_strategy is {strategy!r}; set sampling_strategy={RATIO}.")
    if not any(class_names(step) & SCALERS for _, step in steps[:-1]):
        raise NotYet("keep the lesson's pipeline: a scaling step first (StandardScaler()), then the sampler, "
                     "then the classifier.")
    if not hasattr(sampler, "sample_indices_"):
        raise NotYet("the pipeline has not been fitted yet: call model.fit(X_yeast, y_yeast) first.")
    seen = [getattr(step, "n_samples_seen_", None) for _, step in steps[:-1]]
    seen = [int(np.max(s)) for s in seen if s is not None]
    indices = np.asarray(sampler.sample_indices_)
    if (seen and seen[0] != n_rows) or indices.size == 0 or indices.max() >= n_rows:
        raise NotYet("the pipeline was fitted on other rows: fit it on all of yeast, model.fit(X_yeast, y_yeast).")
    return sampler


def what_the_model_sees(X: Any, y: Any) -> Exercise:
    """Exercise 3: what the classifier inside a fitted under-sampling pipeline was trained on, how many rows
    the pipeline scores, and the mean predicted probability over all the rows."""
    y = as_binary_target(y, "y")
    n_rows, n_minority, n_majority = len(y), int(y.sum()), int((y == 0).sum())

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, KEYS)
        steps = expect_classifier_pipeline(answer["model"])
        if "LogisticRegression" not in class_names(steps[-1][1]):
            return (f"the pipeline ends in a {type(steps[-1][1]).__name__}; keep the lesson's classifier, "
                    "LogisticRegression(max_iter=1000).")
        sampler = _fitted_sampler(steps, n_rows)
        majority = _count(answer["majority_seen"], "answer['majority_seen']")
        rows = _count(answer["rows_scored"], "answer['rows_scored']")
        mean = expect_number(answer["mean_proba"], "a mean probability", 0, 1)

        kept = y[np.asarray(sampler.sample_indices_)]
        want_majority, trained_on = int((kept == 0).sum()), len(kept)
        if majority != want_majority:
            if majority == n_majority:
                return ("that is every majority row of yeast. The sampler is a step of the pipeline: it ran "
                        "when the pipeline was fitted, and the classifier saw only the rows it kept.")
            if majority == n_minority:
                return (f"that is a 1:1 balance, the default sampling_strategy='auto'. A float sampling_strategy "
                        f"is the ratio minority rows / majority rows after resampling: {RATIO} asks for how many "
                        "majority rows per minority row?")
            if majority in {int(RATIO * n_majority), round(RATIO * n_majority)}:
                return (f"sampling_strategy={RATIO} does not keep {RATIO:.0%} of the majority: a float is the "
                        "ratio minority rows / majority rows after resampling.")
            if majority == trained_on:
                return "that counts the rows of both classes the sampler kept; answer the majority (class 0) only."
            return ("count the class-0 rows among the rows the fitted sampler kept (ex3.hint(2) shows two ways "
                    "to find them).")
        if rows != n_rows:
            if rows == trained_on:
                return ("that is how many rows the classifier was trained on. Count the rows that "
                        "model.predict_proba(X_yeast) returns (len of its output).")
            return "count the rows that model.predict_proba(X_yeast) returns (len of its output)."
        try:
            proba = np.asarray(answer["model"].predict_proba(X))[:, 1]
        except Exception as err:  # the learner's pipeline cannot score yeast: say why
            raise NotYet(f"the model could not score X_yeast ({type(err).__name__}: {err})") from err
        if abs(mean - proba.mean()) <= TOLERANCE:
            return None
        if abs(mean - y.mean()) <= TOLERANCE:
            return ("that is yeast's share of positives (y_yeast.mean()). The question is what the model "
                    "predicts: the mean of model.predict_proba(X_yeast)[:, 1].")
        if abs(mean - (1 - proba.mean())) <= TOLERANCE:
            return "that is the mean of column 0, the probability of class 0; the minority is column 1."
        if abs(mean - (proba >= 0.5).mean()) <= TOLERANCE or abs(mean - y[proba >= 0.5].mean()) <= TOLERANCE:
            return ("that comes from 0/1 decisions (predict, or a threshold of 0.5); average the probabilities "
                    "themselves, model.predict_proba(X_yeast)[:, 1].")
        on_trained = proba[np.asarray(sampler.sample_indices_)].mean()
        if abs(mean - on_trained) <= TOLERANCE or abs(mean - kept.mean()) <= 2 * TOLERANCE:
            return ("that is about the rows the classifier was trained on (the rows the sampler kept); the "
                    "question asks for the mean over all the rows of yeast.")
        return ("the mean does not match this model's probabilities: average model.predict_proba(X_yeast)[:, 1] "
                "over all the rows of yeast.")

    hint = ("A sampler in an imbalanced-learn pipeline runs when the pipeline is fitted. After model.fit, the "
            "fitted sampler is model.named_steps['randomundersampler']: look at what it kept. Then score yeast "
            "with model.predict_proba.",
            "The sampler's sample_indices_ are the positions of the rows it kept: count the zeros in "
            "y_yeast.iloc[kept] (or run model[:-1].fit_resample(X_yeast, y_yeast), the steps before the "
            "classifier, and count the labels it returns). Then proba = model.predict_proba(X_yeast)[:, 1]: "
            "len(proba) rows, and proba.mean().")
    return Exercise("Exercise 3 (what the model inside the pipeline sees)", judge, hint,
                    on_correct="Compare the three numbers with your predictions, then read the discussion "
                               "below the worked solution.")

"""Checks for lesson 03's exercises (03_oversampling_smote.ipynb).

1. ``knn_smote_change(X, y, cv)``: k-NN without and with SMOTE, each in an imbalanced-learn pipeline behind
   a scaler, cross-validated on the lesson's folds ``cv``; the answer holds the two pipelines and the change
   (SMOTE minus plain) in mean ROC-AUC and mean average precision over the folds;
2. ``smotenc_crosstab(synthetic, real, y_real)``: ``pd.crosstab`` of ``sex`` against ``pregnant`` for
   SMOTENC's synthetic patients.

Expected values are computed here from the data: for Exercise 1 by fitting the learner's own two pipelines
on the same folds (``sklearn.base.clone``, then ``roc_auc_score`` and ``average_precision_score`` on each
test fold, as ``cross_validate``'s scorers do), for Exercise 2 by counting with pandas. No estimator is
built here.

>>> import pandas as pd
>>> real = pd.DataFrame({"sex": ["F", "M", "F"], "pregnant": ["t", "f", "f"]})
>>> synthetic = pd.DataFrame({"sex": ["F", "F", "M"], "pregnant": ["f", "f", "f"]})
>>> ex2 = smotenc_crosstab(synthetic, real, pd.Series([1, 0, 1]))
>>> ex2.check(pd.crosstab(synthetic["sex"], synthetic["pregnant"]))
Correct! Compare it with the real patients' table: which cells did SMOTENC leave empty, and why?
>>> ex2.check(pd.crosstab(real["sex"], real["pregnant"]), strict=False)
Not yet: that is the table of the real patients (X_thy). The synthetic patients are the rows SMOTENC added: `synthetic`, i.e. X_res.iloc[len(X_thy):].
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import check_cv
from threadpoolctl import threadpool_limits

from .._checks import as_binary_target
from . import Exercise, NotYet, class_names, expect_classifier_pipeline, expect_mapping, expect_number

#: How far a reported change may be from the recomputed one (it may be rounded to 3 decimals).
TOLERANCE = 6e-4
SCALERS = {"StandardScaler", "RobustScaler", "MinMaxScaler", "MaxAbsScaler", "ColumnTransformer"}
METRICS = ("roc_auc", "average_precision")
KEYS = ("knn_plain", "knn_smote", "roc_auc_change", "average_precision_change")


def _rows(X: Any, index: np.ndarray) -> Any:
    return X.iloc[index] if hasattr(X, "iloc") else np.asarray(X)[index]


def _fold_scores(model: Any, X: Any, y: np.ndarray, splits: list) -> dict[str, np.ndarray]:
    """Per test fold: ROC-AUC and average precision of the model's scores (``predict_proba``, as the
    "roc_auc" and "average_precision" scorers of ``cross_validate`` use) and of its 0/1 labels (the most
    probable class, which is what k-NN's ``predict`` returns)."""
    out: dict[str, list[float]] = {f"{m}{s}": [] for m in METRICS for s in ("", "_labels")}
    for train, test in splits:
        with threadpool_limits(limits=1):  # one thread: several times faster on small data on a busy machine
            fitted = clone(model).fit(_rows(X, train), y[train])
            proba = fitted.predict_proba(_rows(X, test))
        scores, labels = proba[:, 1], fitted.classes_.take(np.argmax(proba, axis=1))  # k-NN's predict
        for suffix, values in (("", scores), ("_labels", labels)):
            out[f"roc_auc{suffix}"].append(roc_auc_score(y[test], values))
            out[f"average_precision{suffix}"].append(average_precision_score(y[test], values))
    return {k: np.asarray(v) for k, v in out.items()}


def _samplers(steps: list[tuple[str, Any]]) -> list[Any]:
    return [step for _, step in steps if hasattr(step, "fit_resample")]


def _structure(answer: Any) -> tuple[Any, Any]:
    """The learner's two pipelines, or NotYet naming the first thing wrong with how they are built."""
    plain = expect_classifier_pipeline(answer["knn_plain"], "answer['knn_plain']")
    smote = expect_classifier_pipeline(answer["knn_smote"], "answer['knn_smote']")
    for key, steps in (("knn_plain", plain), ("knn_smote", smote)):
        if "KNeighborsClassifier" not in class_names(steps[-1][1]):
            raise NotYet(f"answer[{key!r}] ends in a {type(steps[-1][1]).__name__}; this exercise is about "
                         "k-nearest neighbours: end both pipelines in KNeighborsClassifier().")
    if _samplers(plain):
        raise NotYet("answer['knn_plain'] is the model without resampling: leave the sampler out of it.")
    samplers = _samplers(smote)
    if not samplers:
        raise NotYet("answer['knn_smote'] has no sampler step. Put SMOTE(random_state=42) inside the pipeline, "
                     "between the scaler and k-NN, so that cross-validation resamples only the training folds "
                     "(resampling X_sat first and cross-validating the result puts synthetic rows in the test "
                     "folds).")
    from imblearn.pipeline import Pipeline as ImbPipeline  # for isinstance only

    if not isinstance(answer["knn_smote"], ImbPipeline):
        raise NotYet("answer['knn_smote'] is a scikit-learn Pipeline, which cannot hold a sampler (it refuses "
                     "a step without transform when fitted). Build it with make_pipeline from "
                     "imblearn.pipeline.")
    if len(samplers) > 1:
        raise NotYet("answer['knn_smote'] has more than one sampler; use one, SMOTE(random_state=42).")
    for key, steps in (("knn_plain", plain), ("knn_smote", smote)):
        if not any(class_names(step) & SCALERS for _, step in steps[:-1]):
            raise NotYet(f"answer[{key!r}] has no scaling step. k-NN (and SMOTE) find neighbours by distance, "
                         "so a feature with a larger range would dominate: put a StandardScaler() first.")
    if getattr(samplers[0], "random_state", 0) is None:
        raise NotYet("give the sampler a fixed random_state (SMOTE(random_state=42)): with None every fit "
                     "invents other points, and your numbers cannot be reproduced.")
    others = [type(step) for _, step in smote if not hasattr(step, "fit_resample")]
    if others != [type(step) for _, step in plain] or plain[-1][1].get_params() != smote[-1][1].get_params():
        raise NotYet("the two pipelines should differ by the sampler only: the same scaler and the same "
                     "KNeighborsClassifier (same parameters) in both, SMOTE added in answer['knn_smote'].")
    return answer["knn_plain"], answer["knn_smote"]


def knn_smote_change(X: Any, y: Any, cv: Any) -> Exercise:
    """Exercise 1: ``{"knn_plain": ..., "knn_smote": ..., "roc_auc_change": ..., "average_precision_change":
    ...}``. Both models are imbalanced-learn pipelines that scale, then (``knn_smote`` only) resample, then
    classify with k-NN; each change is the mean over the folds of ``cv`` of knn_smote's score minus
    knn_plain's, as ``cross_validate(model, X, y, cv=cv, scoring=[...])`` gives them."""
    y = as_binary_target(y, "y")
    splits = list(cv.split(X, y))

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, KEYS)
        plain, smote = _structure(answer)
        got = {m: expect_number(answer[f"{m}_change"], f"the change in {m}", -1, 1) for m in METRICS}
        try:
            base, res = _fold_scores(plain, X, y, splits), _fold_scores(smote, X, y, splits)
        except Exception as err:  # the learner's pipeline cannot be fitted: say why
            raise NotYet(f"the pipelines could not be fitted on these folds ({type(err).__name__}: {err})") from err

        def matches(want: dict[str, float]) -> bool:
            return all(abs(got[m] - want[m]) <= TOLERANCE for m in METRICS)

        change = {m: float(res[m].mean() - base[m].mean()) for m in METRICS}
        if matches(change):
            return None
        if matches({"roc_auc": change["average_precision"], "average_precision": change["roc_auc"]}):
            return "the two changes are swapped: 'roc_auc_change' holds the average precision's and the other way round."
        if matches({m: -change[m] for m in METRICS}):
            return "the signs are flipped: the change is knn_smote's score minus knn_plain's, not the other way round."
        means = [float(scores[m].mean()) for scores in (base, res) for m in METRICS]
        if any(abs(got[m] - value) <= TOLERANCE for m in METRICS for value in means):
            return ("answer the change, not a score: the mean over the folds of knn_smote's score minus the "
                    "mean of knn_plain's.")
        if any(abs(got[m] - float(res[f"{m}_labels"].mean() - base[f"{m}_labels"].mean())) <= TOLERANCE
               for m in METRICS):
            return ("ROC-AUC and average precision judge scores (probabilities), not 0/1 labels: pass "
                    "scoring=['roc_auc', 'average_precision'] to cross_validate, which asks each model for "
                    "predict_proba (make_scorer(roc_auc_score) would score predict's labels).")
        n, repeats = len(splits), getattr(cv, "n_repeats", 1)
        if repeats > 1 and matches({m: float(res[m][:n // repeats].mean() - base[m][:n // repeats].mean())
                                    for m in METRICS}):
            return (f"these are the numbers of {n // repeats} folds (one repeat); the lesson's `cv` has {n}: "
                    "pass cv=cv to cross_validate.")
        return _other_protocols(plain, smote, base, matches) or (
            "the numbers do not match these two pipelines on the lesson's folds. Run "
            "cross_validate(model, X_sat, y_sat, cv=cv, scoring=['roc_auc', 'average_precision']) for each "
            "model, then take the mean of 'test_roc_auc' for knn_smote minus the mean for knn_plain (and "
            "the same for 'test_average_precision').")

    def _other_protocols(plain: Any, smote: Any, base: dict[str, np.ndarray], matches: Any) -> str | None:
        """Two common wrong protocols, tried only once the right one failed: five unshuffled folds (cv=5),
        and the sampler run on all rows before cross-validation."""
        five = list(check_cv(5, y, classifier=True).split(X, y))
        base5, res5 = _fold_scores(plain, X, y, five), _fold_scores(smote, X, y, five)
        if matches({m: float(res5[m].mean() - base5[m].mean()) for m in METRICS}):
            return ("these are the numbers of cv=5 (five unshuffled folds); pass the lesson's folds, cv=cv, "
                    f"to cross_validate ({len(splits)} shuffled folds).")
        X_res, y_res = clone(_samplers(list(smote.steps))[0]).fit_resample(X, y)
        y_res = np.asarray(y_res)
        leaky = _fold_scores(plain, X_res, y_res, list(cv.split(X_res, y_res)))
        if matches({m: float(leaky[m].mean() - base[m].mean()) for m in METRICS}):
            return ("these numbers come from resampling all of X_sat before cross-validating: the test folds "
                    "then hold synthetic rows whose neighbours, the rows they were made from, sit in the "
                    "training folds, and the scores are flattered. "
                    "Cross-validate answer['knn_smote'] on the original X_sat, y_sat: the pipeline resamples "
                    "only each training fold.")
        return None

    hint = ("Build the two pipelines with imbalanced-learn's make_pipeline (scaler, [sampler], classifier), "
            "then cross-validate each on the same folds, `cv`, scoring ROC-AUC and average precision. The "
            "change is a difference of two means over the folds.",
            "plain = cross_validate(knn_plain, X_sat, y_sat, cv=cv, scoring=['roc_auc', 'average_precision']) "
            "and the same for knn_smote; then roc_auc_change = smote['test_roc_auc'].mean() - "
            "plain['test_roc_auc'].mean(), and the same with 'test_average_precision'.")
    return Exercise("Exercise 1 (k-NN with and without SMOTE)", judge, hint,
                    on_correct="Compare the two signs with your prediction, and with what SMOTE did to k-NN "
                               "on yeast.")


def _counts(table: Any, rows: str = "sex", columns: str = "pregnant") -> dict[tuple[Any, Any], int]:
    """The non-zero cells of a crosstab as {(row value, column value): count}, without margins."""
    if table.index.name == columns and table.columns.name == rows:
        table = table.T
    table = table.drop(index="All", columns="All", errors="ignore").fillna(0)
    return {(str(r), str(c)): int(n) for (r, c), n in table.stack().items() if n}


def smotenc_crosstab(synthetic: Any, real: Any, y_real: Any) -> Exercise:
    """Exercise 2: ``pd.crosstab`` of ``sex`` (rows) against ``pregnant`` (columns) for SMOTENC's synthetic
    rows ``synthetic`` (the transposed table, or one with margins, is right too). ``real`` and ``y_real`` are
    the original patients and their labels, used to recognise a table of the wrong rows."""
    y_real = as_binary_target(y_real, "y_real")
    want = _counts(pd.crosstab(synthetic["sex"], synthetic["pregnant"]))
    wrong_rows = {
        "real": (_counts(pd.crosstab(real["sex"], real["pregnant"])),
                 "that is the table of the real patients (X_thy). The synthetic patients are the rows SMOTENC "
                 "added: `synthetic`, i.e. X_res.iloc[len(X_thy):]."),
        "real minority": (_counts(pd.crosstab(real["sex"][y_real == 1], real["pregnant"][y_real == 1])),
                          "that is the table of the real hypothyroid patients. The answer is the synthetic "
                          "patients' table: cross-tabulate `synthetic`."),
    }
    everyone = _counts(pd.crosstab(pd.concat([real["sex"], synthetic["sex"]], ignore_index=True),
                                   pd.concat([real["pregnant"], synthetic["pregnant"]], ignore_index=True)))
    wrong_rows["all"] = (everyone, "that counts every row of X_res, the real patients too. The synthetic ones are "
                                   "the rows after the real ones: `synthetic`, i.e. X_res.iloc[len(X_thy):].")

    def judge(answer: Any) -> str | None:
        if not isinstance(answer, pd.DataFrame):
            raise NotYet("answer should be the table pd.crosstab(...) returns (a DataFrame), not a "
                         f"{type(answer).__name__}.")
        if answer.index.nlevels != 1 or answer.columns.nlevels != 1:
            raise NotYet("answer should be one table, the synthetic patients' (pd.crosstab of two columns), not "
                         "several tables put together.")
        names = {answer.index.name, answer.columns.name}
        if not names <= {None, "row_0", "col_0"} and names != {"sex", "pregnant"}:
            return (f"this table has {answer.index.name!r} against {answer.columns.name!r}; cross-tabulate "
                    "`sex` against `pregnant`.")
        got = _counts(answer)
        if got == want or _counts(answer.T) == want:
            return None
        for counts, message in wrong_rows.values():
            if got == counts or _counts(answer.T) == counts:
                return message
        return ("the counts do not match SMOTENC's synthetic patients: pass synthetic['sex'] and "
                "synthetic['pregnant'] to pd.crosstab.")

    hint = ("pd.crosstab(a, b) counts every pair of values of two columns. SMOTENC's synthetic patients "
            "are the rows it added after the real ones.",
            "answer = pd.crosstab(synthetic['sex'], synthetic['pregnant']); for the real patients, "
            "pd.crosstab(X_thy['sex'], X_thy['pregnant']).")
    return Exercise("Exercise 2 (SMOTENC's synthetic patients)", judge, hint,
                    on_correct="Compare it with the real patients' table: which cells did SMOTENC leave empty, "
                               "and why?")


def exercises(X: Any, y: Any, cv: Any, synthetic: Any, real: Any, y_real: Any) -> tuple[Exercise, Exercise]:
    """The two checkers of lesson 03: k-NN with and without SMOTE on ``X, y`` with the folds ``cv``, and the
    crosstab of SMOTENC's ``synthetic`` rows (``real``, ``y_real``: the data SMOTENC resampled)."""
    return knn_smote_change(X, y, cv), smotenc_crosstab(synthetic, real, y_real)

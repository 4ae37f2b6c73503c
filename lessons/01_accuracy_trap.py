# %% [markdown]
# # 01 · The accuracy trap
#
# A model that is right 95% of the time sounds good. On imbalanced data it can be useless: if only 5%
# of the loans go bad, a model that approves every loan is right 95% of the time and never catches a
# single bad one. This notebook shows the trap on real data, then lets you watch it close.
#
# **In this notebook you will:**
# 1. check how rare the minority class is before you train anything (`Counter`, imbalance ratio);
# 2. cross-validate models with scikit-learn's `cross_validate`, and see a model that always answers
#    "no" score high accuracy and zero recall, and a real model fall into almost the same trap, in a
#    confusion matrix;
# 3. learn when a rare class is *not* a problem: when the classes barely overlap.
#
# **Prerequisites:** [00 · Start here](00_start_here.ipynb).

# %%
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ConfusionMatrixDisplay, make_scorer, precision_score
from sklearn.model_selection import RepeatedStratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from helpers import datasets, demos, evaluation, metrics, plotting

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine

# %% [markdown]
# ## How rare is the class we care about?
#
# The first thing to do with a new classification problem is to count the classes, before any model.
# The practical guide this course grew from gives the same advice, and it is right: every later
# number depends on it. Our running example is `lending_club`: 9,857 personal loans, and the class of
# interest (1) is a *bad loan* (charged off, defaulted or seriously late).

# %%
X, y = datasets.load("lending_club")
print(dict(sorted(Counter(y.tolist()).items())))
print(f"minority share: {y.mean():.1%}, imbalance ratio: {datasets.imbalance_ratio(y):.1f}")

# %% [markdown]
# 9,340 good loans and 517 bad ones: the bad loans are 5.2% of the rows, 18.1 good loans for every bad
# one. (`Counter(y)` counts the labels; `.tolist()` turns them into plain Python ints so they print
# cleanly.) Keep the 5.2% in mind: it sets the accuracy of the laziest possible model.

# %% [markdown]
# ## What does a model that always says "no" score?
#
# scikit-learn's `DummyClassifier(strategy="most_frequent")` ignores the features and always predicts
# the majority class. It is the baseline every real model must beat. We cross-validate it with
# scikit-learn's `cross_validate` on three shipped datasets: `RepeatedStratifiedKFold` cuts the rows
# into 5 folds that each keep the class balance, 3 times over with different shuffles, and each of
# the 15 times the model is fitted on 4 folds and scored on the fifth. We print its mean accuracy
# next to 1 minus the minority share.

# %%
always_no = DummyClassifier(strategy="most_frequent")
folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=42)  # 15 train/test splits
rows = []
for name in ["lending_club", "thyroid", "page_blocks"]:
    X_d, y_d = datasets.load(name)
    cv_scores = cross_validate(always_no, X_d, y_d, cv=folds, scoring=["accuracy", "recall"])
    rows.append({"dataset": name, "1 - minority share": round(1 - float(y_d.mean()), 3),
                 "accuracy": round(cv_scores["test_accuracy"].mean(), 3),
                 "recall (minority)": round(cv_scores["test_recall"].mean(), 3)})
pd.DataFrame(rows)

# %% [markdown]
# On every dataset, "always no" scores an accuracy equal to the majority's share: 0.948 on loans,
# 0.952 on thyroid patients and 0.995 on page blocks, while its **recall** (the share of minority
# rows it finds) is 0: it never finds a bad loan, a hypothyroid patient or a graphic block.
# Accuracy counts every row equally, so when 95% of the rows are easy "no"s, it mostly measures how
# rare the minority is, not how good the model is.

# %% [markdown]
# ## Does a real model escape the trap?
#
# Now a plain logistic regression, trained naively: all 22 features, no special treatment of the
# imbalance. It needs numbers on comparable scales, and 5 of the loan columns are categories (`term`,
# `sub_grade`, `addr_state`, ...). So the model is a pipeline. A `ColumnTransformer` sends the numeric
# columns (`make_column_selector` picks columns by type) to a median imputer and a `StandardScaler`,
# and the categorical ones to a most-frequent imputer and a `OneHotEncoder` (one 0/1 column per
# category; `handle_unknown="ignore"` turns a category never seen in training into zeros instead of
# an error). The loans have no gaps, but the thyroid data in the exercises do. Inside the pipeline,
# the preprocessing is refitted on each training fold, so it learns nothing from the loans being scored.

# %%
numeric = make_column_selector(dtype_include="number")
categorical = make_column_selector(dtype_exclude="number")
preprocess = ColumnTransformer([
    ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", sparse_output=False)), categorical),
])
plain_model = make_pipeline(preprocess, LogisticRegression(max_iter=1000))
plain_model

# %% [markdown]
# `cross_validate` scores it on the same 15 splits, one row per split. Precision (the share of
# flagged loans that really are bad) needs care: on a split where the model flags no loan at all it
# is 0/0, undefined. scikit-learn's `"precision"` scorer would record 0 there (with a warning), so
# we build the scorer from `precision_score` with `zero_division=np.nan`: undefined stays undefined.

# %%
scoring = {"accuracy": "accuracy", "recall": "recall", "roc_auc": "roc_auc",
           "precision": make_scorer(precision_score, zero_division=np.nan)}
plain_cv = cross_validate(plain_model, X, y, cv=folds, scoring=scoring)
per_split = pd.DataFrame({name: plain_cv[f"test_{name}"] for name in scoring})
per_split.round(3)

# %% [markdown]
# One row per split. Accuracy barely moves (0.945 to 0.948); recall is 0 on 12 of the 15 splits and
# 0.01 on the other 3 (one bad loan found, of the fifth of the 517 that a test fold holds); ROC-AUC
# ranges from 0.682 to 0.787. Precision is 0 where the model flagged a few loans and all of them
# were good, and NaN in row 13, the split where it flagged none.
#
# Fifteen rows are hard to compare by eye. `evaluation.compare` runs exactly this `cross_validate`
# call for each candidate, on the same splits (it calls them folds), and summarises each column as
# its mean with a 95% confidence interval. The interval is wider than a textbook t-interval of these
# 15 numbers: the splits share training rows, so it is widened (Nadeau & Bengio's correction), and for
# recall, precision and accuracy it is never narrower than the Wilson interval of the counts behind
# them (the standard interval for a proportion computed from its counts, such as 3 found of 60; it stays
# sensible when the proportion is near 0 or 1). A split where a metric is undefined is left out of both, and counted.

# %%
candidates = {"always no": always_no, "plain logistic regression": plain_model}
results = evaluation.compare(candidates, X, y, cv=folds, progress=False,
                             metrics=["accuracy", "recall", "precision", "roc_auc"])
evaluation.summary_table(results)

# %% [markdown]
# Read the first two columns together. The logistic regression's accuracy is 0.947 [0.942, 0.951],
# against 0.948 for the dummy, and its minority recall is 0.002 [0.000, 0.011]: out of every 1,000
# bad loans it flags about 2. By accuracy it is a 95% model; as a detector of bad loans it is
# nearly useless. Its precision, 0.113 with an interval from 0.000 to 0.452, is so uncertain because
# it flags only a handful of loans in each fold, and it is the mean of 14 splits, not 15: on the split
# where the model flagged no loan, precision is undefined ("1 of 15 folds undefined"), not 0. "Always
# no" never flags a loan, so its precision is undefined on every split.
#
# Yet it has learned something: its **ROC-AUC** is 0.734 [0.703, 0.765], well above the 0.5 of the
# dummy. ROC-AUC asks only whether bad loans get higher scores than good ones (lesson 02 explains it).
# They do, but not high enough to cross the line where `predict` says "bad".

# %% [markdown]
# Where does an interval such as ROC-AUC's [0.703, 0.765] come from? Here it is recomputed with numpy
# and scipy from the 15 scores in `plain_cv` above. A textbook 95% interval is the mean ± t × the
# standard error, where the standard error is √(s²/15) (s² the variance of the 15 scores, t the 97.5%
# point of Student's t distribution with 14 degrees of freedom). But the 15 scores are not independent:
# the splits share most of their training rows, so their spread understates how far the mean could
# move on other data. Nadeau and Bengio's correction widens s²/15 to s² × (1/15 + n_test/n_train).

# %%
from scipy.stats import t as student_t

auc = plain_cv["test_roc_auc"]  # one ROC-AUC per split, 15 in all
k = len(auc)
ratio = np.mean([len(test) / len(train) for train, test in folds.split(X, y)])  # n_test / n_train, 1/4
t_975 = student_t.ppf(0.975, df=k - 1)
for name, factor in [("textbook", 1 / k), ("corrected", 1 / k + ratio)]:
    half = t_975 * np.sqrt(factor * auc.var(ddof=1))
    print(f"{name:>9}: {auc.mean():.3f} [{auc.mean() - half:.3f}, {auc.mean() + half:.3f}]")

# %% [markdown]
# The corrected interval is the table's, [0.703, 0.765], about twice as wide as the textbook one,
# [0.719, 0.748]. `evaluation.compare` computes every interval this way (`helpers/stats.py`,
# `corrected_interval`); for accuracy, recall and precision it then widens the interval, where needed,
# so that it covers the Wilson interval of the counts behind it.

# %% [markdown]
# ## Which loans does each model get wrong?
#
# A confusion matrix counts the four outcomes: true "good", false alarm, missed bad loan, caught bad
# loan. To get one prediction per loan from a model that never saw that loan, we use cross-validated
# (out-of-fold) probabilities: `metrics.out_of_fold_scores` wraps scikit-learn's `cross_val_predict`.
# `predict` turns a probability into a label by asking "is it at least 0.5?", so we do the same.

# %%
proba = {"always no": metrics.out_of_fold_scores(always_no, X, y),
         "plain logistic regression": metrics.out_of_fold_scores(plain_model, X, y)}
with plotting.kit_style():
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
    for ax, (name, p) in zip(axes, proba.items()):
        ConfusionMatrixDisplay.from_predictions(y, (p >= 0.5).astype(int), display_labels=["good", "bad"],
                                                ax=ax, cmap="Blues", colorbar=False, values_format=",",
                                                text_kw={"fontsize": 14})
        ax.set_title(name)
        ax.grid(False)
    fig.suptitle("Both models call almost every loan good", x=0.02, ha="left")
fig;

# %% [markdown]
# The two matrices are almost the same. "Always no" puts all 9,857 loans in the left column: 9,340
# correct, 517 bad loans missed. The logistic regression flags 14 loans as bad, of which 1 really is,
# and misses the other 516.

# %% [markdown]
# Why does the logistic regression say "bad" so rarely? Compare the probabilities of "bad" it gives
# to the loans that really were bad and to the good ones:

# %%
p = proba["plain logistic regression"]
print(f"loans with a probability of at least 0.5: {int((p >= 0.5).sum())}")
print(f"median probability of 'bad' for bad loans: {np.median(p[y == 1]):.3f}, "
      f"for good loans: {np.median(p[y == 0]):.3f}")

# %% [markdown]
# The model does rank the risk: the median bad loan gets a probability of 0.072, more than twice the
# 0.031 of the median good loan. (Its ROC-AUC of 0.73 says the same about all pairs: a random bad loan
# gets a higher probability than a random good loan 73% of the time.) But with a 5% base rate almost
# no loan looks risky enough for "bad" to become the *more likely* answer, and `predict` only says
# "bad" at 0.5 or above: only 14 loans get there. A threshold of 0.5 is the right rule only when a
# missed bad loan costs the same as a wrongly refused good one (and the probabilities are calibrated);
# here it leaves the ranking unused, and
# lesson 02 chooses the threshold from the costs instead.

# %% [markdown]
# ## Is a rare class always hard to find?
#
# No. `kddcup` is far more imbalanced than the loans (22 rare rootkit and imap attacks among 2,225 connections, a ratio of
# 100 to 1), but those rare attacks look very different from the 2,203 "back" attacks that make up the
# majority. The same two candidates:

# %%
X_kdd, y_kdd = datasets.load("kddcup")
print(f"imbalance ratio: {datasets.imbalance_ratio(y_kdd):.1f}, minority rows: {int(y_kdd.sum())}")
kdd_results = evaluation.compare(candidates, X_kdd, y_kdd, metrics=["accuracy", "recall", "precision"],
                                 progress=False)
evaluation.summary_table(kdd_results)

# %% [markdown]
# The plain logistic regression finds 0.913 of the rare attacks [0.722, 1.000] with a precision of 1.000
# (no false alarm in any fold; its interval, [0.839, 1.000], says how few flagged attacks that rests
# on): more than five times the imbalance ratio of the loans, yet no trap.
# (The interval is wide because each test fold holds only 4 or 5 rare attacks, so one attack more or less
# moves recall by 0.2.) So the ratio alone did not make the loans hard. Our hypothesis for the loans is
# **overlap**: bad and good loans look alike on these 22 features (their ROC-AUC of 0.73 above says the
# model ranks them only moderately well). Rarity and overlap work together: the demo below holds the
# overlap fixed and makes the minority rarer, and recall at 0.5 collapses while the ranking does not
# change. (Other things make a rare class hard too: few minority rows in absolute terms, small
# sub-groups of the minority, wrong labels.) Before reaching for a fix, check whether a plain model
# already works.

# %% [markdown]
# ## How does the trap close as the minority gets rarer? (live demo)
#
# Move the slider from 50% to 0.5% (instructors: let the room watch). The data are SYNTHETIC
# (`datasets.make_synthetic_2d`, two overlapping clouds); at every share a plain logistic regression
# is fitted on 2,000 rows and scored on 20,000 fresh rows with the same share. The dashed line is the
# model's boundary: it says "minority" only to the right of it.

# %%
demo = demos.accuracy_trap()
demo

# %% [markdown]
# No kernel running (a static viewer, a printout)? The same demo at its two ends, with its readout:

# %%
demo.stills({"share": 0.5}, {"share": 0.01}, captions=["minority share 50%", "minority share 1%"]);

# %% [markdown]
# **Try this:** stop the slider at each step from 50% down and watch the dashed boundary: at which share
# does it leave most of the minority cloud on the "no" side, and does the cloud itself move?

# %% [markdown] tags=["solution"]
# Between 10% and 5%: recall is 0.561 at 10% and 0.315 at 5% (the table below). The minority cloud does
# not move, it only thins out; the boundary moves towards it as the share falls.

# %% [markdown]
# What moving the slider does, at the two ends:

# %%
for share in (0.5, 0.01):
    s = demo.update(share=share)
    print(f"minority share {share:.1%}: 'always no' accuracy {s['always_no_accuracy']:.3f}, "
          f"model accuracy {s['accuracy']:.3f}, recall {s['recall']:.3f} "
          f"({s['found']:,} of {s['test_minority']:,} found)")

# %% [markdown]
# Here is the demo's computation written out, for every step the slider visits, with the model's
# ROC-AUC added. At each share, `make_synthetic_2d` draws 2,000 training rows (`random_state=42`) and
# 20,000 fresh test rows with the same share (`random_state=43`); a plain `LogisticRegression()` is
# fitted on the first and scored on the second. The accuracy of an all-zero prediction is the accuracy
# of "always no".

# %%
from sklearn.metrics import accuracy_score, recall_score, roc_auc_score

shares = [0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005]  # the slider's steps
steps = []
for share in shares:
    X_s, y_s = datasets.make_synthetic_2d(2000, share, overlap=0.5, random_state=42)  # training rows
    X_new, y_new = datasets.make_synthetic_2d(20000, share, overlap=0.5, random_state=43)  # fresh test rows
    model = LogisticRegression().fit(X_s, y_s)
    y_pred = model.predict(X_new)  # "minority" where its probability is at least 0.5
    steps.append({"share": share, "always_no_accuracy": accuracy_score(y_new, np.zeros_like(y_new)),
                  "accuracy": accuracy_score(y_new, y_pred), "recall": recall_score(y_new, y_pred),
                  "roc_auc": roc_auc_score(y_new, model.predict_proba(X_new)[:, 1])})
sweep = pd.DataFrame(steps)
sweep.round(3)

# %% [markdown]
# Read down the table. As the minority share falls from 50% to 0.5%, the model's accuracy *rises*
# from 0.910 to 0.995 while its minority recall *falls* from 0.935 to 0.000. From 5% on, the model's
# accuracy is within 0.005 of "always no" (0.955 against 0.950, then 0.980, 0.990, 0.995 for both):
# it has learned to say "no". Its ROC-AUC stays at 0.96 throughout: the scores still rank minority
# points above majority points as well as at 50%. What changes is where the 0.5 boundary sits relative to the rare class, not how well the model ranks
# (watch the dashed line in the demo).

# %% [markdown]
# ## Key takeaways
#
# - Count the classes first: the minority share tells you the accuracy of a model that does nothing.
# - Accuracy on imbalanced data mostly measures the imbalance. Always compare with "always no" and look
#   at the minority class's recall and the confusion matrix.
# - A naive model can have real signal (ROC-AUC 0.73 on the loans) and still find almost none of the
#   minority at the default 0.5 threshold.
# - Imbalance alone is not the enemy: on the separable `kddcup` data a plain model finds 91% of a
#   1-in-100 class. On the synthetic clouds, recall at 0.5 fell as the minority got rarer, while ROC-AUC
#   stayed between 0.961 and 0.965 at every share: the ranking did not
#   depend on the class shares. Why the loans rank only at 0.73, overlap among the 22 features, is our
#   hypothesis, not a measurement.

# %% [markdown]
# ## Your turn
#
# Each exercise has a cell that ends with `exN.check(answer)`: replace the `...` with your answer and run
# the cell. `check` says "Correct!" or gives a hint, never the answer; `exN.hint()` prints a hint before
# you start. Where an exercise asks for a prediction, write it in the comment first: a prediction made
# after seeing the output teaches nothing. A worked solution sits folded below each exercise.

# %%
from helpers.exercises import lesson01

ex1, ex3 = lesson01.exercises(X, y, folds)  # checkers bound to the loans and the lesson's 15 splits

# %% [markdown]
# **Exercise 1: a guesser that sometimes says "bad".** `DummyClassifier(strategy="stratified",
# random_state=42)` also ignores the features, but instead of always answering "good" it answers at
# random: "bad" with the share of bad loans it saw in training (5.2%), "good" otherwise. Cross-validate
# it on the loans with `cross_validate`, on the same 15 splits (`folds`), scoring accuracy and recall,
# and set `answer` to the model and its mean accuracy and mean recall over the splits. Before running,
# predict: will its accuracy be above or below the 0.948 of "always no"? Will its recall be above or
# below the logistic regression's 0.002?

# %%
# My prediction (before running):
guesser = ...  # a DummyClassifier that answers at random with the training class shares
answer = {"model": guesser, "accuracy": ..., "recall": ...}  # means over the 15 splits
ex1.check(answer)

# %% tags=["solution"]
guesser = DummyClassifier(strategy="stratified", random_state=42)
guess_cv = cross_validate(guesser, X, y, cv=folds, scoring=scoring)
answer = {"model": guesser, "accuracy": guess_cv["test_accuracy"].mean(), "recall": guess_cv["test_recall"].mean()}
ex1.check(answer)
means = pd.DataFrame({"random guesser": {name: guess_cv[f"test_{name}"].mean() for name in scoring},
                      "plain logistic regression": per_split.mean()})
means.round(3)

# %% [markdown] tags=["solution"]
# The guesser's accuracy, 0.898, is below the 0.948 of "always no": every "bad" it says at random is
# usually said about a good loan. But its recall, 0.056, is far above the logistic regression's 0.002:
# by saying "bad" about one loan in twenty, it catches about one bad loan in twenty, without looking
# at a single feature. Its precision, 0.053, is about the share of bad loans (5.2%), and its ROC-AUC
# is 0.500: no skill at all. So a higher recall alone does not make a better model; it can come from
# saying "bad" more often. Lesson 02 reads recall next to precision, and ROC-AUC, for that reason.

# %% [markdown]
# **Exercise 2.** Is `thyroid` more like `lending_club` (a trap) or like `kddcup` (no trap)? Compare
# "always no" with the plain logistic regression on it, on the lesson's 15 splits (`folds`), and read the
# recall with its interval.

# %%
# Your code here

# %% tags=["solution"]
X_t, y_t = datasets.load("thyroid")
evaluation.summary_table(evaluation.compare(candidates, X_t, y_t, metrics=["accuracy", "recall"], cv=folds,
                                            progress=False))

# %% [markdown] tags=["solution"]
# In between, closer to `kddcup`: the plain model finds 0.713 of the hypothyroid patients, at an
# accuracy of 0.982 against 0.952 for "always no". The interval [0.622, 0.803] comes from 15 recall
# values, each from about 30 patients; it is far above the dummy's 0. The lab values separate most
# patients well.

# %% [markdown]
# **Exercise 3: clouds further apart.** The sweep above used `overlap=0.5`; with `overlap=0.3` the
# minority's cloud sits further from the majority's. Rerun the sweep with `overlap=0.3` (in both
# `make_synthetic_2d` calls) and set `answer` to the first share in `shares`, going down from 0.5, at
# which the model finds fewer than half of the minority (recall below 0.5). With `overlap=0.5` it was
# 0.05. Before running, predict: with less overlap, will that happen at a larger share, a smaller one,
# or not at all?

# %%
# My prediction (before running):
answer = ...  # a share from `shares`: the first one where recall is below 0.5
ex3.check(answer)

# %% tags=["solution"]
steps_03 = []
for share in shares:
    X_s, y_s = datasets.make_synthetic_2d(2000, share, overlap=0.3, random_state=42)
    X_new, y_new = datasets.make_synthetic_2d(20000, share, overlap=0.3, random_state=43)
    y_pred = LogisticRegression().fit(X_s, y_s).predict(X_new)
    steps_03.append({"share": share, "always_no_accuracy": accuracy_score(y_new, np.zeros_like(y_new)),
                     "accuracy": accuracy_score(y_new, y_pred), "recall": recall_score(y_new, y_pred)})
sweep_03 = pd.DataFrame(steps_03)
answer = sweep_03.loc[sweep_03["recall"] < 0.5, "share"].iloc[0]
ex3.check(answer)
sweep_03.round(3)

# %% [markdown] tags=["solution"]
# Later, at a smaller share: with the clouds further apart, recall stays above 0.5 down to a 2%
# minority (0.625) and first falls below it at 1% (0.390), against 5% with `overlap=0.5`. It still
# falls at every step, to 0.240 at 0.5% (0.000 with `overlap=0.5`), while accuracy climbs to 0.996. On
# these synthetic clouds, less overlap delays the collapse of recall but does not prevent it within the
# shares the sweep visits.

# %% [markdown]
# ## Next
#
# Continue with **[02 · Metrics that matter](02_metrics_that_matter.ipynb)**: what to measure instead of
# accuracy, and how the decision threshold turns scores into decisions.

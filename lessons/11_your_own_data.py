# %% [markdown]
# # 11 · Your own data, end to end
#
# *What should I do with my own CSV tomorrow?*
#
# This notebook is a template: set the first code cell to your file, your target and what your two
# mistakes cost, then run every cell. It runs the workflow the course recommends (lesson 08) and prints, at
# each step, what the numbers mean. Out of the box it runs on an example: the course's `thyroid` data (3,163
# patients, 151 of them hypothyroid), written as a CSV as your own file would be.
#
# **Before you run it on your data:** *Kernel → Restart Kernel and Clear Outputs of All Cells*, then *Run → Run
# All Cells*. Otherwise, when a cell stops with an error, the example's outputs stay on screen below it and read
# like results on your file. Each key output starts with the file it is about (`Data: ...`).
#
# **In this notebook you will:**
# 1. load and check a CSV (clear errors for a wrong path, target, label, cost or time column), split it once (at
#    random, or by time: the past trains, the most recent rows test), profile it and price the decisions any
#    model must beat;
# 2. shortlist with the decision guide, read the candidates' scikit-learn code, compare them on 10 paired
#    folds with one rule stated in advance, and tune the decision threshold for your costs, or, when nobody
#    can name them, show the decision at several cost ratios on the training rows for the cost owner to choose;
# 3. check the probabilities, see the model survive missing values it never met in training, evaluate it
#    once on the untouched test rows with intervals, print a summary a stakeholder can read, and save the model
#    with the code that scores tomorrow's CSV.
#
# **Prerequisites:** [02 · Metrics that matter](02_metrics_that_matter.ipynb) (costs, the cheapest threshold),
# [08 · Thresholds and calibration](08_thresholds_and_calibration.ipynb) (the recommended workflow) and
# [10 · Case study](10_case_study.ipynb) (a test set, bootstrap intervals, the stakeholder summary). Terms are
# in the [glossary](glossary.md). About 15 minutes on the example; on your data, as long as the fits take.

# %% tags=["parameters"]
# Your data: change these lines, then Run All. The defaults run the course's thyroid data, written as a CSV.
CSV_PATH = "thyroid.csv"  # your file: a path from this notebook's folder, or an absolute path
TARGET = "target"  # the column to predict; it must hold exactly two labels
POSITIVE_LABEL = 1  # the label you want found (the rare, costly one), e.g. 1, "yes", "fraud"
COST_MISS = 10  # what one missed positive costs, in any unit; None if nobody can name it
COST_FALSE_ALARM = 1  # what one false alarm costs, in the same unit
TIME_COLUMN = None  # None: a random stratified split; a column of dates written YYYY-MM-DD (or of numbers):
#                     train on the past, test on about the most recent 25% of the rows
DROP_COLUMNS = []  # columns never to learn from: identifiers, anything known only after the outcome

# %% [markdown]
# The cell above is the **parameters cell** (tagged `parameters`). Two of its values deserve a thought before
# you run anything:
# - **the costs**: only their ratio matters. "A missed fraud costs 50 times a needless check" is
#   `COST_MISS = 50`, `COST_FALSE_ALARM = 1`. If nobody can say, write `COST_MISS = None`: the notebook then
#   shows the decision at ratios of 2, 5, 10, 20 and 50 **on the training rows only**, for whoever owns the
#   costs to choose one; the test rows wait until a cost is named;
# - **DROP_COLUMNS**: a column filled in *after* the outcome (a "closed as fraud" date, a treatment given
#   because of the diagnosis) makes any model look brilliant and fail in use. That is leakage (lesson 07),
#   and no test below can detect it: only you know when each column is recorded.
#
# **Where to put your file, and running it elsewhere.** Put the CSV in this notebook's folder and give its
# name (`CSV_PATH = "loans.csv"`), or give an absolute path. Outside the course folder, install the course's
# helpers first (the README's "Using the helpers outside the course folder": `pip install
# git+https://github.com/<owner>/<repo>`), then copy this notebook next to your CSV. To run it with other values
# without clicking through it, edit this cell in a copy and execute the copy: `jupyter nbconvert --to notebook
# --execute --output my_run.ipynb my_copy.ipynb`. (papermill's `-p` sets the values without editing, but it is
# not part of the course's environment: `pip install papermill` first.)

# %%
from functools import partial
from pathlib import Path

import joblib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from scipy.optimize import brentq
from scipy.special import expit
from sklearn.base import clone
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from threadpoolctl import threadpool_limits

from helpers import calibration, datasets, evaluation, guide, owndata, plotting, stats

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine
pd.set_option("display.max_colwidth", 200)

# %% [markdown]
# The example's CSV, written from the course's shipped data the first time (with your own file, this does nothing):

# %%
if CSV_PATH == "thyroid.csv" and not Path(CSV_PATH).exists():
    X_example, y_example = datasets.load("thyroid")
    X_example.assign(target=y_example).to_csv(CSV_PATH, index=False)

# %% [markdown]
# ## Is the file what you think it is?
#
# `owndata.check_costs` and `owndata.read_csv` check the parameters before anything is fitted, and stop with
# an error that says what they found: the columns of the file when `TARGET` is not one of them, the labels
# and their counts (and a near match, "did you mean 'bad'?") when `POSITIVE_LABEL` does not occur, the values
# of `TIME_COLUMN` that are not dates written YYYY-MM-DD or numbers. `read_csv` is `pandas.read_csv` plus those
# checks: the target becomes `y` (1 for your positive label, 0 for the other), the time column and
# `DROP_COLUMNS` leave the features.

# %%
COST_MISS, COST_FALSE_ALARM = owndata.check_costs(COST_MISS, COST_FALSE_ALARM)
X, y, info = owndata.read_csv(CSV_PATH, TARGET, POSITIVE_LABEL, time_column=TIME_COLUMN, drop_columns=DROP_COLUMNS)
print(f"Data: {CSV_PATH}: {info['rows_read']:,} rows; {X.shape[1]} feature columns; labels of {TARGET!r}: "
      f"{info['labels']}; positive = {info['positive_label']!r}: {int(y.sum()):,} rows ({y.mean():.1%})")
if len(y) > owndata.LARGE_ROWS:  # each candidate is fitted about 60 times: say how long that may take
    print(f"Check: {len(y):,} rows: expect about {owndata.estimated_seconds(len(y)) / 60:.0f} minutes on 2 cores. To try "
          "the workflow on a sample first, add a cell below this one: X, _, y, _ = train_test_split(X, y, "
          "train_size=50_000, stratify=y, random_state=42)")

# %% [markdown]
# Then what `read_csv` noticed, one "Check:" line each. None of them stops the notebook: each is a question only
# you can answer about your columns.

# %%
notes = {
    "the positive label is the more common one: is it the case you want found? (the profile below still calls "
    "the positives 'minority', and an imbalance ratio below 1 means they outnumber the negatives)":
        f"{y.mean():.0%} of the rows" if y.mean() > 0.5 else None,
    "rows without a label, dropped": info["missing_target"],
    "columns you dropped (DROP_COLUMNS)": info["dropped_columns"],
    f"columns with fewer than {owndata.MIN_VALUES} values (kept; a model learns little from them)": info["sparse_columns"],
    "a different value on every row: an identifier? It cannot generalise: add it to DROP_COLUMNS": info["id_like"],
    "of those, whole numbers: a model uses them as numbers, and an identifier issued in order stands in for time "
    "(later cases, higher numbers): drop it, or make it TIME_COLUMN": info["id_numbers"],
    "an identifier with several rows each (several rows per customer?): a split by rows puts a customer on both "
    "sides and flatters the test; split by it (lesson 07), which this notebook does not do": info["repeated_ids"],
    "dates stored as text, one-hot encoded as categories: turn them into numbers (year, month, days since an event) "
    "in the CSV, or add them to DROP_COLUMNS": info["dates_as_text"],
    "number columns read as text because of these values (codes for 'missing'? fix the CSV)": info["numbers_as_text"]}
found = {note: value for note, value in notes.items() if value}
for note, value in found.items():
    print(f"Check: {note}: {value}")
if not found:
    print("No check to report.")

# %% [markdown]
# A number column read as text (because of a `?` or `n/a` among the numbers) is one-hot encoded as categories
# instead of used as a number; so is a date written as text, each date a category of its own.
#
# The **cost ratio** is what a miss costs in false alarms, COST_MISS / COST_FALSE_ALARM. `SCAN` is the range of
# ratios the decision is shown at, with yours added, to show how it would move if your costs were off.

# %%
if COST_MISS is None:  # nobody can name the costs: no ratio is chosen, and the test rows wait
    ratio = None
    print("No cost given: the decision is shown at cost ratios 2, 5, 10, 20 and 50 on the training rows, none is "
          "chosen, and the test rows stay untouched until a cost is named.")
else:
    ratio = COST_MISS / COST_FALSE_ALARM
    ratio = int(ratio) if float(ratio).is_integer() else ratio
    print(f"A miss costs {COST_MISS} and a false alarm {COST_FALSE_ALARM}: a cost ratio of {ratio:g}.")
TESTED = ratio is not None  # the test rows are used only with a cost
SCAN = sorted({2, 5, 10, 20, 50} | ({ratio} if TESTED else set()))

# %% [markdown]
# ## Which rows train the model, and which test it?
#
# The test rows are set aside **now** and used once, at the end; every choice before that (the model, the
# threshold) is made on the training rows. With `TIME_COLUMN = None` a quarter of the rows is drawn at random,
# stratified (the same share of positives in both parts). With a time column, the model must work on cases that
# come *after* the ones it learnt from, so the test rows are the most recent ones: a **time-based split**. Rows
# that share a time stay on one side, so the cut goes between two times, at the place whose test part is nearest
# a quarter of the rows (`owndata.time_cut`; the share it actually uses is printed).
#
# Rows are split one by one. If your file holds several rows per customer (patient, machine), one customer's
# rows land on both sides and the test flatters the model: such rows need a split by customer
# (`GroupShuffleSplit`, `StratifiedGroupKFold`, lesson 07), which this notebook does not do.

# %%
if TIME_COLUMN is None:
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    print("A random stratified split: 75% of the rows train, 25% test.")
else:
    time = info["time"].loc[X.index]
    cut, test_share = owndata.time_cut(time)  # the first time of the test part
    past = (time < cut).to_numpy()
    X_train, X_test, y_train, y_test = X[past], X[~past], y[past], y[~past]
    cut = cut.date() if isinstance(cut, pd.Timestamp) and cut == cut.normalize() else cut  # a day: no 00:00:00
    print(f"A time-based split on {TIME_COLUMN!r}: rows before {cut} train, rows from {cut} on test: the most "
          f"recent {test_share:.1%} of the rows (the nearest to 25% that keeps the rows of one time together).")
sparse = owndata.check_split(y_train, y_test, X_train)  # errors if a part holds too few rows of a class
print(f"training: {len(y_train):,} rows, {int(y_train.sum()):,} positive ({y_train.mean():.1%}); "
      f"test: {len(y_test):,} rows, {int(y_test.sum()):,} positive ({y_test.mean():.1%})")
if sparse:
    print(f"Check: fewer than {owndata.MIN_VALUES} values in the training rows (kept; recorded only lately?): {sparse}")

# %% [markdown]
# With a time split, the choices below are still made on **random** stratified folds of the training rows (the
# guide's 10 paired folds, and the threshold tuner's 5): their verdicts need folds of similar size, each with
# positives, which folds cut along time cannot promise. Only the final test respects time, and the test section
# also checks the threshold on the most recent fifth of the training rows. If the world drifts, those checks
# will say so.
#
# ## What kind of problem is it?
#
# `guide.profile` (lesson 09) measures the training rows; `guide.cautions` says how far any comparison on them
# can go. The profile's terms are read out in words below it.

# %%
prof = guide.profile(X_train, y_train)
for caution in guide.cautions(prof):
    print("Caution:", caution)
prof

# %% [markdown]
# The same profile in words. `encoded_columns` is the width the models see: one column per number, one per
# text level kept (a text column with more than 20 different values is **high-cardinality**: the candidates
# one-hot encode its 19 most frequent values and pool the rest). `overlap` is the share of positives that are
# not "safe" (fewer than 4 of their 5 nearest neighbours positive) when each positive meets as many negatives
# as there are positives; `overlap_as_is` counts the same on the data as they are, where the rarity of the
# positives also surrounds them with negatives.

# %%
print(f"{prof['rows']:,} training rows, {prof['features']} feature columns ({prof['numeric_features']} numbers, "
      f"{prof['categorical_features']} text, {prof['high_cardinality_features']} of those high-cardinality), "
      f"{prof['encoded_columns']} columns once encoded (encoded_columns).")
print(f"{prof['minority']:,} positives ('minority') against {prof['majority']:,} negatives ('majority'): "
      f"{prof['imbalance_ratio']:g} negatives per positive (imbalance_ratio); {prof['missing_share']:.1%} of the "
      "cells are missing (missing_share).")
print(f"Of the positives, {prof['safe']:.0%} are safe, {prof['borderline']:.0%} borderline, {prof['rare']:.0%} rare "
      f"and {prof['outlier']:.0%} outliers among as many negatives: overlap {prof['overlap']:.2f}. On the data as they "
      f"are, {prof['overlap_as_is']:.0%} are not safe (overlap_as_is).")

# %% [markdown]
# ## What does a decision without a model cost?
#
# Two **rules without a model**: **flag nobody** (every positive is missed) and **flag everybody** (every
# negative is a false alarm). In units of one false alarm, per case, they cost ratio × share of positives and
# 1 − share of positives. A model is worth using only where it beats the cheaper of the two; its ranking
# must beat an average precision equal to the share of positives (no skill, lesson 02), and its
# probabilities a Brier skill score of 0.

# %%
share = y_train.mean()
print(f"No skill on the training rows: average precision {share:.3f}, ROC-AUC 0.5, Brier skill score 0")
no_model = pd.DataFrame({"flag nobody": [r * share for r in SCAN], "flag everybody": [1 - share] * len(SCAN)},
                        index=pd.Index(SCAN, name="cost ratio"))
no_model["cheaper rule"] = np.where(no_model["flag nobody"] <= no_model["flag everybody"], "flag nobody",
                                    "flag everybody")
no_model.round(3)

# %% [markdown]
# ## What does the guide shortlist, and in which code?
#
# `guide.recommend` returns the candidates the course's evidence supports for these rows, each with its
# reasons and the scikit-learn code that builds it: gradient boosting starts (the **start-here candidate**),
# except with fewer than 50 positives in the training rows, where logistic regression starts and the booster
# becomes a **peer** (a peer is another candidate the evidence puts level with the start-here one, compared with
# it on the same folds). Up to 10,000 training rows, a random forest is a peer too; beyond 200,000, an
# under-sampled booster is offered to fit faster. Every one is wrapped in `TunedThresholdClassifierCV` with a
# cost scorer (lesson 08). The tuner needs a cost ratio: when you named none, the candidates are built for 1:1
# only so that their code can be shown, and nothing below uses that ratio.

# %%
build_costs = (COST_MISS, COST_FALSE_ALARM) if TESTED else (1, 1)  # 1:1: a placeholder, unused
recs = guide.recommend(X_train, y_train, cost_miss=build_costs[0], cost_false_alarm=build_costs[1], p=prof)
for cand in recs:
    print(f"{cand.name} ({cand.role}):" + "".join(f"\n  - {reason}" for reason in cand.reasons))

# %% [markdown]
# The first candidate's code in full: copy it into your own project. The preprocessing (`prepare`) fills
# gaps in every column, whether or not the training rows had any, so a value missing in production does not
# break the model (tested below). `thresholds` is the grid the tuner tries: fine steps below 0.1, where a rare
# class's cheapest thresholds sit.

# %%
print(recs[0].code)
for cand in recs[1:]:
    print(f"# {cand.name}: the same lines up to `prepare`, then\n{cand.model_code}")

# %% [markdown]
# ## Which candidate do the paired folds support?
#
# The rule, stated before the numbers (`guide.choose`): **keep the start-here candidate unless another is
# detectably cheaper**, that is, unless its cost per case is lower on the same 10 folds (5 stratified folds,
# repeated twice) with a paired interval below zero after Holm's adjustment. A candidate that ranks better
# but is not detectably cheaper does not replace it: the decisions are what cost money. With costs,
# `guide.evaluate` runs every candidate, tuner included, on those folds; without, no candidate can be shown
# cheaper, so the start-here candidate stays, and the models inside the tuners are compared on their ranking
# (average precision) and probabilities (Brier skill score) only.

# %%
if TESTED:
    ev = guide.evaluate(X_train, y_train, recs, n_jobs=2)  # two folds at a time
    summary, differences = ev.summary, ev.differences
    chosen_name, why = guide.choose(ev)
else:
    inner = {cand.name: cand.estimator.estimator for cand in recs}  # the models inside the tuners
    summary, folds = evaluation.compare(inner, X_train, y_train, cv=guide.default_cv(), n_jobs=2, return_folds=True,
                                        metrics=["average_precision", "roc_auc", "brier_skill"])
    differences = evaluation.difference(folds, recs[0].name, ["average_precision", "brier_skill"])
    chosen_name, why = recs[0].name, "no cost was named, so no candidate can be shown cheaper: the rule keeps it"
evaluation.summary_table(summary)

# %% [markdown]
# Each cell is a mean over the 10 folds with its 95% interval; recall and precision (when you named costs)
# are those of each candidate's own tuned threshold. Whether the intervals of two candidates overlap decides
# nothing: the candidates met the same folds, so the verdict is read from their paired differences, each
# candidate minus the start-here one (lower cost is better, higher average precision and Brier skill are
# better):

# %%
differences[["candidate", "metric", "difference", "ci_low", "ci_high", "p_holm", "verdict", "reading"]].round(3)

# %% [markdown]
# The choice, and one more check: a start-here model whose probabilities are worse than no skill, next to a
# peer detectably better on them, is worth a sentence, because someone will read its scores as risks.

# %%
chosen = next(cand for cand in recs if cand.name == chosen_name)
learner = chosen_name.replace(" + cost threshold", "")  # the model inside the threshold tuner
model_name = chosen_name if TESTED else learner  # without a cost, the model has no threshold yet
skill = summary[summary["metric"] == "brier_skill"].set_index("candidate")["mean"]
better_probs = differences[(differences["metric"] == "brier_skill") & (differences["verdict"] == "better")]
probability_note = ""
if chosen_name == recs[0].name and skill[chosen_name] < 0 and len(better_probs):
    peer = better_probs.sort_values("difference").iloc[-1]
    probability_note = (f"; its probabilities are worse than no skill (Brier skill {skill[chosen_name]:.2f}) and "
                        f"{peer['candidate']} is detectably better on them ({peer['difference']:+.2f}, 95% interval "
                        f"{peer['ci_low']:+.2f} to {peer['ci_high']:+.2f}): if you need risks, prefer it or recalibrate")
print(f"Data: {CSV_PATH}")
print(f"Chosen: {model_name}, because {why}{probability_note}.")
if not TESTED:
    print(f"(The model alone: '{chosen_name}' gets its threshold once a cost is named.)")

# %% [markdown]
# ## Which threshold do the costs call for?
#
# Two computations on the training rows. First the **out-of-fold** probabilities of the chosen model (each
# row scored by a model fitted on the other four fifths, on the tuner's own 5 folds): they show the decision at
# every ratio, and feed the calibration check. Then, when you named your costs, the final model: the chosen
# candidate, `TunedThresholdClassifierCV`, fitted on all the training rows; it picks its threshold on the same 5
# folds and refits the model on every training row. Without costs, the final model is the model alone.

# %%
inner_model = chosen.estimator.estimator  # the chosen model, without its threshold tuner
thresholds = chosen.estimator.thresholds  # the grid the tuner tries (`thresholds` in the code above)
folds5 = StratifiedKFold(5, shuffle=True, random_state=42)  # the tuner's own 5 folds
oof = cross_val_predict(clone(inner_model), X_train, y_train, cv=folds5, method="predict_proba", n_jobs=2)[:, 1]
if TESTED:
    final = clone(chosen.estimator).set_params(n_jobs=2).fit(X_train, y_train)  # the TunedThresholdClassifierCV
    threshold = final.best_threshold_
    print(f"tuned threshold {threshold:.3g}: {-final.best_score_:.3f} per case in its inner 5-fold CV")
else:
    final, threshold = clone(inner_model).fit(X_train, y_train), None  # no threshold until a cost is named

# %% [markdown]
# The decision at every ratio of `SCAN`, from the out-of-fold probabilities, chosen the way the tuner chooses:
# for each of the same thresholds, the cost of flagging every row at or above it, on each of the same 5 folds,
# averaged over the folds; the cheapest threshold wins. First the two rates that cost is made of:

# %%
fold = np.empty(len(oof), dtype=int)
for k, (_, rows_k) in enumerate(folds5.split(X_train, y_train)):
    fold[rows_k] = k  # which of the 5 folds scored each row
flagged = oof[:, None] >= thresholds  # one column per candidate threshold
positive = y_train.to_numpy()[:, None] == 1
miss_rate = np.mean([(positive & ~flagged)[fold == k].mean(axis=0) for k in range(5)], axis=0)  # misses per case
alarm_rate = np.mean([(~positive & flagged)[fold == k].mean(axis=0) for k in range(5)], axis=0)  # false alarms per case

# %% [markdown]
# Costs are per case, in units of one false alarm; t* = 1 / (1 + ratio) is where a calibrated model would put
# the line (lesson 02). A cheapest threshold that flags no row reads "flag nobody" (and one that flags every row,
# "flag everybody"): at that ratio, the model's best decision is a rule without a model.

# %%
rows, best_at = [], {}
for r in SCAN:
    cost = r * miss_rate + alarm_rate  # what the tuner minimises, in false alarms
    best = best_at[r] = int(np.argmin(cost))  # the first (lowest) of equally cheap thresholds, as the tuner does
    n_flagged, found = int(flagged[:, best].sum()), int((flagged[:, best] & positive[:, 0]).sum())
    rows.append({"cost ratio": r, "t*": f"{1 / (1 + r):.3g}",
                 "cheapest threshold": "flag nobody" if n_flagged == 0 else "flag everybody" if n_flagged == len(oof)
                 else f"{thresholds[best]:.3g}", "share flagged": n_flagged / len(oof), "recall": found / positive.sum(),
                 "precision": found / n_flagged if n_flagged else np.nan, "cost per case": cost[best],
                 "cheaper rule's cost": min(r * share, 1 - share)})
scan = pd.DataFrame(rows).set_index("cost ratio")
scan["below the cheaper rule"] = np.where(scan["cost per case"] < scan["cheaper rule's cost"] - 1e-12, "yes", "no")
scan.round(3)

# %%
lines = [thresholds[best_at[r]] for r in SCAN]
print("Down the table, the dearer a miss, the lower (or equal) the cheapest threshold: "
      + ("it holds." if np.all(np.diff(lines) <= 0) else "it does NOT hold here: the out-of-fold costs are noisy."))
if TESTED:
    same = np.isclose(thresholds[best_at[ratio]], threshold)
    print(f"At your ratio, {ratio:g}: the table's threshold {thresholds[best_at[ratio]]:.3g}, the tuner's {threshold:.3g}"
          + (": the same, as they should be (same thresholds, same folds, same averaging)." if same else
             ": they differ, which they should not (same thresholds, same folds): please report it."))
else:
    print("No cost named: whoever owns the costs picks the line whose ratio matches what a miss really costs, "
          "BEFORE the test rows are used; then set COST_MISS (and COST_FALSE_ALARM) and run the notebook again.")

# %% [markdown]
# Read down the table: the dearer a miss, the more rows flagged, the higher the recall and the lower the
# precision. Two ratios with the same row are not a coarse grid (the tuner tries 60 thresholds below 0.1): no
# threshold in between catches a positive cheaply enough at either ratio. Where "below the cheaper rule" says no, the model saves nothing at that ratio on the training rows
# (a point estimate, not yet a verdict). These are training-side figures, chosen and measured on the same folds,
# so slightly flattering; the test rows give the honest ones.
#
# ## Can its probabilities be read as risks?
#
# The threshold was chosen for the cost, so the decisions do not need calibrated probabilities. A stakeholder
# who reads "a 30% risk" does. The checks of lesson 08 on the out-of-fold probabilities: the mean probability
# against the share of positives, the Brier skill score and log loss against no skill, and the **calibration
# slope** (1: the right spread; below 1: too extreme) and **intercept** (with the slope held at 1; 0: right on
# average; below 0: too high), each with a 95% **robust interval**: the estimate ± 1.96 sandwich standard
# errors of the logistic fit behind it, which stay honest when that fit is not the true shape of the
# probabilities (on the example they agree with a 2,000-resample bootstrap, in a fraction of its time).
# First that fit:

# %%
def logit(p):
    p = np.clip(p, 1e-12, 1 - 1e-12)  # as helpers.calibration does: 0 and 1 have infinite log-odds
    return np.log(p) - np.log1p(-p)


def recalibration(y_true, p):  # logit P(y = 1) = a + b·logit(p): (estimate, low, high) of the intercept and slope
    y_true, z = np.asarray(y_true), logit(p)
    a0, b = calibration.calibration_intercept(y_true, p), calibration.calibration_slope(y_true, p)
    mu = expit(a0 + z)  # the fit of the intercept, with the slope held at 1, and its robust standard error
    se = np.sqrt(np.sum((y_true - mu) ** 2)) / np.sum(mu * (1 - mu))
    out = {"intercept": (a0, a0 - 1.96 * se, a0 + 1.96 * se), "slope": (np.nan, np.nan, np.nan)}
    if np.isnan(b):  # the slope is not identified (helpers.calibration says when)
        return out
    a = brentq(lambda a: np.sum(y_true - expit(a + b * z)), -30 - 28 * abs(b), 30 + 28 * abs(b))  # the intercept with b
    design, mu = np.column_stack([np.ones_like(z), z]), expit(a + b * z)
    bread = np.linalg.inv(design.T @ (design * (mu * (1 - mu))[:, None]))  # the inverse Fisher information
    meat = design.T @ (design * ((y_true - mu) ** 2)[:, None])  # the scores' observed spread
    se = np.sqrt((bread @ meat @ bread)[1, 1])
    out["slope"] = (b, b - 1.96 * se, b + 1.96 * se)
    return out

# %% [markdown]
# The verdict reads the intervals: an interval that excludes the ideal value (1 for the slope, 0 for the
# intercept) says the probabilities are off; both intervals inside this notebook's bands (slope 0.8 to 1.2,
# intercept −0.2 to 0.2) say they can be read as risks; anything else is not shown either way.

# %%
rc = recalibration(y_train, oof)
(a0, a_low, a_high), (b, b_low, b_high) = rc["intercept"], rc["slope"]
off = [words for words, found in (("too extreme (slope below 1)", b_high < 1), ("too timid (slope above 1)", b_low > 1),
                                  ("too high on average", a_high < 0), ("too low on average", a_low > 0)) if found]
in_bands = -0.2 <= a_low and a_high <= 0.2 and 0.8 <= b_low and b_high <= 1.2
risks = ("not reliable as risks: " + " and ".join(off) if off else "reliable as risks" if in_bands else
         "not shown to be reliable as risks: no miscalibration detected, but the intervals are too wide to say more")
checks = pd.Series({"share positive": share, "mean probability": oof.mean(),
                    "Brier skill score": 1 - brier_score_loss(y_train, oof) / (share * (1 - share)),
                    "log loss": log_loss(y_train, oof), "log loss, no skill": log_loss(y_train, np.full(len(oof), share)),
                    "calibration slope": f"{b:.2f} [{b_low:.2f}, {b_high:.2f}]",
                    "calibration intercept": f"{a0:+.2f} [{a_low:+.2f}, {a_high:+.2f}]"})
print(f"The out-of-fold probabilities of {learner} (without a threshold tuner) are {risks}.")
checks.apply(lambda v: round(v, 3) if isinstance(v, float) else v)

# %% [markdown]
# The slope weighs every row on the log-odds scale, and most rows of rare-event data sit near 0, so it mostly
# describes the low scores. Where the decision is made is better seen bin by bin. The bins below are half
# decades of the score (below 0.001, 0.001 to 0.003, 0.003 to 0.01, ...), so the low scores where a rare class's
# thresholds sit get bins of their own: for each bin, its rows, its positives, its mean score, and the share of
# its rows that were positive with a Wilson 95% interval.

# %%
edges = np.array([0, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 0.6, 1])
bin_of = np.clip(np.searchsorted(edges, oof, side="right") - 1, 0, len(edges) - 2)
bins = (pd.DataFrame({"score": oof, "positive": y_train.to_numpy(), "bin": bin_of}).groupby("bin")
        .agg(rows=("score", "size"), positives=("positive", "sum"), mean_score=("score", "mean")))
bins["observed share"] = bins["positives"] / bins["rows"]
bins["low"], bins["high"] = zip(*[stats.wilson(k, n) for k, n in zip(bins["positives"], bins["rows"])])
bins["reading"] = np.select([bins["low"] > bins["mean_score"], bins["high"] < bins["mean_score"]],
                            ["scores too low", "scores too high"], "consistent")
bins.index = [f"{edges[i]:g} to {edges[i + 1]:g}" for i in bins.index]
too_low, too_high = (bins["reading"] == "scores too low").sum(), (bins["reading"] == "scores too high").sum()
title = (f"Scores too low in {too_low} of {len(bins)} bins, too high in {too_high} (95% intervals)" if too_low + too_high
         else f"All {len(bins)} score bins meet the diagonal (95% intervals)")
bins.rename_axis("score bin").assign(
    mean_score=bins["mean_score"].map("{:.2g}".format),
    observed=[f"{o:.2g} [{lo:.2g}, {hi:.2g}]" for o, lo, hi in zip(bins["observed share"], bins["low"], bins["high"])],
)[["rows", "positives", "mean_score", "observed", "reading"]]

# %% [markdown]
# The same bins as a reliability diagram, on log-like axes (linear below 0.001) so the low scores spread out;
# each point is labelled with its rows, and the vertical lines mark your threshold and t*.

# %%
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", label="a score that means what it says")
    ax.errorbar(bins["mean_score"], bins["observed share"], fmt="o", color=plotting.PALETTE["neutral"], capsize=3,
                yerr=[bins["observed share"] - bins["low"], bins["high"] - bins["observed share"]],
                label=f"{learner}, out of fold (without a threshold tuner)")
    for _, b_row in bins.iterrows():
        ax.annotate(f"{b_row['rows']:,}", (b_row["mean_score"], b_row["observed share"]), textcoords="offset points",
                    xytext=(6, -10), fontsize=8)
    for line, style, text in ((threshold, "-", "your threshold"), (1 / (1 + ratio) if TESTED else None, "--", "t*")):
        if line is not None:
            ax.axvline(line, color="#999999", linestyle=style, label=f"{text} {line:.3g}")
    ax.set_xscale("symlog", linthresh=1e-3)
    ax.set_yscale("symlog", linthresh=1e-3)
    ax.set(xlim=(0, 1), ylim=(0, 1.05), xlabel="mean score in the bin (rows of the bin next to each point)",
           ylabel="share of the bin's rows that were positive", title=title)
    ax.legend(fontsize=8, loc="lower right")
fig;

# %% [markdown]
# If you need risks rather than decisions, recalibrate the model and check it again, as in lesson 08:
# `risk_model = CalibratedClassifierCV(inner_model, method="sigmoid", cv=StratifiedKFold(5, shuffle=True,
# random_state=42)).fit(X_train, y_train)` (`from sklearn.calibration import CalibratedClassifierCV`; sigmoid with
# few positives, isotonic with many). Its scores change, so a threshold must then be tuned on them again.
#
# ## What happens when a value is missing at prediction time?
#
# Many models (logistic regression, for one) stop with an error at a missing value, and a pipeline that imputes
# only the columns that had gaps in training fails on the first case with a gap elsewhere. The guide's `prepare`
# imputes every column (the median for numbers, the most frequent value for text), and its encoder sends a
# category never seen in training to the pooled "infrequent" column (or to none). The three training rows whose
# scores sit nearest the decision line (your threshold; 0.5 without one), as recorded and with gaps: a column
# that was never missing in training blanked in the first, a text value never seen in the second (if there is
# a text column), and every value blanked in the third:

# %%
train_scores = final.predict_proba(X_train)[:, 1]
line = threshold if TESTED else 0.5
top = np.argsort(np.abs(logit(train_scores) - logit(line)), kind="stable")[:3]  # nearest the line, in log-odds
sample = X_train.iloc[top].astype({c: float for c in X_train.select_dtypes("integer").columns})
gaps = sample.copy()
never_missing = [c for c in X_train.columns if X_train[c].notna().all()] or list(X_train.columns)
gaps.loc[gaps.index[0], never_missing[0]] = np.nan
text = [c for c in X_train.columns if not pd.api.types.is_numeric_dtype(X_train[c])]
if text:
    gaps.loc[gaps.index[1], text[0]] = "a value never seen in training"
gaps.loc[gaps.index[2], :] = np.nan
print(f"blanked: {never_missing[0]!r} in the first row" + (f", a new value of {text[0]!r} in the second" if text else ""))
demo = pd.DataFrame({"score as recorded": final.predict_proba(sample)[:, 1],
                     "score with the gaps": final.predict_proba(gaps)[:, 1]},
                    index=["one column blanked", "an unseen text value" if text else "unchanged", "every value blanked"])
demo["decision flips"] = (demo["score as recorded"] >= line) != (demo["score with the gaps"] >= line)
print(f"{int(demo['decision flips'].sum())} of 3 decisions flip at {line:.3g}.")
demo.round(4)

# %% [markdown]
# The model still gives every row a score, and near the line a gap can flip the decision. Whether the new score
# is any good is another question: a blanked value becomes the training rows' median or most frequent value,
# which is a guess. If values go missing often in production, train on rows where they are missing as often, and
# let the model see that a value was missing: `SimpleImputer(strategy="median", add_indicator=True)` adds a 0/1
# column per column with gaps, and `HistGradientBoostingClassifier` handles missing values itself (it learns
# which side of each split they go) if you leave the imputer out of its pipeline.
#
# ## How does it do on the test rows, with intervals?
#
# The final model meets the test rows once, and only when a cost was named. Every re-run after changing
# `DROP_COLUMNS`, the costs or anything else is another look at the same test rows: adjust, look again, and the
# test figures flatter the model like any other tuned figure.
#
# Its ranking first (average precision and ROC-AUC, which no threshold changes), then its probabilities (the
# Brier skill score), each with a 95% interval from 2,000 bootstrap resamples of the test rows (lesson 10). A
# resample counts each test row 0, 1, 2, ... times, so the three scores can be computed from those counts in one
# pass over the rows sorted by score, far faster than calling sklearn 2,000 times (sklearn's
# `average_precision_score`, `roc_auc_score` and `brier_score_loss` are the check: with every count 1, the same
# values):

# %%
def test_scores(y_sorted, s_sorted, starts, counts):  # rows sorted by score, highest first; starts: tied groups
    tp, fp = np.add.reduceat(counts * y_sorted, starts), np.add.reduceat(counts * (1 - y_sorted), starts)
    above_tp, above_fp = np.cumsum(tp), np.cumsum(fp)  # positives and negatives at or above each score
    ap = np.sum(tp / above_tp[-1] * above_tp / np.maximum(above_tp + above_fp, 1))  # recall gained × precision
    auc = np.sum(fp * (above_tp - tp / 2)) / (above_tp[-1] * above_fp[-1])  # positives above each negative (ties: ½)
    p = above_tp[-1] / counts.sum()  # the share of positives, for the no-skill Brier score p(1 − p)
    return ap, auc, 1 - (counts @ (s_sorted - y_sorted) ** 2) / counts.sum() / (p * (1 - p))

# %%
if TESTED:
    scores, y_t = final.predict_proba(X_test)[:, 1], y_test.to_numpy()
    order = np.argsort(-scores, kind="stable")
    y_sorted, s_sorted, starts = y_t[order], scores[order], np.r_[0, np.flatnonzero(np.diff(scores[order])) + 1]
    estimate = (average_precision_score(y_t, scores), roc_auc_score(y_t, scores),
                1 - brier_score_loss(y_t, scores) / (y_t.mean() * (1 - y_t.mean())))
    assert np.allclose(test_scores(y_sorted, s_sorted, starts, np.ones(len(y_t))), estimate)  # sklearn's values
    rng, draws = np.random.default_rng(42), []
    while len(draws) < 2000:  # a resample with one class only is redrawn
        counts = np.bincount(rng.integers(0, len(y_t), len(y_t)), minlength=len(y_t))[order]
        if 0 < counts @ y_sorted < len(y_t):
            draws.append(test_scores(y_sorted, s_sorted, starts, counts))
    ranking = pd.DataFrame({"estimate": estimate, "ci_low": np.percentile(draws, 2.5, axis=0),
                            "ci_high": np.percentile(draws, 97.5, axis=0), "no skill": (y_t.mean(), 0.5, 0)},
                           index=["average precision", "ROC-AUC", "Brier skill score"])
    print(f"Data: {CSV_PATH}: {len(y_t):,} test rows, {int(y_t.sum())} of them positive.")
    display(ranking.round(3))
else:
    print(f"Data: {CSV_PATH}: no cost named, so the {len(y_test):,} test rows stay untouched.")

# %% [markdown]
# The decisions at your threshold, with their counts: recall and precision with Wilson 95% intervals (lesson
# 02), and the cost per case against the two rules without a model, **paired** on the same 2,000 bootstrap
# resamples (`stats.paired_bootstrap`: a **paired bootstrap** scores the model and the rule on each resample,
# so the interval is that of their difference). The course's one verdict rule for a paired cost difference
# (model minus rule): its 95% interval below 0, the model **saves money**; above 0, it **costs more**;
# otherwise **no detectable difference**. Costs are in your units.

# %%
def cost_per_case(y_true, flags, cost_miss, cost_false_alarm):
    misses, false_alarms = np.sum((flags == 0) & (y_true == 1)), np.sum((flags == 1) & (y_true == 0))
    return (cost_miss * misses + cost_false_alarm * false_alarms) / len(y_true)


def money_verdict(low, high):  # the interval of the paired difference, model minus rule
    return "saves money" if high < 0 else "costs more" if low > 0 else "no detectable difference"


def shown(value, low, high):  # "0.123 [0.100, 0.150]", for the tables below
    return "undefined" if np.isnan(value) else f"{value:.3f}" + ("" if np.isnan(low) else f" [{low:.3f}, {high:.3f}]")

# %%
if TESTED:
    flags = (scores >= threshold).astype(int)
    found, n_flagged, n_pos = int(flags[y_t == 1].sum()), int(flags.sum()), int(y_t.sum())
    cost = partial(cost_per_case, cost_miss=COST_MISS, cost_false_alarm=COST_FALSE_ALARM)
    versus = {}
    for rule, rule_flags in (("flag nobody", np.zeros_like(flags)), ("flag everybody", np.ones_like(flags))):
        paired = stats.paired_bootstrap(y_t, {"model": flags, rule: rule_flags}, cost, baseline=rule)
        low, high = paired.loc["model", "diff_low"], paired.loc["model", "diff_high"]
        versus[rule] = {"rule's cost": paired.loc[rule, "estimate"], "model − rule": paired.loc["model", "difference"],
                        "95% interval": f"[{low:+.3f}, {high:+.3f}]", "low": low, "high": high,
                        "verdict": money_verdict(low, high)}
    test_cost, cost_interval = paired.loc["model", "estimate"], tuple(paired.loc["model", ["ci_low", "ci_high"]])
    cheaper = min(versus, key=lambda rule: versus[rule]["rule's cost"])  # the cheaper rule on the test rows
    print(f"threshold {threshold:.3g}: flagged {n_flagged:,} of {len(y_t):,} ({n_flagged / len(y_t):.1%}); found "
          f"{found} of {n_pos} positives; cost {shown(test_cost, *cost_interval)} per case (95% interval)")
    table = pd.DataFrame(versus).T.drop(columns=["low", "high"])
    display(table.astype({"rule's cost": float, "model − rule": float}).round(3))

# %% [markdown]
# ## Do the test rows agree with the cross-validation?
#
# The same measures on both sides: cross-validated on the training rows (the chosen candidate, tuner included,
# on the guide's 10 folds: each fold tuned its own threshold, so these are honest estimates, with 95% intervals)
# and on the test rows. A test figure inside the cross-validated interval agrees; outside, better or worse, it
# is a small test set's luck or a difference between the test rows and the training rows (with a time split,
# drift). Either way, the cross-validated figure rests on more positives.

# %%
if TESTED:
    cv = summary[summary["candidate"] == chosen_name].set_index("metric")
    test_side = {"average_precision": ranking.loc["average precision", ["estimate", "ci_low", "ci_high"]].tolist(),
                 "roc_auc": ranking.loc["ROC-AUC", ["estimate", "ci_low", "ci_high"]].tolist(),
                 "brier_skill": ranking.loc["Brier skill score", ["estimate", "ci_low", "ci_high"]].tolist(),
                 "recall": [found / n_pos, *stats.wilson(found, n_pos)],
                 "precision": [found / n_flagged if n_flagged else np.nan, *stats.wilson(found, n_flagged)],
                 "cost_per_case": [test_cost, *cost_interval]}
    agree = []
    for metric, (value, low, high) in test_side.items():
        cv_mean, cv_low, cv_high = cv.loc[metric, ["mean", "ci_low", "ci_high"]]
        better = (value < cv_low) if metric == "cost_per_case" else (value > cv_high)
        worse = (value > cv_high) if metric == "cost_per_case" else (value < cv_low)
        agree.append({"measure": metric, "cross-validated": shown(cv_mean, cv_low, cv_high),
                      "test rows": shown(value, low, high),
                      "test against the cross-validated interval": "undefined" if np.isnan(value) or np.isnan(cv_low)
                      else "better" if better else "worse" if worse else "inside"})
    agreement = pd.DataFrame(agree).set_index("measure")
    display(agreement)

# %% [markdown]
# The training side's own cost at the same threshold, out of fold (the table above, at your ratio), and, after a
# time split, the same on the most recent fifth of the training rows against the earlier ones: a threshold
# that already costs more on the latest training rows is the first sign of drift.

# %%
if TESTED:
    train_cost = cost(y_train.to_numpy(), (oof >= threshold).astype(int))
    print(f"cost per case at threshold {threshold:.3g}: {train_cost:.3f} out of fold on the training rows, "
          f"{test_cost:.3f} on the test rows")
    if TIME_COLUMN is not None:
        latest = (time[past] >= time[past].quantile(0.8)).to_numpy()  # the most recent fifth of the training rows
        print(f"training rows by time: {cost(y_train.to_numpy()[latest], (oof[latest] >= threshold).astype(int)):.3f} on "
              f"the most recent fifth, {cost(y_train.to_numpy()[~latest], (oof[~latest] >= threshold).astype(int)):.3f} "
              "on the earlier rows")

# %% [markdown]
# ## What do we tell the stakeholder?
#
# In words, with the uncertainty, and with what the numbers rest on. The cell below writes it from the verdicts
# above: a recommendation only where the model saves money against the cheaper rule without a model, "ranks
# cases" only where the ranking's interval excludes chance, and figures per 1,000 cases. Edit the wording, not
# the numbers.

# %%
def against(rule):  # one paired comparison on the test rows, in words, per 1,000 cases
    v = versus[rule]
    d, low, high = 1000 * v["model − rule"], 1000 * v["low"], 1000 * v["high"]
    if low == high == 0:
        return f"made the same decision as {rule} on every test row"
    if v["verdict"] == "saves money":
        return f"saves {-d:,.1f} per 1,000 cases against {rule} (95% interval {-high:,.1f} to {-low:,.1f})"
    if v["verdict"] == "costs more":
        return f"costs {d:,.1f} more per 1,000 cases than {rule} (95% interval {low:,.1f} to {high:,.1f})"
    return (f"is not detectably cheaper or dearer than {rule} ({d:+,.1f} per 1,000 cases, 95% interval {low:+,.1f} to "
            f"{high:+,.1f})")


split_words = (f"the most recent {len(y_test):,} rows (by {TIME_COLUMN!r})" if TIME_COLUMN else
               f"{len(y_test):,} rows drawn at random and set aside")
print(f"- Data: {CSV_PATH}, {len(y):,} rows, {int(y.sum()):,} of them positive ({TARGET} = {info['positive_label']!r}, "
      f"{y.mean():.1%}). The model learnt from {len(y_train):,} rows; the test rows are {split_words}, "
      f"{int(y_test.sum())} of them positive.")
print(f"- Model: {model_name}: {why}{probability_note}.")

# %%
if TESTED:
    worth = versus[cheaper]["verdict"] == "saves money"
    per_k = 1000 / len(y_t)
    if worth:
        print(f"- Recommendation: flag a case when the model's score is at least {threshold:.3g}. Per 1,000 cases like "
              f"the test rows it flags {n_flagged * per_k:,.0f} ({n_flagged / len(y_t):.1%}), finds {found * per_k:,.0f} "
              f"of the {n_pos * per_k:,.0f} positives (recall {found / n_pos:.0%}, 95% interval "
              f"{stats.wilson(found, n_pos)[0]:.0%} to {stats.wilson(found, n_pos)[1]:.0%}) and raises "
              f"{(n_flagged - found) * per_k:,.0f} false alarms.")
    else:
        print(f"- Recommendation: use the rule '{cheaper}'; the model is not shown to be worth deploying at these costs "
              f"(on the test rows it flagged {n_flagged} and found {found} of {n_pos} positives).")
    print(f"- Cost: {1000 * test_cost:,.1f} per 1,000 cases in your units; it {against('flag nobody')}, and "
          f"{against('flag everybody')}.")

# %%
if TESTED:
    ap_row, auc_row = ranking.loc["average precision"], ranking.loc["ROC-AUC"]
    ranks = auc_row["ci_low"] > 0.5
    print(f"- Ranking: average precision {ap_row['estimate']:.3f} (95% interval {ap_row['ci_low']:.3f} to "
          f"{ap_row['ci_high']:.3f}) where a random order scores {y_t.mean():.3f}; " +
          (f"it ranks cases better than chance (ROC-AUC {auc_row['estimate']:.3f}, {auc_row['ci_low']:.3f} to "
           f"{auc_row['ci_high']:.3f})." if ranks else f"its ranking is not shown to beat chance (ROC-AUC "
           f"{auc_row['estimate']:.3f}, 95% interval {auc_row['ci_low']:.3f} to {auc_row['ci_high']:.3f}, which "
           "includes 0.5)."))
    test_skill = ranking.loc["Brier skill score"]
    beats = ("beat" if test_skill["ci_low"] > 0 else "do worse than" if test_skill["ci_high"] < 0 else
             "are not shown to beat")
    print(f"- Scores as risks: its scores {'order cases' if ranks else 'are not shown to order cases'}, and are "
          f"{risks.split(':')[0]} (a score of 0.3 is a 30% chance only for a calibrated model; the calibration section "
          f"shows how to recalibrate). On the test rows its probabilities {beats} a constant guess of the positive share "
          f"(Brier skill {test_skill['estimate']:.2f}, 95% interval {test_skill['ci_low']:.2f} to "
          f"{test_skill['ci_high']:.2f}; 0 = no better, 1 = perfect).")

# %% [markdown]
# Then what to expect: the cross-validated figures beside the test ones.

# %%
if TESTED:
    cv_cost, cv_recall = cv.loc["cost_per_case"], cv.loc["recall"]
    gap = agreement.loc["cost_per_case", "test against the cross-validated interval"]
    print(f"- Expect about {1000 * cv_cost['mean']:,.1f} per 1,000 cases (cross-validated on the training rows, 95% "
          f"interval {1000 * cv_cost['ci_low']:,.1f} to {1000 * cv_cost['ci_high']:,.1f}; recall "
          f"{cv_recall['mean']:.2f}). "
          f"The test rows, with only {n_pos} positives, gave {1000 * test_cost:,.1f} and found {found} of {n_pos}: "
          + {"inside": "inside the cross-validated interval.", "better": "better than the cross-validated interval: "
             "a small test set's luck or easier cases; plan on the cross-validated figure.",
             "worse": "worse than the cross-validated interval: the test cases may differ from the training ones."
             }.get(gap, "no cross-validated interval to compare with."))
    train_side = scan.loc[ratio]
    train_saves = train_side["below the cheaper rule"] == "yes"
    if train_saves != worth:
        rule_cost = train_side["cheaper rule's cost"]
        print(f"- The two sides disagree: out of fold the model {'saved' if train_saves else 'did not save'} money at "
              f"your ratio ({train_side['cost per case']:.3f} per case against {rule_cost:.3f} for the cheaper rule, in "
              f"false alarms), the test rows {'showed a saving' if worth else 'could not show one'}; with {n_pos} "
              "test positives, neither side settles it alone.")

# %%
if not TESTED:
    cv_ap = summary[(summary["candidate"] == chosen_name) & (summary["metric"] == "average_precision")].iloc[0]
    print("- No cost was named, so nothing is recommended yet and the test rows are untouched. Cross-validated on the "
          f"training rows, {model_name} reached an average precision of {cv_ap['mean']:.3f} (95% interval "
          f"{cv_ap['ci_low']:.3f} to {cv_ap['ci_high']:.3f}) where a random order scores {share:.3f}.")
    print("- Whoever owns the costs picks a ratio from the training-side table of the threshold section; then set "
          "COST_MISS and run again: the test rows are used then, once.")
print("- These numbers assume that the costs are right and that new cases will be like the test rows; every re-run "
      "after changing DROP_COLUMNS, the costs or the model is another look at the same test rows.")
for caution in guide.cautions(prof):
    print(f"- Caution: {caution}")

# %% [markdown]
# Pass the lines on as they are, uncertainty included: "finds 80 to 97% of the cases" is a promise a stakeholder
# can hold you to; "finds 90%" is not. Where the model is not shown to beat the cheaper rule, more test rows,
# better features or a different cost may change that; deploying it anyway is a decision the numbers do not
# support.
#
# ## How do I use the model tomorrow?
#
# The model that was tested (fitted on the training rows) is saved with `joblib`, next to your CSV, with its
# threshold and the columns it reads. (To ship a model fitted on every row instead, `clone(chosen.estimator).fit(X,
# y)`: more data, but no test has seen it.)

# %%
if TESTED:
    MODEL_FILE = Path(CSV_PATH).with_name(Path(CSV_PATH).stem + "_model.joblib")
    joblib.dump({"model": final.estimator_, "threshold": float(threshold), "columns": list(X.columns),
                 "trained_on": str(CSV_PATH), "costs": (COST_MISS, COST_FALSE_ALARM)}, MODEL_FILE)
    print(f"Saved {MODEL_FILE}: the model fitted on the {len(y_train):,} training rows, its threshold {threshold:.3g} "
          f"and the {X.shape[1]} columns it reads.")
else:
    print("No cost named: no decision to save yet.")

# %% [markdown]
# Tomorrow, in a new notebook or script, the lines inside the `if` below, unindented, score a new CSV: they need
# pandas, joblib and scikit-learn (the versions that saved the model), not the course. Here they score your CSV
# again, as a stand-in for tomorrow's file (the target column may be missing from it; the other columns must be
# there, with the same names).

# %%
if TESTED:
    import joblib
    import pandas as pd

    saved = joblib.load(MODEL_FILE)  # in your script: the file's path, e.g. "thyroid_model.joblib"
    new_cases = pd.read_csv(CSV_PATH, low_memory=False, encoding="utf-8-sig")  # tomorrow's CSV
    new_scores = saved["model"].predict_proba(new_cases[saved["columns"]])[:, 1]
    new_cases = new_cases.assign(score=new_scores, flag=new_scores >= saved["threshold"])
    print(f"Scored {len(new_cases):,} cases; flagged {int(new_cases['flag'].sum()):,} "
          f"(score at least {saved['threshold']:.3g})")

# %% [markdown]
# ## Key takeaways
#
# - **Check before you fit**: the path, the target, the positive label, the costs and the time column, each with
#   an error that says what was found; and decide which columns are known at prediction time (`DROP_COLUMNS`):
#   no measurement here can catch leakage.
# - **Split once, first** (by time when the cases come in time), choose everything on the training rows with one
#   rule stated before the numbers, and touch the test rows once: every re-run after a change is another look.
# - **The costs choose the threshold**: with `TunedThresholdClassifierCV` and a cost scorer when you can name
#   them; when you cannot, show the decision at several ratios on the training rows and let the people who own
#   the costs choose before the test.
# - **Report from the verdicts**: a model that cannot be shown to beat flagging nobody (or everybody) at your
#   costs is not yet worth deploying, however good its ranking; put the cross-validated figures beside the test
#   ones, and per 1,000 cases.
#
# ## Next
#
# Rerun this notebook on your own file (restart the kernel and clear the outputs first). The
# [glossary](glossary.md) has every term, and the [course map](00_start_here.ipynb) the lesson behind each step.

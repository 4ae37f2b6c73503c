# %% [markdown]
# # 11 · Your own data, end to end
#
# *What should I do with my own CSV tomorrow?*
#
# This notebook is a template: set the first code cell to your file, your target and what your two
# mistakes cost, then run every cell (*Run → Run All Cells*). It runs the workflow the course recommends
# (lesson 08) and prints, at each step, what the numbers mean. Out of the box it runs on an example: the
# course's `thyroid` data (3,163 patients, 151 of them hypothyroid), written as a CSV as your own file would be.
#
# **In this notebook you will:**
# 1. load and check a CSV (clear errors for a wrong path, target, label or cost), split it once (at random,
#    or by time: the past trains, the most recent rows test), profile it and price the decisions any model
#    must beat;
# 2. shortlist with the decision guide, read the candidates' scikit-learn code, compare them on 10 paired
#    folds with one rule stated in advance, and tune the decision threshold for your costs, or show the
#    decision at several cost ratios when nobody can name one;
# 3. check the probabilities, see the model survive missing values it never met in training, evaluate it
#    once on the untouched test rows with intervals, and print a summary a stakeholder can read.
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
TIME_COLUMN = None  # None: a random stratified split; a column name (dates or numbers): train on the past,
#                     test on the most recent 25% of the rows
DROP_COLUMNS = []  # columns never to learn from: identifiers, anything known only after the outcome

# %% [markdown]
# The cell above is the **parameters cell**: it is tagged `parameters`, so a tool that runs notebooks with
# other values can set them (papermill: `papermill 11_your_own_data.ipynb out.ipynb -p CSV_PATH loans.csv -p
# TARGET default`). Two of them deserve a thought before you run anything:
# - **the costs**: only their ratio matters. "A missed fraud costs 50 times a needless check" is
#   `COST_MISS = 50`, `COST_FALSE_ALARM = 1`. If nobody can say, write `COST_MISS = None`: the notebook then
#   shows the decision at ratios of 2, 5, 10, 20 and 50 and chooses none of them;
# - **DROP_COLUMNS**: a column filled in *after* the outcome (a "closed as fraud" date, a treatment given
#   because of the diagnosis) makes any model look brilliant and fail in use. That is leakage (lesson 07),
#   and no test below can detect it: only you know when each column is recorded.

# %%
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.calibration import CalibrationDisplay
from sklearn.metrics import brier_score_loss, log_loss
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from threadpoolctl import threadpool_limits

from helpers import calibration, datasets, evaluation, guide, owndata, plotting, stats

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine
pd.set_option("display.max_colwidth", 200)
if CSV_PATH == "thyroid.csv" and not Path(CSV_PATH).exists():  # the example: a shipped dataset, as a CSV
    X_example, y_example = datasets.load("thyroid")
    X_example.assign(target=y_example).to_csv(CSV_PATH, index=False)

# %% [markdown]
# ## Is the file what you think it is?
#
# `owndata.check_costs` and `owndata.read_csv` check the parameters before anything is fitted, and stop with
# an error that says what they found: the columns of the file when `TARGET` is not one of them, the labels
# and their counts when `POSITIVE_LABEL` does not occur or there are more than two. `read_csv` is
# `pandas.read_csv` plus those checks: the target becomes `y` (1 for your positive label, 0 for the other),
# the time column and `DROP_COLUMNS` leave the features, and everything else it does is printed below (it
# drops a column with fewer than 20 values: the models of the comparison each see about half of the rows,
# and would often meet it empty).

# %%
COST_MISS, COST_FALSE_ALARM = owndata.check_costs(COST_MISS, COST_FALSE_ALARM)
X, y, info = owndata.read_csv(CSV_PATH, TARGET, POSITIVE_LABEL, time_column=TIME_COLUMN, drop_columns=DROP_COLUMNS)
print(f"{CSV_PATH}: {info['rows_read']:,} rows; {X.shape[1]} feature columns; labels of {TARGET!r}: "
      f"{info['labels']}; positive = {info['positive_label']!r}: {int(y.sum()):,} rows ({y.mean():.1%})")
notes = {"the positive label is the more common one (is it the case you want found?)":
             f"{y.mean():.0%} of the rows" if y.mean() > 0.5 else None,
         "rows without a label, dropped": info["missing_target"],
         f"columns with fewer than {owndata.MIN_VALUES} values (too few to learn from), dropped": info["empty_columns"],
         "columns you dropped (DROP_COLUMNS)": info["dropped_columns"],
         "a different value on every row: an identifier? If so, add it to DROP_COLUMNS": info["id_like"],
         "text columns that are numbers but for these values (codes for 'missing'? fix them in the CSV)":
             info["numbers_as_text"]}
for note, value in notes.items():
    if value:
        print(f"Check: {note}: {value}")

# %% [markdown]
# Read the "Check:" lines, if any: an identifier can be memorised but never generalises, and a number column
# read as text (because of a `?` or `n/a` among the numbers) is one-hot encoded as categories instead of
# used as a number.
#
# The **cost ratio** is what a miss costs in false alarms, COST_MISS / COST_FALSE_ALARM. Every decision
# below is made for the ratios in `RATIOS`: yours, or a range when you named none. `SCAN` adds the usual
# range to yours, to show how the decision would move if your costs were off.

# %%
if COST_MISS is None:  # nobody can name the costs: the decisions are shown for each ratio, none is chosen
    RATIOS = [2, 5, 10, 20, 50]
    print(f"No cost given: each decision is shown for a miss costing {RATIOS} false alarms; none is chosen.")
else:
    ratio = COST_MISS / COST_FALSE_ALARM
    RATIOS = [int(ratio) if ratio.is_integer() else ratio]
    print(f"A miss costs {COST_MISS} and a false alarm {COST_FALSE_ALARM}: a cost ratio of {ratio:g}.")
SCAN = sorted({2, 5, 10, 20, 50, *RATIOS})

# %% [markdown]
# ## Which rows train the model, and which test it?
#
# The test rows are set aside **now** and used once, at the end; every choice before that (the model, the
# threshold) is made on the training rows. With `TIME_COLUMN = None` a quarter of the rows is drawn at random,
# stratified (the same share of positives in both parts). With a time column, the model must work on cases
# that come *after* the ones it learnt from, so the test rows are the most recent quarter: a
# **time-based split**. Rows that share the cut's time all go to the test part, so no moment is on both sides.

# %%
if TIME_COLUMN is None:
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    print("A random stratified split: 75% of the rows train, 25% test.")
else:
    time = info["time"]
    cut = time.sort_values().iloc[int(0.75 * len(time))]  # the time at which the most recent quarter starts
    past = (time < cut).to_numpy()
    X_train, X_test, y_train, y_test = X[past], X[~past], y[past], y[~past]
    cut = cut.date() if isinstance(cut, pd.Timestamp) and cut == cut.normalize() else cut  # a day: no 00:00:00
    print(f"A time-based split on {TIME_COLUMN!r}: rows before {cut} train, rows from {cut} on test.")
empty = owndata.check_split(y_train, y_test, X_train)  # errors if a part holds too few rows of a class
X_train, X_test = X_train.drop(columns=empty), X_test.drop(columns=empty)
print(f"training: {len(y_train):,} rows, {int(y_train.sum()):,} positive ({y_train.mean():.1%}); "
      f"test: {len(y_test):,} rows, {int(y_test.sum()):,} positive ({y_test.mean():.1%})")
if empty:
    print(f"Check: fewer than {owndata.MIN_VALUES} values in the training rows, dropped: {empty}")

# %% [markdown]
# With a time split, the choices below are still made on **random** stratified folds of the training rows (the
# guide's 10 paired folds, and the threshold tuner's 5): their verdicts need folds of similar size, each
# with positives, which folds cut along time cannot promise. Only the final test respects time. If the
# world drifts, the test rows will say so: compare their cost with the training side's at the end.
#
# ## What kind of problem is it?
#
# `guide.profile` (lesson 09) measures the training rows: their size, the column types (a text column with
# more than 20 different values is **high-cardinality**: the candidates one-hot encode its 19 most frequent
# values and pool the rest), the imbalance, the missing values, and how many positives sit among negatives
# (`overlap`). `guide.cautions` says how far any comparison on these rows can go.

# %%
prof = guide.profile(X_train, y_train)
for caution in guide.cautions(prof):
    print("Caution:", caution)
prof

# %% [markdown]
# ## What does a decision without a model cost?
#
# Two rules need no model: **flag nobody** (every positive is missed) and **flag everybody** (every negative
# is a false alarm). In units of one false alarm, per case, they cost ratio × share of positives and
# 1 − share of positives. A model is worth using only where it beats the cheaper of the two; its ranking
# must beat an average precision equal to the share of positives (no skill, lesson 02), and its
# probabilities a Brier skill score of 0.

# %%
share = y_train.mean()
print(f"No skill on the training rows: average precision {share:.3f}, ROC-AUC 0.5, Brier skill score 0")
no_model = pd.DataFrame({"flag nobody": [ratio * share for ratio in SCAN],
                         "flag everybody": [1 - share] * len(SCAN)}, index=pd.Index(SCAN, name="cost ratio"))
no_model["cheaper rule"] = np.where(no_model["flag nobody"] <= no_model["flag everybody"], "flag nobody",
                                    "flag everybody")
no_model.round(3)

# %% [markdown]
# ## What does the guide shortlist, and in which code?
#
# `guide.recommend` returns the candidates the course's evidence supports for these rows, each with its
# reasons and the scikit-learn code that builds it: gradient boosting first (start here), then logistic
# regression and, up to 20,000 rows, a random forest (beyond 200,000 rows, an under-sampled booster to fit
# faster); every one wrapped in `TunedThresholdClassifierCV` with a cost scorer (lesson 08). The tuner needs a
# cost ratio: when you named none, the candidates are built for 1:1 only so that their code can be shown, and
# nothing below uses that ratio (the comparison then judges what does not depend on it).

# %%
build_costs = (COST_MISS, COST_FALSE_ALARM) if COST_MISS is not None else (1, 1)  # 1:1: a placeholder, unused
recs = guide.recommend(X_train, y_train, cost_miss=build_costs[0], cost_false_alarm=build_costs[1], p=prof)
for cand in recs:
    print(f"{cand.name} ({cand.role}):" + "".join(f"\n  - {reason}" for reason in cand.reasons))

# %% [markdown]
# The first candidate's code in full: copy it into your own project. The preprocessing (`prepare`) fills
# gaps in every column, whether or not the training rows had any, so a value missing in production does not
# break the model (tested below).

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
if COST_MISS is not None:
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

# %%
print(f"Chosen: {chosen_name}, because {why}.")
chosen = next(cand for cand in recs if cand.name == chosen_name)

# %% [markdown]
# ## Which threshold do the costs call for?
#
# Two computations on the training rows. First the **out-of-fold** probabilities of the chosen model (each
# row scored by a model fitted on the other four fifths, on the tuner's own 5 folds): they show the
# decision at every ratio, and feed the calibration check. Then, when you named your costs, the final model:
# the chosen candidate, `TunedThresholdClassifierCV`, fitted on all the training rows; it picks its
# threshold on its 5 folds and refits the model on every training row. Without costs, the final model is
# the model alone, and each ratio gets the threshold that was cheapest out of fold.

# %%
inner_model = chosen.estimator.estimator  # the chosen model, without its threshold tuner
folds5 = StratifiedKFold(5, shuffle=True, random_state=42)  # the folds the guide's tuner uses
oof = cross_val_predict(clone(inner_model), X_train, y_train, cv=folds5, method="predict_proba", n_jobs=2)[:, 1]
if COST_MISS is not None:
    final = clone(chosen.estimator).set_params(n_jobs=2).fit(X_train, y_train)  # the TunedThresholdClassifierCV
    decisions = {RATIOS[0]: final.best_threshold_}
    print(f"tuned threshold {final.best_threshold_:.3f}: {-final.best_score_:.3f} per case in its inner 5-fold CV")
else:
    final = clone(inner_model).fit(X_train, y_train)  # the thresholds come from the table below

# %% [markdown]
# The decision at every ratio of `SCAN`, from the out-of-fold probabilities: for each ratio, the threshold
# with the lowest cost among 100 candidates (finer near 0, where a booster's probabilities crowd), and what
# flagging every row at or above it does. Costs are per case, in units of one false alarm; t* = 1 / (1 +
# ratio) is where a calibrated model would put the line (lesson 02).

# %%
grid = np.r_[np.geomspace(1e-3, 0.1, 40, endpoint=False), np.linspace(0.1, 0.99, 60)]
flagged = oof[:, None] >= grid  # one column per candidate threshold
positive = y_train.to_numpy()[:, None] == 1
found, false_alarms = (flagged & positive).sum(axis=0), (flagged & ~positive).sum(axis=0)
rows = []
for ratio in SCAN:
    cost = (ratio * (positive.sum() - found) + false_alarms) / len(oof)
    best = int(np.argmin(cost))
    n_flagged = int(flagged[:, best].sum())
    rows.append({"cost ratio": ratio, "t*": 1 / (1 + ratio), "cheapest threshold": grid[best],
                 "share flagged": n_flagged / len(oof), "recall": found[best] / positive.sum(),
                 "precision": found[best] / n_flagged if n_flagged else np.nan, "cost per case": cost[best],
                 "cheaper rule's cost": min(ratio * share, 1 - share)})
scan = pd.DataFrame(rows).set_index("cost ratio")
if COST_MISS is None:
    decisions = {ratio: scan.loc[ratio, "cheapest threshold"] for ratio in RATIOS}
scan.round(3)

# %% [markdown]
# Read down the table: the dearer a miss, the lower the threshold, the more rows flagged, the higher the
# recall and the lower the precision. Where the cost per case is not below the cheaper rule's, a model
# adds nothing at that ratio. The tuner's own threshold (printed above, when you named your costs) can
# differ a little from the table's at your ratio: it averages the cost over its 5 folds on 100 evenly
# spaced thresholds, the table pools the folds on a grid finer near 0. A tuned threshold of about 0.01
# is the tuner's first step above 0: the model's probabilities crowd near 0, and lesson 08 shows how to give
# the tuner finer candidates (its `thresholds` parameter). These are training-side figures; the test rows
# give the honest ones.
#
# ## Can its probabilities be read as risks?
#
# The threshold was chosen for the cost, so the decisions do not need calibrated probabilities. A
# stakeholder who reads "a 30% risk" does. The checks of lesson 08 on the out-of-fold probabilities: the mean
# probability against the share of positives, the Brier skill score and the log loss against no skill, and
# the **calibration intercept** (0: right on average; below 0: too high) and **slope** (1: the right spread;
# below 1: too extreme).

# %%
checks = pd.Series({"share positive": share, "mean probability": oof.mean(),
                    "Brier skill score": 1 - brier_score_loss(y_train, oof) / (share * (1 - share)),
                    "log loss": log_loss(y_train, oof), "log loss, no skill": log_loss(y_train, np.full(len(oof), share)),
                    "calibration intercept": calibration.calibration_intercept(y_train, oof),
                    "calibration slope": calibration.calibration_slope(y_train, oof)})
calibrated = abs(checks["calibration intercept"]) <= 0.2 and 0.8 <= checks["calibration slope"] <= 1.2
print("Within this notebook's bands (intercept within ±0.2, slope 0.8 to 1.2): "
      + ("the probabilities can be read as risks." if calibrated else
         "read the probabilities as a ranking, not as risks, and decide at a threshold chosen for the cost."))
for ratio, threshold in decisions.items():
    print(f"at cost ratio {ratio:g}: threshold {threshold:.3f}, t* = {1 / (1 + ratio):.3f}")
checks.round(3)

# %% [markdown]
# If the threshold chosen for your ratio is far from t*, the probabilities are off where the decision is
# made, whatever the averages say. The reliability diagram (lesson 02) shows where: 10 bins of equal size
# (each holding a tenth of the rows, so the rare high scores do not get a bin of their own), each bin's mean
# probability against its share of positives; on the diagonal, a probability means what it says.

# %%
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6, 4.6), layout="constrained")
    CalibrationDisplay.from_predictions(y_train, oof, n_bins=10, strategy="quantile", ax=ax, name=chosen_name,
                                        color="#000000", marker="o")
    verdict = "close to the diagonal" if calibrated else "off the diagonal"
    ax.set(title=f"Out-of-fold probabilities, {verdict}: intercept {checks['calibration intercept']:+.2f}, "
                 f"slope {checks['calibration slope']:.2f}", xlabel="mean predicted probability (10 bins of equal size)",
           ylabel="observed share of positives")
    ax.title.set_fontsize(10)
fig;

# %% [markdown]
# ## What happens when a value is missing at prediction time?
#
# Many models (logistic regression, for one) stop with an error at a missing value, and a pipeline that
# imputes only the columns that had gaps in training fails on the first case with a gap elsewhere. The
# guide's `prepare` imputes every column (the median for numbers, the most frequent value for text), and its
# encoder sends a category never seen in training to the pooled "infrequent" column (or to none). The three
# training rows with the highest out-of-fold probabilities, as recorded and with gaps: a column that was never
# missing in training blanked in the first, a text value never seen in the second (if there is a text
# column), and every value blanked in the third:

# %%
top = np.argsort(-oof, kind="stable")[:3]  # the 3 training rows the model rates most likely positive
sample = X_train.iloc[top].astype({c: float for c in X_train.select_dtypes("integer").columns})
gaps = sample.copy()
never_missing = [c for c in X_train.columns if X_train[c].notna().all()] or list(X_train.columns)
gaps.loc[gaps.index[0], never_missing[0]] = np.nan
text = [c for c in X_train.columns if not pd.api.types.is_numeric_dtype(X_train[c])]
if text:
    gaps.loc[gaps.index[1], text[0]] = "a value never seen in training"
gaps.loc[gaps.index[2], :] = np.nan
print(f"blanked: {never_missing[0]!r} in the first row" + (f", a new value of {text[0]!r} in the second" if text else ""))
pd.DataFrame({"probability as recorded": final.predict_proba(sample)[:, 1],
              "with the gaps": final.predict_proba(gaps)[:, 1]},
             index=["one column blanked", "an unseen text value" if text else "unchanged", "every value blanked"]).round(3)

# %% [markdown]
# The model still gives every row a probability. Whether that probability is any good is another question:
# a blanked value becomes the training rows' median or most frequent value, which is a guess. If values go
# missing often in production, train on rows where they are missing as often.
#
# ## How does it do on the test rows, with intervals?
#
# The final model meets the test rows once. Its ranking (average precision and ROC-AUC, which no threshold
# changes), with 95% intervals from 2,000 bootstrap resamples of the test rows (`guide.bootstrap`, lesson 10):

# %%
scores = final.predict_proba(X_test)[:, 1]
y_t = y_test.to_numpy()
first_ratio, first_threshold = next(iter(decisions.items()))
ranking = guide.bootstrap(y_t, scores, first_threshold, cost_miss=first_ratio, cost_false_alarm=1)
ranking.loc[["average_precision", "roc_auc"]]

# %% [markdown]
# The decisions, for each ratio in `RATIOS`: recall and precision with their Wilson 95% intervals (counts on
# one test set, lesson 02), and the cost per case against the two rules without a model, **paired** on the
# same 2,000 bootstrap resamples (`stats.paired_bootstrap`). The course's one verdict rule for a paired cost
# difference (model minus rule): its 95% interval below 0, the model **saves money**; above 0, it **costs
# more**; otherwise **no detectable difference**. Costs are in your units when you named them, else in false
# alarms.

# %%
def cost_per_case(y_true, flags, cost_miss, cost_false_alarm):
    misses, false_alarms = np.sum((flags == 0) & (y_true == 1)), np.sum((flags == 1) & (y_true == 0))
    return (cost_miss * misses + cost_false_alarm * false_alarms) / len(y_true)


def money_verdict(low, high):  # the interval of the paired difference, model minus rule
    return "saves money" if high < 0 else "costs more" if low > 0 else "no detectable difference"


def unit_costs(ratio):  # (a miss, a false alarm): your costs if you named them, else in false alarms
    return (COST_MISS, COST_FALSE_ALARM) if COST_MISS is not None else (ratio, 1)

# %%
results = {}
for ratio, threshold in decisions.items():
    flags = (scores >= threshold).astype(int)
    found, n_flagged = int(flags[y_t == 1].sum()), int(flags.sum())
    r = {"threshold": threshold, "flagged": n_flagged, "share flagged": n_flagged / len(y_t),
         "found": found, "positives": int(y_t.sum()), "recall": found / y_t.sum(),
         "recall 95%": stats.wilson(found, y_t.sum()), "precision": found / n_flagged if n_flagged else np.nan,
         "precision 95%": stats.wilson(found, n_flagged)}
    cost = partial(cost_per_case, cost_miss=unit_costs(ratio)[0], cost_false_alarm=unit_costs(ratio)[1])
    for rule, rule_flags in (("flag nobody", np.zeros_like(flags)), ("flag everybody", np.ones_like(flags))):
        paired = stats.paired_bootstrap(y_t, {"model": flags, rule: rule_flags}, cost, baseline=rule)
        r["cost"], r[rule] = paired.loc["model", "estimate"], paired.loc[rule, "estimate"]
        low, high = paired.loc["model", "diff_low"], paired.loc["model", "diff_high"]
        r[f"vs {rule}"] = (paired.loc["model", "difference"], low, high, money_verdict(low, high))
    results[ratio] = r

# %%
def interval(low, high):
    return "-" if np.isnan(low) else f"[{low:.3f}, {high:.3f}]"


def show(r):  # one ratio's results as text, for the table
    out = {"threshold": f"{r['threshold']:.3f}", "flagged": f"{r['flagged']:,} ({r['share flagged']:.1%})",
           "recall": f"{r['recall']:.3f} {interval(*r['recall 95%'])}",
           "precision": "undefined" if np.isnan(r["precision"]) else f"{r['precision']:.3f} {interval(*r['precision 95%'])}",
           "cost per case": f"{r['cost']:.3f}", "flag nobody": f"{r['flag nobody']:.3f}",
           "flag everybody": f"{r['flag everybody']:.3f}"}
    for rule in ("flag nobody", "flag everybody"):
        difference, low, high, verdict = r[f"vs {rule}"]
        out[f"model − {rule}"] = f"{difference:+.3f} [{low:+.3f}, {high:+.3f}]: {verdict}"
    return out


test_table = pd.DataFrame({ratio: show(r) for ratio, r in results.items()}).T.rename_axis("cost ratio")
test_table

# %% [markdown]
# The training side's cost at the same threshold, next to the test rows' (a large gap, after a time split
# especially, says the newest cases differ from the ones the model learnt from), and the probabilities on
# the test rows:

# %%
for ratio, threshold in decisions.items():
    train_flags = (oof >= threshold).astype(int)
    print(f"cost ratio {ratio:g}: cost per case {cost_per_case(y_train.to_numpy(), train_flags, *unit_costs(ratio)):.3f} "
          f"out of fold on the training rows, {results[ratio]['cost']:.3f} on the test rows")
test_share = y_t.mean()
test_checks = {"Brier skill score": 1 - brier_score_loss(y_t, scores) / (test_share * (1 - test_share)),
               "calibration intercept": calibration.calibration_intercept(y_t, scores),
               "calibration slope": calibration.calibration_slope(y_t, scores)}
print("test rows: " + ", ".join(f"{name} {value:.3f}" for name, value in test_checks.items()))

# %% [markdown]
# ## What do we tell the stakeholder?
#
# In words, with the uncertainty, and with what the numbers rest on: the costs, and new cases being like the
# test rows. The cell below writes it from the numbers above; edit the wording, not the numbers.

# %%
split_words = (f"the most recent {len(y_t):,} rows (by {TIME_COLUMN!r})" if TIME_COLUMN else
               f"{len(y_t):,} rows drawn at random and set aside")
print(f"- Data: {CSV_PATH}, {len(y):,} rows, {int(y.sum()):,} of them positive ({TARGET} = "
      f"{info['positive_label']!r}, {y.mean():.1%}). The model learnt from {len(y_train):,} rows and was tested "
      f"once on {split_words}.")
print(f"- Model: {chosen_name} ({why}).")
print(f"- Its ranking on the test rows: ROC-AUC {ranking.loc['roc_auc', 'estimate']:.3f} (95% interval "
      f"{ranking.loc['roc_auc', 'ci_low']:.3f} to {ranking.loc['roc_auc', 'ci_high']:.3f}; 0.5 is chance).")
print("- Its probabilities " + ("can be read as risks" if calibrated else "rank cases but are not reliable as "
      f"risks (calibration slope {checks['calibration slope']:.2f}, intercept {checks['calibration intercept']:+.2f})")
      + f"; Brier skill score on the test rows {test_checks['Brier skill score']:.2f} (0 = no skill).")

# %%
def against(rule, r):  # one paired comparison, in words
    difference, low, high, verdict = r[f"vs {rule}"]
    if verdict == "saves money":
        return f"saves {-difference:.3f} per case against {rule} (95% interval {-high:.3f} to {-low:.3f})"
    if verdict == "costs more":
        return f"costs {difference:.3f} more per case than {rule} (95% interval {low:.3f} to {high:.3f})"
    return (f"is not detectably cheaper or dearer than {rule} ({difference:+.3f} per case, 95% interval "
            f"{low:+.3f} to {high:+.3f})")


for ratio, r in results.items():
    assumed = (f"A miss costs {COST_MISS} and a false alarm {COST_FALSE_ALARM}" if COST_MISS is not None
               else f"IF a miss costs {ratio:g} false alarms")
    print(f"- {assumed}: flag a case when its score is at least {r['threshold']:.3f}. On the test rows that flagged "
          f"{r['share flagged']:.1%} of the cases and found {r['found']} of {r['positives']} positives (recall "
          f"{r['recall']:.0%}, 95% interval {r['recall 95%'][0]:.0%} to {r['recall 95%'][1]:.0%})"
          + (f"; {r['precision']:.0%} of the flagged cases were positive" if r["flagged"] else "")
          + f". It costs {r['cost']:.3f} per case: it {against('flag nobody', r)}, and {against('flag everybody', r)}.")

# %%
if COST_MISS is None:
    print("- No cost ratio was named, so no decision is recommended: each line above assumes its own ratio. "
          "Pick the line whose ratio matches what a miss really costs, then set COST_MISS and run again.")
print("- These numbers assume that new cases will be like the test rows.")
for caution in guide.cautions(prof):
    print(f"- Caution: {caution}")

# %% [markdown]
# Pass the lines on as they are, uncertainty included: "finds 80 to 97% of the cases" is a promise a
# stakeholder can hold you to; "finds 90%" is not. Where a verdict says "no detectable difference", the
# test rows cannot show that the model beats the simpler rule at that cost: more test rows, better
# features or a different cost may change that.
#
# ## Key takeaways
#
# - **Check before you fit**: the path, the target, the positive label and the costs, each with an error that
#   says what was found; and decide which columns are known at prediction time (`DROP_COLUMNS`): no
#   measurement here can catch leakage.
# - **Split once, first** (by time when the cases come in time), choose everything on the training rows with
#   one rule stated before the numbers, and touch the test rows once.
# - **The costs choose the threshold**: with `TunedThresholdClassifierCV` and a cost scorer when you can name
#   them; when you cannot, show the decision at several ratios and let the people who own the costs choose.
# - **Report with intervals, against the rules without a model**: a model that cannot be shown to beat
#   flagging nobody (or everybody) at your costs is not yet worth deploying, however good its ROC-AUC.
#
# ## Next
#
# Rerun this notebook on your own file. The [glossary](glossary.md) has every term, and the
# [course map](00_start_here.ipynb) the lesson behind each step.

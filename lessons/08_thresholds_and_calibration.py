# %% [markdown]
# # 08 · Thresholds, class weights and calibration
#
# *Do I need to resample at all?*
#
# Lessons 03-06 rebalanced the training data to find more of the rare class. This lesson starts from the
# other end, with the workflow the course recommends: a strong learner trained on the data as they are, its
# probabilities checked, and a decision threshold chosen for the costs. Then it asks what resampling adds to
# that workflow, what it breaks, and how to repair it.
#
# **In this notebook you will:**
# 1. run the recommended workflow on `satimage`: gradient boosting with and without class weights, a
#    calibration check (Brier skill score, log loss, calibration intercept and slope, a reliability diagram),
#    and a threshold tuned for the costs with `TunedThresholdClassifierCV` and a `make_scorer` cost scorer;
# 2. compare under-sampling with that tuned threshold at matched operating points, and see why rebalancing
#    inflates probabilities (live demo);
# 3. repair probabilities (the Dal Pozzolo correction, `CalibratedClassifierCV` with a sigmoid or an isotonic
#    map, a correction for a new prevalence), judge a clinical model with a decision curve, and read what the
#    course's evidence grid found on 20 datasets.
#
# **Prerequisites:** [02 · Metrics that matter](02_metrics_that_matter.ipynb) (costs, the cheapest threshold,
# the Brier score, log loss, reliability diagrams, the bar to beat) and [04 · Under-sampling](04_undersampling.ipynb).

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV, CalibrationDisplay
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, make_scorer, roc_auc_score
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV, train_test_split
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from helpers import calibration, datasets, demos, evidence, metrics, plotting, stats

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine

# %% [markdown]
# ## Do class weights help a strong learner?
#
# `satimage` holds 6,435 pixels of a Landsat image, 626 of them damp grey soil (9.7%, a 9.3:1 imbalance),
# each described by 36 numeric features. The learner is lesson 02's bar: scikit-learn's
# `HistGradientBoostingClassifier` at its defaults, with no rebalancing (trees need no scaling). Its
# `class_weight="balanced"` makes every minority row count 9.3 times as much in the loss: rebalancing by
# weights, with no row added or removed. As in lesson 02, `metrics.out_of_fold_scores`
# gives every pixel a probability from a model that never saw it (`cross_val_predict` over 5 stratified folds).

# %%
X, y = datasets.load("satimage")
booster = HistGradientBoostingClassifier(random_state=42)
weighted = HistGradientBoostingClassifier(class_weight="balanced", random_state=42)
proba = {"gradient boosting": metrics.out_of_fold_scores(booster, X, y, n_jobs=2),  # two folds at a time
         "+ class weights": metrics.out_of_fold_scores(weighted, X, y, n_jobs=2)}

# %% [markdown]
# Every set of probabilities in this lesson gets the same checks. Ranking: ROC-AUC and average precision.
# Probabilities: the mean probability against the share of positives p; the **Brier skill score**,
# 1 − Brier / p(1 − p) (0 for the no-skill forecast p, 1 for perfect); the **log loss** next to the no-skill
# forecast's (both from lesson 02); and the two numbers of a **logistic recalibration**, a logistic regression
# logit P(y = 1) = a + b·logit(p) of the outcomes on the model's log-odds (van Calster et al. 2019, "Calibration:
# the Achilles heel of predictive analytics"; `helpers.calibration`, since scikit-learn has no function for them):
# - the **calibration intercept** a, fitted with b held at 1: 0 means right on average, below 0 the
#   probabilities are too high, above 0 too low;
# - the **calibration slope** b: 1 means the spread is right, below 1 the probabilities are too extreme
#   (too close to 0 and 1: over-confident), above 1 too timid.

# %%
def probability_checks(y, proba):
    p = y.mean()
    return pd.DataFrame({name: {
        "ROC-AUC": roc_auc_score(y, s), "average precision": average_precision_score(y, s),
        "mean probability": s.mean(), "share positive": p,
        "Brier skill score": 1 - brier_score_loss(y, s) / (p * (1 - p)),
        "log loss": log_loss(y, s), "log loss, no skill": log_loss(y, np.full(len(y), p)),
        "calibration intercept": calibration.calibration_intercept(y, s),
        "calibration slope": calibration.calibration_slope(y, s)} for name, s in proba.items()}).T.round(3)

probability_checks(y, proba)

# %% [markdown]
# Class weights left the ranking where it was (ROC-AUC 0.965 and 0.964, average precision 0.803 and 0.791)
# and moved the probabilities: the mean went from 0.084 to 0.119 for a share of 0.097, the calibration
# intercept from +0.486 to −0.765 (from a little too low to too high), and the Brier skill score fell from
# 0.554 to 0.472. Both are far better than no skill (log loss 0.139 and 0.153 against 0.319), and both are
# over-confident: slopes of 0.733 and 0.681.
#
# One 5-fold run gives no interval. The course's evidence grid (lesson 03; more of it at the end) ran this very
# pair, same learner and defaults, on 10 paired folds of `satimage`. Its paired differences (class weights
# minus none), with Holm-adjusted verdicts, and recall, precision and cost read at 1/11 (next section):

# %%
grid = evidence.load()
evidence.cell(grid, "satimage", "hist_gradient_boosting", "class_weight").round(3)

# %% [markdown]
# The ranking showed no detectable difference, and its intervals rule out a ROC-AUC gain larger than 0.002
# and an average-precision gain larger than 0.010: class weights bought no detectable ranking gain, so moving
# the plain booster's threshold should reach about the same operating points (these averages over the whole
# curve do not check each point). The rest is read with care. The Brier
# skill score fell by 0.066 [−0.115, −0.017] and recall at 1/11 rose by 0.065 [0.010, 0.119]: intervals
# that exclude zero, but not after Holm's adjustment over the table's questions (an interval that excludes
# zero is not a verdict when many questions are asked at once). Precision at 1/11 fell (−0.112, a verdict),
# and the cost per pixel moved by −0.019 [−0.075, +0.036]: not detected either way, and the interval
# leaves a saving of up to 0.075 open.
#
# ## Can the booster's probabilities be trusted at t* = c_fa / (c_fa + c_miss)?
#
# Lesson 02's rule: if a miss costs `c_miss` and a false alarm `c_fa`, flag every case whose probability is at
# least t* = c_fa / (c_fa + c_miss), which is 1/11 ≈ 0.091 when a missed damp-soil pixel costs as much as 10
# false alarms. The rule assumes calibrated probabilities, so look before you use it. A reliability diagram
# with 10 equal-width bins (lesson 02) covers the whole range:

# %%
colours = {"gradient boosting": "#000000", "+ class weights": plotting.CANDIDATE_COLORS[1],
           "under-sampled": plotting.CANDIDATE_COLORS[2], "+ Dal Pozzolo": plotting.CANDIDATE_COLORS[4]}
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6, 4.8), layout="constrained")
    for name, s in proba.items():
        CalibrationDisplay.from_predictions(y, s, n_bins=10, ax=ax, name=name, color=colours[name], marker="o")
    ax.set(title="Class weights move the booster's curve below the diagonal:\nits probabilities become too high",
           xlabel="mean predicted probability (10 equal-width bins)", ylabel="observed share of damp soil")
    ax.title.set_fontsize(11)
fig;

# %% [markdown]
# The plain booster's curve stays on or above the diagonal (its probabilities too low, if anything); the
# weighted one falls below it (too high). But a decision at 1/11 is made inside the first bin, where most pixels
# are. Cut the booster's probabilities into finer bands around t* and count the pixels in each:

# %%
booster_proba = pd.Series(proba["gradient boosting"], index=y.index)
bands = pd.cut(booster_proba, [0, 0.005, 0.01, 0.02, 0.05, 0.09, 0.2, 0.5, 1], include_lowest=True)
band_table = pd.DataFrame({"pixels": y.groupby(bands, observed=False).size(),
                           "damp soil": y.groupby(bands, observed=False).sum(),
                           "mean predicted": booster_proba.groupby(bands, observed=False).mean()})
band_table["observed share"] = band_table["damp soil"] / band_table["pixels"]
band_table["95% interval"] = ["[{:.3f}, {:.3f}]".format(*stats.wilson(k, n))
                              for k, n in zip(band_table["damp soil"], band_table["pixels"])]
band_table.round(3)

# %% [markdown]
# Where the booster says 5% to 9%, 14.1% of the pixels are damp soil (Wilson 95% interval in the table):
# more than 1 in 11 (the interval just excludes it), so flagging them likely pays, yet the rule leaves them unflagged. Where it says 2% to
# 5% (298 pixels, 0.033 on average), 9.7% are, an interval that straddles 1/11: these cannot be told
# apart from break-even. The booster is too low just under t*, where the decision is made (the intercept
# of +0.486 and the slope of 0.733 said as much), so t* is not likely to be its cheapest threshold.
#
# ## Which threshold do the costs call for?
#
# When the probabilities cannot be trusted at t*, choose the threshold on held-out predictions. scikit-learn's
# `TunedThresholdClassifierCV` does that inside the training data: it cross-validates the model (here on 5
# folds), scores every candidate threshold on the held-out predictions with the scorer you give it, keeps the
# best, and refits the model on all the rows it was given. The scorer is the cost itself: a plain function of
# labels and decisions, turned into a scorer by `make_scorer` (`greater_is_better=False`: the tuner maximises,
# so the scorer returns the cost negated). Fitted here on all rows, only to show where it puts the line:

# %%
def cost_per_case(y_true, y_pred):  # a miss costs as much as 10 false alarms
    misses = np.sum((y_true == 1) & (y_pred == 0))
    false_alarms = np.sum((y_true == 0) & (y_pred == 1))
    return (10 * misses + false_alarms) / len(y_true)

cost_scorer = make_scorer(cost_per_case, greater_is_better=False)
tuned = TunedThresholdClassifierCV(booster, scoring=cost_scorer, store_cv_results=True, n_jobs=2,
                                   cv=StratifiedKFold(5, shuffle=True, random_state=42)).fit(X, y)
t_star = 1 / 11
inner = pd.Series(-tuned.cv_results_["scores"], index=tuned.cv_results_["thresholds"])  # cost per pixel
at_t_star = inner.iloc[np.argmin(np.abs(inner.index - t_star))]
print(f"tuned threshold {tuned.best_threshold_:.3f}: {inner.min():.3f} per pixel in the inner CV; "
      f"at the candidate nearest t* = {t_star:.3f}: {at_t_star:.3f}")

# %% [markdown]
# The tuner chose 0.020, at the low end of the band the table above could not settle, at 0.189 per pixel in its inner
# cross-validation against 0.207 near t*. That 0.189 is optimistic: the threshold was picked on the same
# predictions. The grid ran the tuner *inside* each of its 10 outer training folds and scored it on the
# untouched test fold, the honest estimate (`tuned_threshold` against the same booster deciding at 1/11):

# %%
evidence.cell(grid, "satimage", "hist_gradient_boosting", "tuned_threshold",
              metrics=["recall_at_cost", "precision_at_cost", "cost_per_case"]).round(3)

# %% [markdown]
# Out of sample the tuned threshold found more damp soil (recall 0.937 against 0.843) at a lower precision
# (0.408 against 0.565), and cost 0.195 per pixel against 0.217 at 1/11: −0.022 [−0.074, +0.031], no
# detectable difference on 10 folds. To do the same on your own data, hold out a test set, fit the tuner on
# the rest, and compare it with the model at t*, which `FixedThresholdClassifier` applies, and with the two
# trivial rules:

# %%
from sklearn.model_selection import FixedThresholdClassifier

X_fit, X_test, y_fit, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
rules = {"tuned threshold": clone(tuned).fit(X_fit, y_fit),  # its threshold chosen on the 75% only
         "t* = 1/11": FixedThresholdClassifier(clone(booster), threshold=t_star).fit(X_fit, y_fit)}
held_out = {name: cost_per_case(y_test.to_numpy(), model.predict(X_test)) for name, model in rules.items()}
held_out.update({"flag no one": 10 * y_test.mean(), "flag every pixel": 1 - y_test.mean()})
print({name: round(float(c), 3) for name, c in held_out.items()}, "cost per pixel on the 25% held out")

# %% [markdown]
# On this one split the tuned threshold cost 0.180 per pixel against 0.200 at t*, both far below the trivial
# rules (flagging no one 0.976, every pixel 0.902). One split gives no interval; the grid's 10 folds above
# are the better estimate of the difference.
#
# **Why not tune for balanced accuracy, the tuner's default?** Balanced accuracy is 1 − (FN/P + FP/N) / 2,
# with P positives and N negatives, so maximising it minimises N·FN + P·FP: the cost of a world where a miss
# costs N/P false alarms. Its cost ratio is the imbalance ratio, whatever your costs are. On the booster's
# out-of-fold probabilities, the best balanced accuracy and the cheapest threshold at that ratio coincide:

# %%
table = metrics.threshold_table(y, proba["gradient boosting"])
n_pos, n_neg = int(y.sum()), int((y == 0).sum())
balanced_accuracy = (table["tp"] / n_pos + table["tn"] / n_neg) / 2
hidden = metrics.expected_cost(table, cost_miss=n_neg / n_pos, cost_false_alarm=1)
print(f"best balanced accuracy at {table['threshold'][balanced_accuracy.idxmax()]:.2f}; cheapest when a miss "
      f"costs {n_neg / n_pos:.2f} false alarms: {table['threshold'][hidden.idxmin()]:.2f}")

# %% [markdown]
# Both at 0.02, necessarily: the two are the same objective. On `satimage` the hidden ratio, 9.28, happens to be close to our 10, so balanced accuracy
# would have chosen almost the same line; on `thyroid` (20:1) it would price a miss at 20 false alarms, and on
# a 100:1 problem at 100, whatever the misses really cost. A threshold tuned for balanced accuracy is a
# threshold for the imbalance ratio, and that is also where rebalancing to 50:50 and deciding at 0.5 draws the
# line (the prior shift of the sections below): comparing the two compares a decision rule with itself. Write
# the cost down and tune for that.
#
# ## How stable is the tuned threshold?
#
# A threshold chosen on data is an estimate like any other. The tuner's inner cross-validation shows how much
# the cost depends on it:

# %%
flat = inner[inner <= 1.05 * inner.min()]
print(f"within 5% of the cheapest cost: thresholds {flat.index.min():.3f} to {flat.index.max():.3f}")
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6.5, 3.8), layout="constrained")
    ax.plot(inner.index, inner.to_numpy(), color="#000000", lw=2, label="cost per pixel (inner 5-fold CV)")
    ax.axvspan(flat.index.min(), flat.index.max(), color="#D9D9D9", label="within 5% of the cheapest")
    ax.axvline(tuned.best_threshold_, color=plotting.CANDIDATE_COLORS[1], ls="--", label="tuned threshold")
    ax.axvline(t_star, color=plotting.CANDIDATE_COLORS[2], ls=":", lw=2, label="t* = 1/11")
    ax.set(xlim=(0, 0.5), ylim=(0, 0.6), xlabel="threshold", ylabel="cost per pixel",
           title="A flat valley: any threshold from 0.02 to 0.06 costs about the same")
    ax.title.set_fontsize(11)
    ax.legend(fontsize=9, loc="lower right")
fig;

# %% [markdown]
# Near its minimum the cost curve is flat: the thresholds between the printed bounds cost within 5% of the
# cheapest. Data that move the minimum a little will move the chosen threshold a lot, and the cost hardly. The
# grid stored the threshold the same tuner chose in each of its 10 outer training folds, for every dataset,
# for the booster and the logistic regression:

# %%
folds = evidence.load_folds()
chosen = folds[(folds["method"] == "tuned_threshold")
               & folds["learner"].isin(["hist_gradient_boosting", "logistic_regression"])]
spread = chosen.groupby(["dataset", "learner"])["threshold"].agg(["min", "median", "max"]).unstack("learner")
spread.columns = [f"{'booster' if learner.startswith('hist') else 'logistic'}: {stat}" for stat, learner in spread.columns]
one_run = folds[(folds["learner"] == "logistic_regression") & (folds["method"] == "none") & (folds["repeat"] == 0)]
spread.insert(0, "positives", one_run.groupby("dataset")["positives_test"].sum())
ranges = {name: spread[f"{name}: max"] - spread[f"{name}: min"] for name in ("booster", "logistic")}
print(f"median range (max - min) over the 20 datasets: booster {ranges['booster'].median():.3f}, logistic "
      f"{ranges['logistic'].median():.3f}; logistic narrower on {(ranges['logistic'] < ranges['booster']).sum()} of 20")
spread.sort_values("positives")[["positives", "booster: min", "booster: median", "booster: max",
                                 "logistic: min", "logistic: median", "logistic: max"]].round(3)

# %% [markdown]
# The booster's thresholds wandered far on several datasets with few positives: from 0.010 to 0.434 on
# `kddcup` (22 positives), 0.009 to 0.957 on `poker-8-9_vs_5` (25), 0.010 to 0.724 on `abalone19` (32), and
# still 0.010 to 0.515 on `vowel0` (90) and 0.010 to 0.222 on `thyroid` (151); on `satimage` (626 positives) they
# stayed between 0.010 and 0.040, on `lending_club` (517) between 0.048 and 0.081. The logistic regression's
# spread less on 13 of the 20 datasets (median range 0.080 against 0.193), though not everywhere (`page_blocks`,
# 28 positives: 0.030 to 0.727). Its probabilities spread over the whole range, while the booster's crowd near 0
# and 1, so a wide band of thresholds between the two crowds makes almost the same decisions and the tuner's
# choice within it is close to arbitrary. Report a tuned threshold with its spread and expect it to move when the
# data do; what matters is the cost, and the tuned threshold's cost was not detectably worse than 1/11's on any
# of the grid's datasets (the end of this lesson).
#
# One artefact to know: the tuner tries 100 thresholds evenly spaced over the range of the scores (about 0, then 0.0101,
# 0.0201, ... here), so the many minimums of exactly 0.010 are its first step above 0, not a finding. For a
# booster whose scores crowd near 0, give it finer candidates, such as
# `thresholds=np.r_[np.geomspace(1e-3, 0.1, 40), np.linspace(0.1, 0.99, 60)]`.
#
# ## Does under-sampling beat the tuned threshold at the same operating point?
#
# Now resampling. `RandomUnderSampler` keeps every damp-soil pixel and as many of the others (about 11% of
# them), inside an imbalanced-learn pipeline so that only training folds are cut (lesson 04):

# %%
undersampled = make_pipeline(RandomUnderSampler(random_state=42), HistGradientBoostingClassifier(random_state=42))
proba["under-sampled"] = metrics.out_of_fold_scores(undersampled, X, y, n_jobs=2)
probability_checks(y, {name: proba[name] for name in ["gradient boosting", "under-sampled"]})

# %% [markdown]
# Trained on 11% of the majority rows, the booster ranks worse (ROC-AUC 0.952 against 0.965, average precision
# 0.729 against 0.803), and its probabilities are worse than no skill: a Brier skill score of −0.253, a log loss
# of 0.412 against the constant forecast's 0.319, a mean probability of 0.223 for a share of 0.097.
#
# Recall at 0.5 is where under-sampling is usually praised, so compare there, fairly: at 0.5 the under-sampled
# model finds some share of the damp-soil pixels, and the plain booster can find exactly as many by lowering its
# own threshold. At that matched recall, which raises fewer false alarms? Fold by fold, on the same 5 folds:

# %%
def at(y_true, score, threshold):  # what flagging every score >= threshold finds
    flagged = score >= threshold
    found, false_alarms = np.sum(flagged & (y_true == 1)), np.sum(flagged & (y_true == 0))
    return {"found": int(found), "false alarms": int(false_alarms), "recall": found / np.sum(y_true == 1),
            "precision": found / (found + false_alarms)}

def matching(y_true, score, found):  # the booster's threshold that finds `found` positives: its found-th best
    return np.sort(score[y_true == 1])[::-1][found - 1]

rows = []
for _, test in StratifiedKFold(5, shuffle=True, random_state=42).split(X, y):
    y_test, plain, rus = y.to_numpy()[test], proba["gradient boosting"][test], proba["under-sampled"][test]
    found = at(y_test, rus, 0.5)["found"]  # the damp-soil pixels under-sampling finds at 0.5
    at_half = at(y_test, rus, matching(y_test, rus, found))  # both models at their found-th positive's score
    matched = at(y_test, plain, matching(y_test, plain, found))
    rows.append({"recall (both)": at_half["recall"], "false alarms, under-sampled (matched)": at_half["false alarms"],
                 "false alarms, booster matched": matched["false alarms"],
                 "precision gain": matched["precision"] - at_half["precision"]})
pd.DataFrame(rows).round(3)

# %%
gain = stats.corrected_difference(pd.DataFrame(rows)["precision gain"], test_train_ratio=1 / 4)
print(f"booster minus under-sampled, precision at the same recall: {gain['difference']:+.3f} "
      f"[{gain['ci_low']:+.3f}, {gain['ci_high']:+.3f}] (5 paired folds)")

# %% [markdown]
# Both models are read at the same place, the score of their found-th damp-soil pixel (for the
# under-sampled model that finds what 0.5 found, without the negatives that score between it and 0.5). On
# every fold the plain booster raised fewer false alarms (89 against 137 on the first fold), for a precision
# higher by 0.072 [0.025, 0.119] (the corrected paired interval of lesson 03; with one question asked, no
# Holm adjustment). On the two precision-recall
# curves, pooled over the folds:

# %%
from sklearn.metrics import PrecisionRecallDisplay

y_all = y.to_numpy()
found_all = at(y_all, proba["under-sampled"], 0.5)["found"]
points = {name: at(y_all, proba[name], matching(y_all, proba[name], found_all))
          for name in ["under-sampled", "gradient boosting"]}
print(pd.DataFrame(points).T.astype({"found": int, "false alarms": int}).round(3))
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6, 4.8), layout="constrained")
    for name, point in points.items():
        PrecisionRecallDisplay.from_predictions(y, proba[name], ax=ax, name=name, curve_kwargs={"color": colours[name]})
        ax.plot(point["recall"], point["precision"], "o", ms=10, color=colours[name])
    ax.set(title="At the recall under-sampling reaches at 0.5 (dots),\nthe plain booster is more precise",
           xlabel="recall", ylabel="precision")
    ax.title.set_fontsize(11)
    ax.legend(loc="lower left", fontsize=9)
fig;

# %% [markdown]
# Both dots find 560 of the 626 damp-soil pixels (recall 0.895); the under-sampled model needs 819 false alarms
# for it (precision 0.406), the plain booster 573 (0.494). The under-sampled curve lies below the plain one
# almost everywhere: the "recall gain" of under-sampling is a point further along a worse curve.
#
# The same question at the cost ratio instead of a recall: the plain learner with its tuned threshold,
# against under-sampling followed by the Dal Pozzolo correction (a formula that undoes under-sampling's
# shift of the probabilities, explained in "Can the probabilities be repaired?" below) and t* = 1/11. That
# is not the under-sampled model's cheapest rule (its corrected probabilities stay miscalibrated, as shown
# below), but it is the rule the correction is meant to license. The grid ran both for its five learners;
# paired on the same 10 folds of each of the 20 datasets, Holm-adjusted over the 20 datasets of each learner:

# %%
cost = folds.pivot_table(index=["learner", "dataset", "fold"], columns="method", values="cost_per_case")
rows = []
for (learner, dataset), c in cost.groupby(level=["learner", "dataset"]):
    if learner in evidence.CORE_LEARNERS:  # under-sampling + correction at 1/11 minus the tuned threshold
        d = (c["rus_prior_corrected"] - c["tuned_threshold"]).to_numpy()
        rows.append({"learner": learner, "dataset": dataset, **stats.corrected_difference(d, evidence.TEST_TRAIN_RATIO)})
paired = pd.DataFrame(rows)
paired["p_holm"] = paired.groupby("learner")["p_value"].transform(lambda p: stats.holm(p.to_numpy()))
paired["verdict"] = [stats.verdict(r.ci_low, r.ci_high, lower_is_better=True, p_adjusted=r.p_holm)
                     if r.n_folds >= stats.MIN_FOLDS_FOR_VERDICT else "not judged" for r in paired.itertuples()]
summary = paired.groupby("learner")["verdict"].value_counts().unstack(fill_value=0)
summary.columns = [f"under-sampling {v}" if v in ("better", "worse") else v for v in summary.columns]
summary["costs more on"] = paired.groupby("learner")["difference"].apply(lambda d: f"{(d > 0).sum()} of {d.notna().sum()}")
summary["median difference"] = paired.groupby("learner")["difference"].median()
summary.round(3)

# %% [markdown]
# At the matched cost ratio, under-sampling with its correction was never detectably cheaper than the tuned
# threshold on the plain learner, except on 1 dataset for the decision tree; it was detectably dearer on 1
# dataset for gradient boosting, 2 for k-NN and 3 for the tree, and its cost was higher on 12 to 19 of the 20
# datasets for every learner (median +0.006 to +0.028 per case). The rest is "no detectable difference" (and 1
# dataset "not judged" for the tree, whose tuner could not fit on two folds of it, printed further down): 10 folds cannot rule out small differences
# either way.
#
# ## What does rebalancing do to the probabilities?
#
# The under-sampled booster's mean probability was 0.223 for a share of 0.097. For logistic regression the size
# of that shift has a formula (King & Zeng 2001, "Logistic regression in rare events data"): keeping a fraction
# β of the majority rows multiplies the odds the model learns by 1/β, so the calibration intercept moves by
# ln(β); with the classes balanced, β = 1 / imbalance ratio and the shift is −ln(9.3) = −2.23. A sweep over β,
# each model scored out of fold (a float `sampling_strategy` is the minority-to-majority ratio wanted after
# resampling):

# %%
fractions = (1.0, 0.7, 0.5, 0.3, 0.2, 0.15, 0.11)  # of the majority rows kept; 0.11 ≈ 1 / 9.28: balanced
sweep_scores = {}
for beta in fractions:
    sampler = [RandomUnderSampler(sampling_strategy=n_pos / (beta * n_neg), random_state=42)] if beta < 1 else []
    model = make_pipeline(StandardScaler(), *sampler, LogisticRegression(max_iter=1000))
    sweep_scores[beta] = metrics.out_of_fold_scores(model, X, y)
base = calibration.calibration_intercept(y, sweep_scores[1.0])
no_skill = y.mean() * (1 - y.mean())
pd.DataFrame({beta: {"theory: ln(beta)": np.log(beta), "measured shift": calibration.calibration_intercept(y, s) - base,
                     "mean probability": s.mean(), "Brier skill score": 1 - brier_score_loss(y, s) / no_skill,
                     "ROC-AUC": roc_auc_score(y, s)} for beta, s in sweep_scores.items()}).T.rename_axis("beta").round(3)

# %% [markdown]
# Theory and measurement agree: the intercept moved by −0.364 (theory −0.357) when 70% of the majority rows were
# kept, and by −2.262 (theory −2.207) at 11%, never more than 0.06 apart. ROC-AUC only went from 0.771 to
# 0.762, while the Brier skill score fell from 0.081 to −1.334, below no skill from β = 0.5 on. (One 5-fold run
# per β: the agreement with the theory line, not a fourth decimal, is the point.) The booster moved further than
# the prior alone explains: its intercept went from +0.486 to −3.902, a shift of −4.4 where ln(β) is −2.23, because
# the booster trained on the small balanced sample is also more over-confident (slope 0.521 against 0.733).
#
# ## How far do the probabilities drift as you under-sample harder? (live demo)
#
# The slider sets the fraction of majority rows kept, the sweep above. The left panel is the reliability
# diagram of the under-sampled logistic regression (black) and of its Dal Pozzolo correction (green, next
# section); the right panel places the measured intercept shift against the theory ln(β) (dotted).

# %%
demo = demos.undersampling_calibration(scores=sweep_scores)
demo

# %% [markdown]
# Without a kernel, the demo with every majority row kept and with a fifth of them:

# %%
demo.stills({"beta": 1.0}, {"beta": 0.2}, captions=["all majority rows kept", "20% of the majority rows kept"]);

# %%
p_share = y.mean()  # the demo's readout, as numbers: Brier skill score before and after the correction
for beta in (1.0, 0.2):
    s = demo.update(beta=beta)
    print(f"{beta:.0%} kept: Brier skill {1 - s['brier'] / (p_share * (1 - p_share)):.3f}, "
          f"after the correction {1 - s['brier_corrected'] / (p_share * (1 - p_share)):.3f}")

# %% [markdown]
# **Try this:** move the slider from 100% down to 11% and watch the black curve sink below the diagonal while
# the green one stays on it. The ROC-AUC in the readout moves a little (less data to learn from); why can
# the correction itself not move it at all?

# %% [markdown] tags=["solution"]
# The correction is a monotone map of each probability (it multiplies the odds by the same β for every
# row), so it never changes which row scores above which: the ranking, and with it ROC-AUC and average
# precision, stays exactly where the under-sampled model left it.
#
# ## Can the probabilities be repaired?
#
# **Dal Pozzolo et al.** (IEEE SSCI 2015, "Calibrating probability with undersampling for unbalanced
# classification") undo random under-sampling exactly, if the under-sampled model's probabilities pₛ were right
# for the data it saw: with β the fraction of majority rows kept, p = β·pₛ / (β·pₛ − pₛ + 1)
# (`calibration.dal_pozzolo_correction`). It needs no extra data, and it is monotone, so the ranking cannot
# change. For the under-sampled booster β = P / N:

# %%
beta = n_pos / n_neg  # RandomUnderSampler kept as many majority rows as minority rows
proba["+ Dal Pozzolo"] = calibration.dal_pozzolo_correction(proba["under-sampled"], beta)
probability_checks(y, {name: proba[name] for name in ["gradient boosting", "under-sampled", "+ Dal Pozzolo"]})

# %% [markdown]
# The correction took the mean probability from 0.223 to 0.146, the calibration intercept from −3.902 to −1.674,
# the Brier skill score from −0.253 to 0.271 and the log loss from 0.412 to 0.221. It repaired the prior, not
# the rest: the slope stayed at 0.521 (the map only shifts the log-odds), and neither the probabilities (0.271
# against 0.554) nor the ranking (0.729 against 0.803) came back to the plain booster's. For the logistic
# regression of the sweep, the same formula puts the probabilities back: the demo's green curve, and in the
# second still above (20% of the majority rows kept), a Brier skill score of −0.629 brought back to 0.061,
# against the plain model's 0.081 (printed under the stills).
#
# ## Sigmoid or isotonic, and how many positives does recalibration need?
#
# **`CalibratedClassifierCV`** learns the map from held-out data instead: a sigmoid (Platt scaling: a logistic
# regression on the model's score, 2 parameters) or an isotonic regression (any increasing step function: flexible,
# and hungry for data; Niculescu-Mizil & Caruana 2005 compared the two and found isotonic over-fits small
# calibration sets). Under-sampling distorts the log-odds by a shift and a scale, exactly the sigmoid's family,
# so this test favours the sigmoid by construction; read its result for distortions of that shape. Its usual form, `CalibratedClassifierCV(model, method="sigmoid", cv=5)`, fits the model on
# 4/5 of the training rows and the map on the rest, 5 times (the grid ran it). To control how many positives the
# map sees, fit the model once and freeze it (`FrozenEstimator`: `fit` then leaves it alone). Three parts of
# `satimage`: 40% to train the under-sampled booster, 30% to draw calibration sets from, 30% to test:

# %%
X_fit, X_rest, y_fit, y_rest = train_test_split(X, y, train_size=0.4, stratify=y, random_state=42)
X_cal, X_test, y_cal, y_test = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=42)
fitted = {"under-sampled": clone(undersampled).fit(X_fit, y_fit), "gradient boosting": clone(booster).fit(X_fit, y_fit)}
test_no_skill = y_test.mean() * (1 - y_test.mean())

def skill(s):  # Brier skill score on the test part
    return 1 - brier_score_loss(y_test, s) / test_no_skill

rus_test = fitted["under-sampled"].predict_proba(X_test)[:, 1]
beta_fit = float(y_fit.sum() / (y_fit == 0).sum())
print(f"positives: {int(y_fit.sum())} to train, {int(y_cal.sum())} to calibrate, {int(y_test.sum())} to test")
print(f"Brier skill score on the test part: under-sampled {skill(rus_test):.3f}, + Dal Pozzolo "
      f"{skill(calibration.dal_pozzolo_correction(rus_test, beta_fit)):.3f}, plain booster "
      f"{skill(fitted['gradient boosting'].predict_proba(X_test)[:, 1]):.3f}; "
      f"log loss of no skill {log_loss(y_test, np.full(len(y_test), y_test.mean())):.3f}")

# %% [markdown]
# Now recalibrate the frozen under-sampled model on calibration sets with 10 positives, 30, and all 188 (with
# their share of negatives; 5 random draws for the small sets), with each map:

# %%
rng = np.random.default_rng(42)
positive, negative = np.flatnonzero(y_cal == 1), np.flatnonzero(y_cal == 0)
rows = []
for n in (10, 30, len(positive)):
    for _ in range(5 if n < len(positive) else 1):
        chosen_rows = np.r_[rng.choice(positive, n, replace=False),
                            rng.choice(negative, round(n * len(negative) / len(positive)), replace=False)]
        for method in ("sigmoid", "isotonic"):
            recalibrated = CalibratedClassifierCV(FrozenEstimator(fitted["under-sampled"]), method=method)
            s = recalibrated.fit(X_cal.iloc[chosen_rows], y_cal.iloc[chosen_rows]).predict_proba(X_test)[:, 1]
            rows.append({"positives": n, "map": method, "Brier skill score": skill(s), "log loss": log_loss(y_test, s),
                         "test positives given 0": np.sum((s == 0) & (y_test == 1))})
recalibration = pd.DataFrame(rows).groupby(["positives", "map"]).agg(
    **{"Brier skill, mean": ("Brier skill score", "mean"), "Brier skill, worst draw": ("Brier skill score", "min"),
       "log loss, mean": ("log loss", "mean"), "log loss, worst draw": ("log loss", "max"),
       "test positives given 0, mean": ("test positives given 0", "mean")})
recalibration.round(3)

# %% [markdown]
# - **Sigmoid needs few positives.** With 10 positives it lifted the Brier skill score from −0.572 to 0.339 on
#   average (0.331 in the worst draw); more positives added little (0.351 with all 188).
# - **Isotonic needs many.** With 10 positives it reached only 0.258 on average, and its log loss, 1.052, was
#   worse than no skill (0.319): a step function fitted to 10 positives gave, on average, 37.2 of the 188 test
#   positives a probability of exactly 0, and the log loss punishes such a certain mistake without limit (scikit-learn
#   clips it to a large finite value). With 30 positives it was still behind the sigmoid (0.331 against 0.350);
#   with 188 nearly level (0.343 against 0.351).
# - **Neither gives back what under-sampling threw away.** The best recalibrated model, 0.351, stays far below
#   the plain booster trained on the same 40% (0.463, not recalibrated at all). The Dal Pozzolo correction alone,
#   with no calibration data, reached −0.007 here: it repairs the prior, not the booster's over-confidence.
#
# So: with few positives to spare for calibration, use the sigmoid; isotonic is for large calibration sets
# (scikit-learn's documentation advises against it with far fewer than 1,000 calibration rows: it over-fits). And
# every positive spent on calibration is one the model did not learn from.
#
# ## What if the rare class is rarer where the model is used?
#
# A model learns the share of positives of its training data. Deployed where the share differs (a screening
# population, a new region), its probabilities are off by the change in prior odds (a **prior shift**), even if
# nothing else changed (Saerens, Latinne & Decaestecker 2002; when the new share is not known, their EM method
# estimates it from the new, unlabelled data). The repair is the same odds correction as Dal Pozzolo's, with the
# ratio of the prior odds as the factor, and it inherits whatever miscalibration the model already has: odds' = odds · [π' / (1 − π')] / [π / (1 − π)], π the training share and π' the
# deployment share. To see it work, keep every other pixel and a fifth of the damp-soil ones
# (`metrics.keep_minority_share`, lesson 02): a population with 2% positives, scored by the booster that learnt
# at 9.7% (its out-of-fold probabilities):

# %%
keep = metrics.keep_minority_share(y, 0.02, random_state=42)
y_new, p_new = y.to_numpy()[keep], proba["gradient boosting"][keep]
pi, pi_new = y.mean(), y_new.mean()
factor = (pi_new / (1 - pi_new)) / (pi / (1 - pi))  # the ratio of the prior odds
odds = p_new / (1 - p_new) * factor
p_shifted = odds / (1 + odds)
print(f"{int(y_new.sum())} damp-soil pixels among {len(y_new)} ({pi_new:.3f}; training {pi:.3f}): odds factor "
      f"{factor:.3f}; the same as Dal Pozzolo's formula with beta = factor: "
      f"{np.allclose(p_shifted, calibration.dal_pozzolo_correction(p_new, factor))}")

# %%
rows = {}
for name, s in {"as trained": p_new, "prior-corrected": p_shifted}.items():
    flagged = s >= t_star
    rows[name] = {"mean probability": s.mean(), "Brier skill score": 1 - brier_score_loss(y_new, s) / (pi_new * (1 - pi_new)),
                  "calibration intercept": calibration.calibration_intercept(y_new, s),
                  "flagged at 1/11": flagged.sum(), "found": (flagged & (y_new == 1)).sum(),
                  "cost per pixel at 1/11": cost_per_case(y_new, flagged.astype(int))}
cheapest = metrics.expected_cost(metrics.threshold_table(y_new, p_new), cost_miss=10, cost_false_alarm=1).min()
print(f"the cheapest threshold on this population costs {cheapest:.3f} per pixel")
pd.DataFrame(rows).T.astype({"flagged at 1/11": int, "found": int}).round(3)

# %% [markdown]
# As trained, the booster gave this population a mean probability of 0.040 for a share of 0.020 (intercept
# −1.381); at 1/11 it flagged 507 pixels to find 95 of the 119, at 0.110 per pixel. After the correction the mean
# was 0.017, the Brier skill score rose from 0.078 to 0.345, and 1/11 flagged 240 to find 81, at 0.091 per pixel,
# close to the cheapest threshold's 0.089 (a threshold chosen on the very data it is judged on, so a floor, not
# a target). The correction needs only the two shares, and it assumes what this subsample guarantees: that each
# class looks the same in both populations. If that is doubtful, re-tune the threshold on data from the new
# population.
#
# ## Is the model worth using at all? (a decision curve)
#
# Lesson 02's clinical example, `thyroid` (151 hypothyroid patients among 3,163), asks the question a clinician
# asks. A **decision curve** (Vickers & Elkin 2006) plots the **net benefit** of flagging every patient whose
# probability is at least a threshold probability t: NB(t) = TP/n − FP/n · t/(1 − t), true positives per patient,
# with each false alarm weighed at the odds t/(1 − t) (t = 1/11: one false alarm counts as a tenth of a find).
# It is the cost per case read the other way up: NB(t) = prevalence − (cost per case)/c_miss at
# c_fa/c_miss = t/(1 − t). Two references: flag nobody (NB = 0) and flag everybody. The booster handles the
# table's missing values and categories itself; the under-sampled booster and its correction join it:

# %%
X_thy, y_thy = datasets.load("thyroid")
proba_thy = {"gradient boosting": metrics.out_of_fold_scores(booster, X_thy, y_thy, n_jobs=2),
             "under-sampled": metrics.out_of_fold_scores(undersampled, X_thy, y_thy, n_jobs=2)}
proba_thy["+ Dal Pozzolo"] = calibration.dal_pozzolo_correction(proba_thy["under-sampled"],
                                                                 float(y_thy.sum() / (y_thy == 0).sum()))
t = np.round(np.arange(0.01, 0.51, 0.01), 2)  # threshold probabilities

def net_benefit(y_true, score):
    y_true = np.asarray(y_true)
    found = np.array([np.sum((score >= ti) & (y_true == 1)) for ti in t])
    false_alarms = np.array([np.sum((score >= ti) & (y_true == 0)) for ti in t])
    return found / len(y_true) - false_alarms / len(y_true) * t / (1 - t)

curves = {name: net_benefit(y_thy, s) for name, s in proba_thy.items()}
curves["flag everybody"] = net_benefit(y_thy, np.ones(len(y_thy)))
print(f"net benefit at 1/11: {curves['gradient boosting'][t == 0.09][0]:.4f} = prevalence {y_thy.mean():.4f} "
      f"- cost per case / 10 {cost_per_case(y_thy.to_numpy(), (proba_thy['gradient boosting'] >= 0.09).astype(int)) / 10:.4f}")

# %%
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6.5, 4.5), layout="constrained")
    for name, nb in curves.items():
        style = {"color": "#999999", "ls": "--"} if name == "flag everybody" else {"color": colours[name]}
        ax.plot(t, nb, lw=2, label=name, **style)
    ax.axhline(0, color=plotting.PALETTE["neutral"], lw=1, label="flag nobody")
    ax.set(xlim=(0, 0.5), ylim=(-0.02, 0.06), ylabel="net benefit (patients found, per patient)",
           xlabel="threshold probability t (a false alarm weighs t / (1 − t) of a find)",
           title="thyroid: the under-sampled booster loses net benefit as t rises")
    ax.title.set_fontsize(11)
    ax.legend(fontsize=9)
fig;

# %%
pd.DataFrame(curves, index=pd.Index(t, name="t")).loc[[0.02, 0.05, 0.09, 0.2, 0.3, 0.5]].round(4)

# %% [markdown]
# Flagging everybody pays only below t = 0.048, the prevalence. The plain booster's net benefit stays between
# 0.0434 and 0.0379 from t = 0.02 to 0.5, close to the 0.0477 of a perfect model. The under-sampled booster is
# slightly ahead at the lowest thresholds (0.0456 at t = 0.02; one 5-fold run, no interval) and falls behind from
# t = 0.09 on, to 0.0051 at t = 0.5: its inflated probabilities flag patients whose real risk is far below t. The
# Dal Pozzolo correction recovers part of the gap (0.0221 at t = 0.5). A decision curve answers the clinician's
# question directly: at the threshold probability I would act on, does the model do more good than flagging
# everybody or nobody? It does so only if the probabilities mean what they say at that t.
#
# ## Does this hold beyond `satimage`?
#
# The grid (lesson 03; `benchmarks/evidence/`: five learners at library defaults, 20 real datasets, 10 paired
# folds each) ran three of this lesson's tools against each learner uncorrected, at a cost ratio of 10:1:
# `class_weight="balanced"` (every learner but k-NN, which has no class weights); the cost-scored
# `TunedThresholdClassifierCV` of this lesson; and SMOTE followed by calibration,
# `CalibratedClassifierCV(SMOTE pipeline, method="sigmoid", cv=5)`. Every model decides at t* = 1/11 on its own
# probabilities, except the tuned threshold, which decides at its own. On how many of the 20 datasets class
# weights and calibration after SMOTE made things better, not detectably different, or worse:

# %%
families = ["ranking", "probability quality", "cost at 10:1"]
pd.concat({family: evidence.tally(grid, ["class_weight", "calibrated_smote"], family) for family in families},
          names=["family", "learner"])

# %% [markdown]
# And the cost of the tuned threshold against the same learner deciding at t* = 1/11 (its ranking and
# probabilities are the learner's own, so only the cost can differ):

# %%
evidence.tally(grid, ["tuned_threshold"], "cost at 10:1")

# %% [markdown]
# - **Class weights behaved like resampling for logistic regression**: its ranking improved on no dataset
#   (worse on 1), its probabilities got worse on 17 of 20 and its cost at 10:1 on 14: the weighted
#   model's inflated probabilities flag too many rows at 1/11. The tree-based learners were hurt less:
#   probabilities worse on 0 (tree), 4 (forest) and 3 datasets (gradient boosting, better on 2), the cost
#   worse on 0 to 2.
# The two fold-level facts the next bullets rest on, from the grid's per-fold records:

# %%
tree_tuned = folds[(folds["learner"] == "decision_tree") & (folds["method"] == "tuned_threshold")]
kc1 = tree_tuned[tree_tuned["dataset"] == "kc1"]
print(f"tree, tuned threshold on kc1: flags every module on {((kc1['tp'] + kc1['fp']) == kc1['n_test']).sum()} "
      f"of {len(kc1)} folds; its tuner could not fit on {tree_tuned['error'].notna().sum()} folds "
      f"({', '.join(sorted(set(tree_tuned.loc[tree_tuned['error'].notna(), 'dataset'])))})")
poker = folds[(folds["dataset"] == "poker-8-9_vs_5") & (folds["method"] == "calibrated_single")]
print("poker-8-9_vs_5, one calibrated model, folds with a negative calibration slope (ranking reversed):",
      poker.groupby("learner")["calibration_slope"].apply(lambda s: int((s < 0).sum())).to_dict())

# %% [markdown]
# - **The tuned threshold against t* = 1/11**: the cost was not detectably different on 19 of 20 datasets
#   for logistic regression and gradient boosting, lower on 2 for k-NN and on 1 each for the forest and
#   the tree, and worse on none of the datasets where the two could be compared. (The tree's one gain, on
#   `kc1`, came from flagging every module: a fully grown tree's own decisions there cost more than
#   flagging everything.) "Not judged" means the two made the same decisions on every fold: a fully grown
#   tree's probabilities are 0 or 1, and k-NN's are multiples of 0.2, so any threshold the tuner picks
#   between the same two steps as 1/11 flags the same rows. ("Not detectably different" is not a tie:
#   each row of `grid` has its interval.)
# - **Calibration after SMOTE**: its cost at 10:1 was not detectably different from the uncorrected
#   learner's on 17 to 20 datasets for every learner (lower on 1 or 2 for k-NN, the tree and gradient
#   boosting, worse on none), where SMOTE alone made logistic regression's worse on 13 (lesson 03). Its
#   probabilities were even *better* than the uncorrected learner's on 14 datasets for the tree and 9 for
#   k-NN, and its ranking on 3 and 5. Many of those probability gains rest on the log loss alone, which
#   punishes a confident 0 or 1 that turns out wrong without limit. Where they come from is tested below.
#
# So the tuned threshold did not overturn the rule "use t* only with calibrated probabilities": the uncorrected
# learners' probabilities were good enough at this cost ratio for 1/11 to land close to the cheapest threshold on
# most datasets, and the rebalanced ones' were not. Check the probabilities first; if they are off, or you cannot
# tell, tune the threshold for the cost: in the grid, tuning was worse than t* on no dataset. imbalanced-learn's
# own maintainers give the same advice: in a comment on the library's issue #1111 (December 2024), one of them
# notes that resampling breaks a classifier's calibration and that what users are after can usually be done by
# tuning the decision threshold after training, pointing to scikit-learn's `TunedThresholdClassifierCV` and its
# example on cost-sensitive learning.
#
# ### Optional deep dive: where do the gains of "SMOTE + calibration" come from?
#
# Two questions are left open by those counts: do the gains of "SMOTE + calibration" come from SMOTE at all,
# and is the damage resampling does at 1/11 anything more than a shifted prior? The grid ran four diagnostic
# cells to answer them (Holm-adjusted in a family of their own, so they moved no verdict above):
# - **calibration without SMOTE**: `CalibratedClassifierCV(plain pipeline, method="sigmoid", cv=5)` with its
#   default `ensemble=True` (5 calibrated models, averaged) and with `ensemble=False` (one model fitted on all
#   rows, the sigmoid fitted on its out-of-fold predictions: no averaging);
# - **resampling, then the prior correction** of this lesson's Dal Pozzolo section: the predicted odds
#   multiplied by p / (1 − p), p the training fold's share of positives, which maps probabilities learnt on a
#   balanced sample back to the real prior. Its derivation assumes the sampler left each class's distribution of
#   features unchanged: true for random under-sampling, not for SMOTE, after which the correction is only a
#   heuristic.

# %%
calibration_cells = ["calibrated", "calibrated_single", "calibrated_smote"]
pd.concat({family: evidence.tally(grid, calibration_cells, family) for family in families},
          names=["family", "learner"])

# %% [markdown]
# - **For probability quality, SMOTE made no detectable contribution.** Calibration alone (5 averaged) improved
#   the tree's probabilities on 14 datasets and k-NN's on 10, as many as with SMOTE in front (14 and 9). It did
#   so with one model too (15 and 10 with `ensemble=False`), so it is the sigmoid that helps. (These are counts
#   against the uncorrected learner, with verdicts adjusted in different families, not a direct test of one cell
#   against the other. For k-NN's ranking SMOTE does matter: it raises ROC-AUC and lowers average precision, as
#   lesson 03 found.)
# - **The ranking gains come from averaging.** Calibration alone, averaged, improved the tree's ranking on 5
#   datasets and k-NN's on 4. One calibrated model ranks like the uncorrected one ("not judged" on nearly every
#   dataset) because an increasing sigmoid keeps the order; scikit-learn does not force the fitted slope to be
#   positive, though, and on `poker-8-9_vs_5`, with 5 positives per test fold, it turned negative on some folds
#   and reversed the logistic regression's and the tree's ranking.
#
# And the prior correction, against the same learner uncorrected (probabilities and the cost at 1/11):

# %%
prior_cells = ["smote", "smote_prior_corrected", "random_undersampling", "rus_prior_corrected"]
pd.concat({family: evidence.tally(grid, prior_cells, family) for family in ["probability quality", "cost at 10:1"]},
          names=["family", "learner"])

# %% [markdown]
# - **For logistic regression, the damage at the operating point was mostly a shifted prior.** With the
#   correction, SMOTE's cost at 1/11 was worse than the uncorrected model's on 1 dataset instead of 13, and
#   random under-sampling's on none instead of 17; their probabilities were worse on 4 and 7 datasets instead of
#   15 and 18.
# - **For the random forest it depends on the sampler**: the Dal Pozzolo correction brought under-sampling's
#   cost back (worse on none instead of 17), but the same correction after SMOTE made the cost worse on 7
#   datasets, more than SMOTE alone (4): SMOTE raised the forest's probabilities far less than a balanced prior
#   would, so the correction over-corrects (the table below: its recall at 1/11 fell on all 20 datasets, median
#   −0.260, where SMOTE alone had raised it on 17 of 17). Gradient boosting after under-sampling: cost worse on
#   1 instead of 10.
#
# The diagnostic cells' verdicts are adjusted within a smaller family, which makes a verdict a little easier to
# reach, so compare them also across datasets (lesson 03's view, which does not depend on the families): on how
# many datasets the cost per case *rose* (got worse) against the uncorrected learner, and the recall at 1/11:

# %%
pd.concat({metric: evidence.directions(grid, prior_cells, metric) for metric in ["cost_per_case", "recall_at_cost"]},
          names=["metric", "learner"])

# %% [markdown]
# The forest's cost rose on 18 of 20 datasets with the correction after SMOTE (median +0.052) against 12 of 20
# without it (median +0.004): the correction really hurts there. Logistic regression's rose on 12 of 20 after
# SMOTE with the correction (median +0.002) against all 19 without it (median +0.205). After under-sampling with
# the correction, a small loss still recurs: logistic regression's cost rose on 15 of 20 datasets (median
# +0.007), gradient boosting's on 15 of 20 (median +0.013). (The p-values are not adjusted for the table's 20
# cells.) So for under-sampling the correction is cheap and brought most of the cost at 1/11 back: by verdict,
# worse on 0, 0 and 1 datasets for logistic regression, the forest and gradient boosting (17, 17 and 10 without
# it) and on 3 for k-NN (15), with the small recurring loss above; and not at all for the decision tree (5 and
# 5), whose probabilities of 0 and 1 no odds factor can move. After SMOTE, trust it only where you have checked
# it (logistic regression here).
#
# ## Key takeaways
#
# - **Start with the recommended workflow**: a strong learner without rebalancing, its probabilities checked
#   (Brier skill score, log loss against no skill, calibration intercept and slope, a reliability diagram in
#   the range where you decide), and a threshold tuned for your costs with `TunedThresholdClassifierCV` and a
#   `make_scorer` cost scorer. On `satimage` the booster's probabilities were too low where the decision is made
#   (slope 0.733), so the tuner put the line at 0.02, not at t* = 1/11.
# - **Balanced accuracy hides a cost ratio equal to the imbalance ratio**; class weights and resampling aim at
#   the same point. Compare methods at matched operating points: at the recall under-sampling reached at 0.5,
#   the plain booster was more precise by 0.072 [0.025, 0.119]; at the same cost ratio, under-sampling plus its
#   correction was never detectably cheaper than the tuned threshold except on 1 dataset for the tree.
# - **Rebalancing inflates probabilities** (logistic regression: the intercept moves by ln β, −2.26 measured
#   against −2.21 predicted at β = 0.11). The Dal Pozzolo correction, or the same odds correction for a new
#   deployment prevalence, repairs the prior (cost per pixel at 1/11 from 0.110 to 0.091 at a 2% prevalence), not
#   an over-confident slope; a sigmoid recalibration worked with 10 positives, isotonic needed far more; nothing
#   gave back the ranking under-sampling threw away.
# - **A tuned threshold is an estimate**: its spread across folds was large where positives were few, while a
#   flat cost valley kept the cost stable. A decision curve shows, threshold probability by threshold
#   probability, whether a model beats flagging everybody or nobody.
#
# ## Your turn
#
# Each exercise has a cell that ends with `exN.check(answer)`: replace the `...` with your answer and run the
# cell. `check` says "Correct!" or gives a hint, never the answer; `exN.hint()` prints a hint before you start.
# Where an exercise asks for a prediction, write it in the comment first. A worked solution sits collapsed below
# each exercise.

# %%
from helpers.exercises import lesson08

ex1, ex2 = lesson08.exercises(y_thy)

# %% [markdown]
# **Exercise 1: a cost scorer of your own.** Suppose a missed damp-soil pixel costs as much as 3 false alarms.
# Write the cost per pixel as a function of `y_true` and `y_pred`, and turn it into a scorer that
# `TunedThresholdClassifierCV` can maximise, and check it. Then use it to tune the threshold of the sweep's plain
# logistic regression (`make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))`: fast to refit).
# Before running, predict: will that threshold land above or below 1/11, and near which value?

# %%
# My prediction (before running):
answer = ...  # a scorer built with make_scorer
ex1.check(answer)

# %% tags=["solution"]
def cost_3_to_1(y_true, y_pred):  # a miss costs as much as 3 false alarms
    return (3 * np.sum((y_true == 1) & (y_pred == 0)) + np.sum((y_true == 0) & (y_pred == 1))) / len(y_true)

answer = make_scorer(cost_3_to_1, greater_is_better=False)
ex1.check(answer)
logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
tuned_3 = TunedThresholdClassifierCV(logistic, scoring=answer, cv=StratifiedKFold(5, shuffle=True, random_state=42))
print(f"tuned threshold {tuned_3.fit(X, y).best_threshold_:.3f}; t* = 1 / (1 + 3) = {1 / 4:.3f}")

# %% [markdown] tags=["solution"]
# A miss now costs less relative to a false alarm, so the line moves up: t* is 1/4 instead of 1/11, and the
# tuned threshold of the logistic regression lands near it, because that model's probabilities are close to
# calibrated on average (the sweep's β = 1 row). Forgetting `greater_is_better=False` would make the tuner
# hunt for the most expensive threshold.

# %% [markdown]
# **Exercise 2: a clinic where the condition is rarer.** The thyroid booster above learnt from patients of whom
# 4.8% are hypothyroid (`y_thy`). A screening clinic will use it where 1% are, and a missed patient costs as much
# as 10 false alarms. The booster keeps giving its own probabilities, learnt at 4.8%. At which value of *those*
# probabilities should the clinic start flagging a patient? Before computing, predict: above or below 1/11?

# %%
# My prediction (before running):
answer = ...  # a threshold on the booster's own probabilities
ex2.check(answer)

# %% tags=["solution"]
pi, pi_clinic = y_thy.mean(), 0.01
factor = (pi_clinic / (1 - pi_clinic)) / (pi / (1 - pi))  # the clinic's odds = the booster's odds x factor
odds_at_t_star = t_star / (1 - t_star)  # flag when the clinic's odds reach t*'s odds, i.e. the booster's reach ...
booster_odds = odds_at_t_star / factor  # ... t*'s odds divided by the factor
answer = booster_odds / (1 + booster_odds)
ex2.check(answer)
print(f"odds factor {factor:.3f}; flag when the booster's probability is at least {answer:.3f} (t* = {t_star:.3f})")

# %% [markdown] tags=["solution"]
# Above 1/11, by a lot: the clinic's odds are the booster's times a factor of about 0.2, so the booster must say
# about five times the odds of t* before the clinic's probability reaches t*. Correcting t* itself with the
# factor (as if the threshold were one of the booster's probabilities) moves it the wrong way, below 1/11.
# `FixedThresholdClassifier(booster, threshold=answer)` would make `predict` apply it.

# %% [markdown]
# Next: [09 · The decision guide](09_decision_guide.ipynb) turns the measurements of lessons 03-08 into a
# shortlist of pipelines for your own data, and tests that shortlist against measurement.

# %% [markdown]
# # 08 · Thresholds, class weights and calibration
#
# Lessons 03-06 rebalanced the training data. This lesson asks what that really buys, on real data
# (`satimage`: 626 pixels of damp grey soil among 6,435, a 9.3:1 imbalance), and what it costs:
# a model that is still just as good at *ranking* cases, but whose probabilities no longer mean what
# they say. It then shows the cheaper alternatives: class weights, a tuned decision threshold, and
# repairing the probabilities when you do resample.
#
# **In this notebook you will:**
# 1. compare resampling with `class_weight="balanced"`, a tuned threshold (`TunedThresholdClassifierCV`)
#    and an un-rebalanced gradient-boosting model, with confidence intervals;
# 2. measure how rebalancing inflates predicted probabilities (calibration curves, Brier score,
#    calibration intercept) and repair them (Dal Pozzolo correction, `CalibratedClassifierCV`);
# 3. turn a cost matrix into a decision threshold (`FixedThresholdClassifier`);
# 4. read what the course's evidence grid found for class weights, a cost-tuned threshold and calibration
#    after SMOTE, learner by learner, on 20 datasets.
#
# **Prerequisites:** [02 · Metrics that matter](02_metrics_that_matter.ipynb) and
# [04 · Under-sampling](04_undersampling.ipynb).

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.ensemble import BalancedBaggingClassifier
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.calibration import CalibratedClassifierCV, CalibrationDisplay
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, make_scorer, roc_auc_score
from sklearn.model_selection import FixedThresholdClassifier, StratifiedKFold, TunedThresholdClassifierCV
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from helpers import calibration, datasets, demos, evaluation, evidence, metrics, plotting

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine

# %% [markdown]
# ## Does rebalancing beat a tuned threshold?
#
# Five candidates on the same 5 stratified folds (`evaluation.compare`: `cross_validate` for each
# candidate, 95% confidence intervals across folds). satimage's 36 features are all numeric with no
# gaps, so scaling is the only preprocessing; imbalanced-learn's `make_pipeline` builds every pipeline
# (it works like scikit-learn's and also accepts a sampler, which it applies to training folds only):
# - **logistic regression**: `StandardScaler` then `LogisticRegression(max_iter=1000)`, decisions at
#   probability 0.5;
# - **balanced weights**: the same model with `class_weight="balanced"`: each minority row counts
#   9.3 times as much in the loss, no rows are added or removed;
# - **under-sampling**: `RandomUnderSampler` (majority cut to the minority's size) between the scaler
#   and the same model;
# - **tuned threshold**: the plain model wrapped in `TunedThresholdClassifierCV`, which picks the
#   threshold that maximises balanced accuracy by an inner 3-fold cross-validation on the training
#   folds only;
# - **gradient boosting**: `HistGradientBoostingClassifier`, a strong learner, with no rebalancing
#   at all (50 boosting rounds instead of the default 100, to keep the notebook fast): the baseline
#   any resampling must beat.

# %%
X, y = datasets.load("satimage")
plain = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
candidates = {
    "logistic regression": plain,
    "balanced weights": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")),
    "under-sampling": make_pipeline(StandardScaler(), RandomUnderSampler(random_state=42),
                                    LogisticRegression(max_iter=1000)),
    "tuned threshold": TunedThresholdClassifierCV(plain, scoring="balanced_accuracy", cv=3),
    "gradient boosting": HistGradientBoostingClassifier(max_iter=50, random_state=42),
}
results = evaluation.compare(candidates, X, y, cv=5, progress=False,
                             metrics=["roc_auc", "average_precision", "recall", "precision", "brier"])
evaluation.summary_table(results)

# %% [markdown]
# Ranking first. Rebalancing did not make the logistic regression rank pixels better: ROC-AUC 0.771
# plain, 0.765 with balanced weights, 0.762 with under-sampling (the intervals overlap almost entirely),
# and average precision even fell (0.240 to 0.211 and 0.202). The tuned threshold cannot change the
# ranking at all (0.771 and 0.240 again: same model, same scores).
#
# What changed is the recall at each model's decision rule. The plain model at 0.5 finds 1.8% of the
# damp-soil pixels (recall 0.018). Balanced weights reach 0.843 [0.748, 0.939] and under-sampling 0.837
# [0.718, 0.956]; the *un-resampled* model with a tuned threshold reaches 0.954 [0.898, 1.000], at a
# precision of 0.171 [0.154, 0.187] against under-sampling's 0.180 [0.157, 0.203]. So the tuned
# threshold gets (here exceeds) the recall of resampling at about the same precision, without throwing
# away a single row. And it leaves the probabilities alone: its Brier score is the plain model's 0.081,
# while rebalancing raised it to 0.206 and 0.207.
#
# `compare` prints every Brier score next to `brier_no_skill`, the Brier score of a forecast with no
# skill at all: give every pixel the share of positives p as its probability, which scores p(1 − p),
# here 0.088. Only a Brier score below it says the probabilities know more than the base rate. The
# plain model's 0.081 is a little below it; the rebalanced models' 0.206 and 0.207 are more than twice
# it: as probabilities, worse than saying 9.7% for every pixel.
#
# The strong learner matters more than any rebalancing: gradient boosting with no rebalancing ranks far
# better (ROC-AUC 0.961 [0.947, 0.975], average precision 0.786 [0.732, 0.841]) and has the best Brier
# score (0.041); at 0.5 it finds 0.599 [0.449, 0.749] of the damp-soil pixels at a precision of 0.784.
# Every rebalanced logistic regression stays far below its ranking. That agrees with Elor and
# Averbuch-Elor (2022, 73 datasets), in whose study strong learners without balancing outperformed weak
# learners with it.
# Whether resampling helps the booster itself is not measured here; the evidence grid measures it (last
# section and lessons 03-04: on 20 datasets, no resampler improved its ranking).
# Where the practitioner article's advice is to resample, our
# measurement says: the recall gain at 0.5 is real, but it comes from where the line is drawn, not
# from a better model.

# %% [markdown]
# Where did the tuned threshold land? Fitted once on all rows (the notebook only shows it; the
# scores above come from the cross-validation):

# %%
tuned = TunedThresholdClassifierCV(plain, scoring="balanced_accuracy", cv=3).fit(X, y)
print(f"tuned threshold: {tuned.best_threshold_:.3f}, balanced accuracy in its inner CV: {tuned.best_score_:.3f}")
beta = float(y.sum() / (len(y) - y.sum()))  # RandomUnderSampler's default keeps as many majority rows as minority
print(f"under-sampling at 0.5 = plain model at {calibration.dal_pozzolo_correction(0.5, beta):.3f} (beta = {beta:.3f})")

# %% [markdown]
# The tuned threshold is 0.061, far below 0.5. An under-sampled model at 0.5 behaves like the plain
# model at a threshold of 0.097 (the Dal Pozzolo correction of 0.5, below): the two routes draw the line
# in almost the same place, and balanced accuracy preferred one a little lower, hence a little more
# recall and a little less precision.
#
# ## What does rebalancing do to the probabilities?
#
# Same data, out-of-fold probabilities (5 folds) of four logistic-regression models: plain, balanced
# weights, under-sampled, and a balanced ensemble (`BalancedBaggingClassifier`: 5 logistic
# regressions, each on its own balanced under-sample). Next to ROC-AUC, three probability checks:
# - **mean predicted probability** against the real share of positives (9.7%);
# - **Brier score**: the mean squared difference between probability and outcome (lower is better),
#   next to the no-skill reference p(1 − p) from above;
# - **calibration intercept** (`calibration.calibration_intercept`): fit the logistic regression
#   logit(P(y = 1)) = a + logit(p), with the model's log-odds as a fixed offset and only the
#   intercept a free. a = 0: right on average; a < 0: the model over-estimates the risk.

# %%
models = {"plain": plain,
          "balanced weights": candidates["balanced weights"],
          "under-sampling": candidates["under-sampling"],
          "balanced bagging": make_pipeline(StandardScaler(), BalancedBaggingClassifier(
              LogisticRegression(max_iter=1000), n_estimators=5, random_state=42))}
proba = {name: metrics.out_of_fold_scores(model, X, y) for name, model in models.items()}
def probability_checks(proba):
    return pd.DataFrame({name: {"roc_auc": roc_auc_score(y, p), "mean_prob": p.mean(),
                                "brier": brier_score_loss(y, p), "brier_no_skill": y.mean() * (1 - y.mean()),
                                "intercept": calibration.calibration_intercept(y, p)}
                         for name, p in proba.items()}).T.round(3)
probability_checks(proba)

# %% [markdown]
# All three rebalanced models rank about as well as the plain one (ROC-AUC 0.762 to 0.771), but on
# average they give a pixel a 38% chance of being damp soil (mean 0.378 to 0.382) when 9.7% are. Their
# Brier scores are about 2.5 times the plain model's (0.206 to 0.207 against 0.081, with 0.088 for no
# skill), and their calibration intercepts are about −2.28, against −0.004 for the plain model.
# This is the finding of van den Goorbergh et al. (JAMIA 2022) on our data: the corrections for
# imbalance left discrimination alone and made every predicted risk too high. Balanced weights and a
# balanced ensemble behave just like under-sampling.

# %%
colors = [plotting.PALETTE["majority"], "#009E73", plotting.PALETTE["minority"], "#CC79A7"]
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(6.5, 5), layout="constrained")
    for (name, p), color in zip(proba.items(), colors):
        CalibrationDisplay.from_predictions(y, p, n_bins=10, strategy="quantile", name=name, ax=ax,
                                            color=color, marker="o")
    ax.set(title="Rebalanced models sit below the diagonal: their probabilities are too high",
           xlabel="mean predicted probability (deciles)", ylabel="observed share of positives")
    ax.title.set_fontsize(11)
    ax.legend(loc="upper left", fontsize=9)
fig;

# %% [markdown]
# Each point is a tenth of the pixels, sorted by predicted probability. The plain model's points follow
# the diagonal: when it says 20%, about 20% are damp soil. The three rebalanced models lie on top of
# each other, far below it: where they say 50% to 80%, only about 15% to 20% are.
#
# ## Does under-sampling shift the intercept by −ln(imbalance ratio)?
#
# For logistic regression, keeping a fraction β of the majority rows multiplies the predicted odds by
# about 1/β, so the calibration intercept should move by ln(β) (King & Zeng 2001); with the classes
# balanced, β = 1 / imbalance ratio and the shift is −ln(9.3) = −2.23. `calibration.undersampling_sweep`
# fits one under-sampled model per β (out of fold) and measures the shift from the model without
# under-sampling:

# %%
sweep = calibration.undersampling_sweep("satimage")
print(f"imbalance ratio {datasets.imbalance_ratio(y):.2f}, -ln(ratio) = {-np.log(datasets.imbalance_ratio(y)):.3f}")
sweep = sweep.assign(brier_no_skill=y.mean() * (1 - y.mean()))  # the same reference for every beta
sweep[["beta", "predicted_shift", "measured_shift", "mean_prob", "brier", "brier_no_skill", "roc_auc"]].round(3)

# %% [markdown]
# Theory and measurement agree: the measured shift follows ln(β), from −0.363 (theory −0.357) when 70%
# of the majority rows are kept to −2.262 (theory −2.207) at 11%, never more than 0.06 apart. At 11%,
# about 1 / 9.28 of the majority rows, the classes are balanced and the shift is close to −ln(imbalance
# ratio) = −2.228. Over the whole sweep ROC-AUC moves only from 0.771 to 0.762, while the Brier score
# climbs from 0.081 to 0.205, passing the no-skill 0.088 already at β = 0.5 (0.091). (One 5-fold run
# per β: the agreement with the theory line, not a fourth decimal, is the point.)
#
# ## Can the probabilities be repaired?
#
# Two repairs. **Dal Pozzolo et al.** (IEEE SSCI 2015) undo the under-sampling exactly: with β the
# fraction of majority rows kept and pₛ the under-sampled model's probability,
# p = β·pₛ / (β·pₛ − pₛ + 1) (`calibration.dal_pozzolo_correction`). It needs no extra data and is
# monotone, so ROC-AUC cannot change. **`CalibratedClassifierCV`** learns the map instead: it fits the
# under-sampled model on part of each training fold and a sigmoid (Platt) recalibration on the rest.

# %%
recalibrated = CalibratedClassifierCV(models["under-sampling"], method="sigmoid", cv=3)
repaired = {"plain": proba["plain"], "under-sampling": proba["under-sampling"],
            "+ Dal Pozzolo": calibration.dal_pozzolo_correction(proba["under-sampling"], beta),
            "+ CalibratedClassifierCV": metrics.out_of_fold_scores(recalibrated, X, y)}
probability_checks(repaired)

# %% [markdown]
# The Dal Pozzolo correction brings the mean probability back from 0.382 to 0.102 (the real share is
# 0.097), the Brier score from 0.207 to 0.083 (back below the no-skill 0.088) and the calibration
# intercept from −2.283 to −0.055, close to the plain model's 0.081 and −0.004; ROC-AUC stays at
# 0.762, as a monotone map must. `CalibratedClassifierCV` gets almost as far (mean 0.106, Brier
# 0.082, intercept −0.100) without needing to know β, at the price of 3 fits per training fold, and
# its averaged models rank slightly worse here (0.757). Either repair gives back what the plain model had from the start; neither makes
# the under-sampled model better than it.
#
# ## How far do the probabilities drift as you under-sample harder? (live demo)
#
# For instructors: the slider sets the fraction of majority rows the under-sampler keeps. The left
# panel is the calibration curve of the under-sampled model (vermillion) and of its Dal Pozzolo
# correction (green); the right panel places the measured intercept shift against the theory ln(β).

# %%
demo = demos.undersampling_calibration()
demo

# %% [markdown]
# What the demo shows with all majority rows and with 20% of them:

# %%
for b in (1.0, 0.2):
    s = demo.update(beta=b)
    print(f"keep {b:.0%}: mean probability {s['mean_prob']:.3f} (corrected {s['mean_prob_corrected']:.3f}), "
          f"shift {s['measured_shift']:+.2f} vs ln(beta) {s['predicted_shift']:+.2f}, "
          f"Brier {s['brier']:.3f} -> {s['brier_corrected']:.3f} "
          f"(no skill {s['prevalence'] * (1 - s['prevalence']):.3f}), ROC-AUC {s['roc_auc']:.3f}")

# %% [markdown]
# With all majority rows kept nothing changes (mean probability 0.098, shift 0). Keeping 20% raises the
# mean probability to 0.290, moves the intercept by −1.64 (theory −1.61) and the Brier score from 0.081
# to 0.143 (no skill: 0.088); the correction brings the mean back to 0.100 and the Brier score to
# 0.083, while ROC-AUC stays at 0.762.
#
# ## Which threshold do the costs call for?
#
# Suppose missing a damp-soil pixel costs C_FN = 10 and a false alarm C_FP = 1 (correct decisions cost
# nothing). A model whose probabilities are calibrated should say "yes" when the expected cost of "no",
# p·C_FN, exceeds that of "yes", (1 − p)·C_FP: at p ≥ t* = C_FP / (C_FP + C_FN) = 1/11 ≈ 0.091. We
# compare t* with the empirically cheapest threshold of each model's out-of-fold probabilities
# (`metrics.cheapest_threshold`, lesson 02):

# %%
c_fn, c_fp = 10, 1
t_star = c_fp / (c_fp + c_fn)
rows = {}
for name in ("plain", "under-sampling", "+ Dal Pozzolo"):
    table = metrics.threshold_table(y, repaired[name])
    cost = metrics.expected_cost(table, cost_miss=c_fn, cost_false_alarm=c_fp)
    at_t_star = float(cost[(table["threshold"] - round(t_star, 2)).abs().idxmin()])
    rows[name] = {"cheapest threshold": metrics.cheapest_threshold(table, c_fn, c_fp),
                  "cost at cheapest": float(cost.min()), "cost at t* = 0.09": at_t_star}
pd.DataFrame(rows).T.round(3)

# %% [markdown]
# For the plain model the cheapest threshold is 0.06 (0.500 per pixel), near t*, where it costs 0.523:
# close, because its probabilities are right on average (intercept −0.004), though not perfectly
# calibrated across the range. The under-sampled model's cheapest threshold is 0.35, and at t* it costs
# 0.598: with inflated probabilities the textbook rule draws the line in the wrong place. After the Dal
# Pozzolo correction the cheapest threshold is back at 0.05 and t* costs 0.513; its cheapest cost, 0.491,
# is the uncorrected one's, because a monotone correction only renames the thresholds (it is a little
# below the plain model's 0.500; from one 5-fold run we cannot tell that apart from noise). So: use
# t* = C_FP / (C_FP + C_FN) only with calibrated probabilities; otherwise choose the threshold on held-out
# data (the cheapest one, or `TunedThresholdClassifierCV` with a cost-based scorer).
#
# To deploy the rule, wrap the model in `FixedThresholdClassifier`: `predict` then says "yes" at
# p ≥ t*, and its out-of-fold decisions cost what the table promised:

# %%
decide = FixedThresholdClassifier(plain, threshold=t_star)
table = metrics.threshold_table(y, metrics.out_of_fold_scores(decide, X, y), thresholds=[t_star])
print(f"cost per pixel {float(metrics.expected_cost(table, c_fn, c_fp).iloc[0]):.3f}, "
      f"recall {float(table['recall'].iloc[0]):.3f}, precision {float(table['precision'].iloc[0]):.3f}")

# %% [markdown]
# Out of fold, the plain model with its threshold fixed at 1/11 costs 0.526 per pixel (the table's
# 0.523 used the grid value 0.09). It finds 86.1% of the damp-soil pixels at a precision of 0.176: the
# recall and precision of under-sampling at 0.5 (0.837 and 0.180 above), from a model whose probabilities
# still mean what they say.
#
# ## Does this hold beyond logistic regression on `satimage`?
#
# Everything above is one learner on one dataset. The course's evidence grid (lesson 03;
# `benchmarks/evidence/`: five learners at library defaults, 20 real datasets, 10 paired folds each) ran
# three of this lesson's tools against each learner uncorrected, at the same cost ratio (a miss costs as
# much as 10 false alarms):
# - `class_weight="balanced"` (every learner but k-NN, which has no class weights);
# - `TunedThresholdClassifierCV` around the uncorrected learner, scored with the cost per case: the
#   threshold with the lowest cost in an inner 5-fold cross-validation of each training fold;
# - SMOTE followed by calibration: `CalibratedClassifierCV(SMOTE pipeline, method="sigmoid", cv=5)`.
#
# The cost-scored threshold tuner, written out and fitted on `satimage`'s plain logistic regression (on
# all rows: this only shows where it puts the line):

# %%
def cost_per_case(y_true, y_pred):  # a miss costs as much as 10 false alarms
    misses = np.sum((y_true == 1) & (y_pred == 0))
    false_alarms = np.sum((y_true == 0) & (y_pred == 1))
    return (10 * misses + false_alarms) / len(y_true)

cost_scorer = make_scorer(cost_per_case, greater_is_better=False)
tuned_cost = TunedThresholdClassifierCV(plain, scoring=cost_scorer,
                                        cv=StratifiedKFold(5, shuffle=True, random_state=42)).fit(X, y)
print(f"threshold tuned for the cost: {tuned_cost.best_threshold_:.3f}; t* = 1/11 = {1 / 11:.3f}")

# %% [markdown]
# The tuner puts the line at 0.061, below t* = 1/11 (0.091), where the table above found this model's
# cheapest threshold (0.06): on `satimage`, the cost-scored tuner and the cheapest threshold agree. In the
# grid the same tuner ran inside each of the 10 training folds, for every learner and dataset.
#
# In the grid, every model decides at t* = 1/11 on its own probabilities (the rule above), except the
# tuned threshold, which decides at its own. On how many of the 20 datasets class weights and calibration
# after SMOTE made things better, not detectably different, or worse:

# %%
grid = evidence.load()
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
# Two questions are left open by those counts: do the gains of "SMOTE + calibration" come from SMOTE at
# all, and is the damage resampling does at 1/11 anything more than a shifted prior? The grid ran four
# diagnostic cells to answer them (Holm-adjusted in a family of their own, so they moved no verdict
# above):
# - **calibration without SMOTE**: `CalibratedClassifierCV(plain pipeline, method="sigmoid", cv=5)` with
#   its default `ensemble=True` (5 calibrated models, averaged) and with `ensemble=False` (one model fitted
#   on all rows, the sigmoid fitted on its out-of-fold predictions: no averaging);
# - **resampling, then the prior correction** of this lesson's Dal Pozzolo section: the predicted odds
#   multiplied by p / (1 − p), p the training fold's share of positives, which maps probabilities learnt
#   on a balanced sample back to the real prior. Its derivation assumes the sampler left each class's
#   distribution of features unchanged: true for random under-sampling, not for SMOTE, after which the
#   correction is only a heuristic.

# %%
calibration_cells = ["calibrated", "calibrated_single", "calibrated_smote"]
pd.concat({family: evidence.tally(grid, calibration_cells, family) for family in families},
          names=["family", "learner"])

# %% [markdown]
# - **For probability quality, SMOTE made no detectable contribution.** Calibration alone (5 averaged)
#   improved the tree's probabilities on 14 datasets and k-NN's on 10, as many as with SMOTE in front (14
#   and 9). It did so with one model too (15 and 10 with `ensemble=False`), so it is the sigmoid that
#   helps. (These are counts against the uncorrected learner, with verdicts adjusted in different
#   families, not a direct test of one cell against the other. For k-NN's ranking SMOTE does matter: it
#   raises ROC-AUC and lowers average precision, as lesson 03 found.)
# - **The ranking gains come from averaging.** Calibration alone, averaged, improved the tree's ranking on
#   5 datasets and k-NN's on 4. One calibrated model ranks like the uncorrected one ("not judged" on
#   nearly every dataset) because an increasing sigmoid keeps the order; scikit-learn does not force the
#   fitted slope to be positive, though, and on `poker-8-9_vs_5`, with 5 positives per test fold, it turned
#   negative on some folds and reversed the logistic regression's and the tree's ranking.
#
# And the prior correction, against the same learner uncorrected (probabilities and the cost at 1/11):

# %%
prior_cells = ["smote", "smote_prior_corrected", "random_undersampling", "rus_prior_corrected"]
pd.concat({family: evidence.tally(grid, prior_cells, family) for family in ["probability quality", "cost at 10:1"]},
          names=["family", "learner"])

# %% [markdown]
# - **For logistic regression, the damage at the operating point was mostly a shifted prior.** With the
#   correction, SMOTE's cost at 1/11 was worse than the uncorrected model's on 1 dataset instead of 13, and
#   random under-sampling's on none instead of 17; their probabilities were worse on 4 and 7 datasets
#   instead of 15 and 18.
# - **For the random forest it depends on the sampler**: the Dal Pozzolo correction brought under-sampling's
#   cost back (worse on none instead of 17), but the same correction after SMOTE made the cost worse on 7
#   datasets, more than SMOTE alone (4): SMOTE raised the forest's probabilities far less than a balanced
#   prior would, so the correction over-corrects (the table below: its recall at 1/11 fell on all 20
#   datasets, median -0.260, where SMOTE alone had raised it on 17 of 17).
#   Gradient boosting after under-sampling: cost worse on 1 instead of 10.
#
# The diagnostic cells' verdicts are adjusted within a smaller family, which makes a verdict a little
# easier to reach, so compare them also across datasets (lesson 03's view, which does not depend on the
# families): on how many datasets the cost per case *rose* (got worse) against the uncorrected learner,
# and the recall at 1/11:

# %%
pd.concat({metric: evidence.directions(grid, prior_cells, metric) for metric in ["cost_per_case", "recall_at_cost"]},
          names=["metric", "learner"])

# %% [markdown]
# The forest's cost rose on 18 of 20 datasets with the correction after SMOTE (median +0.052) against 12
# of 20 without it (median +0.004): the correction really hurts there. Logistic regression's rose on 12
# of 20 after SMOTE with the correction (median +0.002) against all 19 without it (median +0.205). After
# under-sampling with the correction, a small loss still recurs: logistic regression's cost rose on 15 of
# 20 datasets (median +0.007), gradient boosting's on 15 of 20 (median +0.013). (The p-values are not
# adjusted for the table's 20 cells.)
#
# - So for under-sampling the correction is cheap and brought most of the cost at 1/11 back: by verdict,
#   worse on 0, 0 and 1 datasets for logistic regression, the forest and gradient boosting (17, 17 and 10
#   without it) and on 3 for k-NN (15), with the small recurring loss above; and not at all for the
#   decision tree (5 and 5), whose probabilities of 0 and 1 no odds factor can move. After SMOTE, trust it
#   only where you have checked it (logistic regression here).

# Does the tuned threshold's record overturn the rule "use t* only with calibrated probabilities"? No:
# it says that the uncorrected learners' probabilities were good enough at this cost ratio for 1/11 to
# land close to the cheapest threshold on most of these datasets. Rebalanced models were not (their cost
# at 1/11 got worse, above). So check the probabilities first (Brier skill score, a reliability plot);
# if they are off, or you cannot tell, tune the threshold for the cost: in the grid, tuning was worse
# than t* on no dataset.
#
# imbalanced-learn's own maintainers give the same advice: in a comment on the library's issue #1111
# (December 2024), one of them notes that resampling breaks a classifier's calibration and that what
# users are after can usually be done by tuning the decision threshold after training, pointing to
# scikit-learn's `TunedThresholdClassifierCV` and its example on cost-sensitive learning.

# ## Key takeaways
#
# - Rebalancing a logistic regression (under-sampling, `class_weight="balanced"`, balanced bagging) did
#   not improve its ranking (ROC-AUC 0.762 to 0.771); its recall gain at 0.5 came from moving the line,
#   which `TunedThresholdClassifierCV` does on the untouched model (recall 0.954 against 0.837).
# - Rebalancing inflates predicted probabilities: a mean of 0.38 for a 9.7% event, and a calibration
#   intercept shifted by about ln(β), −ln(imbalance ratio) when fully balanced (−2.26 measured, −2.23
#   predicted).
# - If you do under-sample, repair the probabilities: the Dal Pozzolo correction
#   p = β·pₛ / (β·pₛ − pₛ + 1) or `CalibratedClassifierCV` (Brier 0.207 back to 0.083 or 0.082; a
#   forecast with no skill scores 0.088).
# - Start from a strong learner without rebalancing: gradient boosting reached ROC-AUC 0.961 and
#   average precision 0.786, against at most 0.771 and 0.240 for any logistic regression here.
# - From costs to decisions: with calibrated probabilities say "yes" at p ≥ C_FP / (C_FP + C_FN), and
#   deploy it with `FixedThresholdClassifier`; with uncalibrated ones, pick the threshold on held-out data.
# - Over 20 datasets and five learners: class weights made logistic regression's probabilities worse on
#   17 and its cost at 10:1 worse on 14; t* = 1/11 on the uncorrected learner's probabilities and a
#   cost-tuned threshold were not detectably different on most datasets; after SMOTE plus calibration the
#   cost was not detectably different from the uncorrected learner's on most datasets.
# - The grid's diagnostic cells: calibration alone, without SMOTE, improved the tree's and k-NN's
#   probabilities as often as SMOTE plus calibration did; the prior (Dal Pozzolo) correction after random
#   under-sampling brought most of the cost at 1/11 back for every learner but the tree, while the same
#   correction after SMOTE made the forest's cost worse.
#
# ## Your turn
#
# **Exercise 1.** Keep 30% of the majority rows (β = 0.3): take that model's out-of-fold
# probabilities from `calibration.undersampling_scores()`, apply the Dal Pozzolo correction yourself
# with the formula, and compare the mean probability before and after with the real share of positives.

# %%
# Your code here

# %% tags=["solution"]
y_sweep, scores = calibration.undersampling_scores()
p_s = scores[0.3]
p = 0.3 * p_s / (0.3 * p_s - p_s + 1)
print(f"mean before {p_s.mean():.3f}, after {p.mean():.3f}, real share {y_sweep.mean():.3f}")

# %% [markdown] tags=["solution"]
# The correction takes the mean probability from 0.232 to 0.100, against a real share of 0.097: the
# formula needs nothing but β.

# %% [markdown]
# **Exercise 2.** A false alarm now costs as much as 4 missed pixels (C_FP = 4, C_FN = 1). What is t*,
# and where is the cheapest threshold of the plain model and of the under-sampled one?

# %%
# Your code here

# %% tags=["solution"]
t2 = 4 / (4 + 1)
for name in ("plain", "under-sampling"):
    table = metrics.threshold_table(y, repaired[name])
    best = metrics.cheapest_threshold(table, cost_miss=1, cost_false_alarm=4)
    flagged = int((repaired[name] >= best).sum())
    print(f"{name}: cheapest threshold {best:.2f} (t* = {t2:.2f}); pixels flagged there: {flagged}")

# %% [markdown] tags=["solution"]
# t* = 0.80. Count what each "cheapest" threshold flags before reading it: neither model flags a single
# pixel there. At these prices every flag costs more in expected false alarms than the miss it might
# prevent, so the cheapest policy is to flag nothing, and every threshold above the model's highest
# score ties with it (`cheapest_threshold` returns the lowest of the tied ones). A threshold is only
# worth reading where it changes a decision.

# %% [markdown]
# Next: [09 · The decision guide](09_decision_guide.ipynb) turns the measurements of lessons 03-08 into a
# shortlist of pipelines for your own data, and tests that shortlist against measurement.

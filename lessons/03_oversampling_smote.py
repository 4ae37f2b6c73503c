# %% [markdown]
# # 03 · Over-sampling and SMOTE
#
# *What does SMOTE invent, and does it help?*
#
# **In this notebook you will:**
# 1. see what `RandomOverSampler` and `SMOTE` add to a data set (copies versus new, interpolated points)
#    and move a live demo to watch how SMOTE places each point;
# 2. meet the SMOTE family (ADASYN, BorderlineSMOTE, SVMSMOTE, KMeansSMOTE, SMOTENC) and two traps:
#    KMeansSMOTE's defaults on a small minority, and SMOTE on one-hot encoded categories;
# 3. measure on real data what over-sampling does to recall at the default threshold, to ranking metrics
#    (ROC-AUC, average precision) and to the probabilities, then see how the answer changes with the
#    learner, on 20 datasets of the course's evidence grid;
# 4. test the practitioner article's advice on when SMOTE backfires.
#
# **Prerequisites:** [01 · The accuracy trap](01_accuracy_trap.ipynb) and
# [02 · Metrics that matter](02_metrics_that_matter.ipynb): recall, precision, average precision, the
# Brier score and log loss (with their no-skill reference) should be familiar.

# %%
import pandas as pd
from imblearn.over_sampling import ADASYN, SMOTE, SMOTENC, SVMSMOTE, BorderlineSMOTE, KMeansSMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline
from sklearn.cluster import MiniBatchKMeans
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from helpers import datasets, demos, evaluation, evidence, plotting, resampling, stats

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine

pd.set_option("display.max_colwidth", None)  # show each verdict's reading in full

# %% [markdown]
# ## What does over-sampling do to the class counts?
#
# An over-sampler adds minority rows until the classes reach the balance you ask for (by default,
# `sampling_strategy="auto"`: as many minority rows as majority rows). It never touches the majority.
# To *see* every point, we start on a small **synthetic** 2-D data set (400 rows, 10% minority) made by
# `datasets.make_synthetic_2d`; the real datasets come later.

# %%
X2, y2 = datasets.make_synthetic_2d(400, minority_share=0.1, overlap=0.3, random_state=42)
print("before:", y2.value_counts().to_dict())
for sampler in [RandomOverSampler(random_state=42), SMOTE(random_state=42)]:
    X_res, y_res = sampler.fit_resample(X2, y2)
    print(f"after {type(sampler).__name__}:", y_res.value_counts().to_dict())

# %% [markdown]
# Both samplers took the minority (class 1) from 40 to 360 rows, so each added 320 rows; the 360 majority
# rows are unchanged. The counts are identical. *Where* the 320 new rows sit is not.

# %% [markdown]
# ## Copies or new points: what does each sampler add?
#
# `plotting.resampled` runs each sampler and draws what it did: original points in the class colours,
# synthetic points as purple triangles, and duplicated points as rings (bigger ring, more copies).

# %%
oversamplers = {"RandomOverSampler": RandomOverSampler(random_state=42), "SMOTE": SMOTE(random_state=42)}
plotting.resampled(X2, y2, oversamplers,
                   title="RandomOverSampler repeats minority points; SMOTE fills the space between them");

# %% [markdown]
# `resampling.trace` labels every row of the output (`kept`, `duplicate`, `synthetic`, ...), so we can
# count where the new rows are.

# %%
for name, sampler in oversamplers.items():
    traced = resampling.trace(sampler, X2, y2)
    originals = traced.loc[traced["role"] == "kept", ["x1", "x2"]]
    added = traced.loc[traced["role"] != "kept", ["x1", "x2"]]
    on_an_original = len(added.merge(originals.drop_duplicates(), on=["x1", "x2"]))
    print(f"{name}: {len(added)} rows added at {len(added.drop_duplicates())} distinct places, "
          f"{on_an_original} of them exactly on an original point")

# %% [markdown]
# RandomOverSampler's 320 rows are copies of the 40 original minority points: a model sees the same
# 40 points, each counted about nine times (much like giving the minority a larger weight). SMOTE's 320
# rows are all new points, none of them on an original: it *invents* data, which is both its appeal
# (a smoother minority region) and its risk (the points may be wrong).

# %% [markdown]
# ## How does SMOTE place a synthetic point?
#
# For each synthetic point, SMOTE (Chawla et al., 2002):
# 1. picks a minority point $x$,
# 2. picks one of its `k_neighbors` nearest **minority** neighbours $x_{nn}$ at random (default k = 5),
# 3. draws $\lambda$ uniformly between 0 and 1 and returns $x + \lambda\,(x_{nn} - x)$:
#    a point on the segment from $x$ to $x_{nn}$.
#
# So every synthetic point lies on a segment between two real minority points. The demo draws those
# segments for one chosen point and the synthetic points SMOTE actually put on them (from a real
# `SMOTE(k_neighbors=k, random_state=42)` run; the faint triangles are all the other synthetic points).
# Pick point C, an outlier, and raise `k_neighbors`.

# %%
demo = demos.smote_neighbours()
demo

# %% [markdown]
# Without a kernel, the demo for a point in the core of the minority and for an outlier:

# %%
demo.stills({"point": "A: in the core of the minority", "k_neighbors": 5},
            {"point": "C: an outlier among the majority", "k_neighbors": 5},
            captions=["point A, in the core, k_neighbors = 5", "point C, an outlier, k_neighbors = 5"]);

# %% [markdown]
# **Try this:** with point C selected, move `k_neighbors` from 1 to 10: do its segments get longer or
# shorter, and how many of its synthetic points land among the majority?

# %% [markdown] tags=["solution"]
# Longer: C's farthest neighbour is 1.12 away at k = 1 and 3.67 at k = 10. At every k, all of its
# synthetic points land among the majority (16 at k = 1, 12 at k = 5, 11 at k = 10): from an outlier,
# every segment starts in majority territory.

# %% [markdown]
# What moving the controls does (the same numbers the readout shows):

# %%
for point in ["A: in the core of the minority", "C: an outlier among the majority"]:
    s = demo.update(point=point, k_neighbors=5)
    print(f"{point}: neighbours up to {s['reach']:.2f} away; {s['n_on_segments']} synthetic points on its "
          f"segments, {s['n_on_segments_in_majority']} of them in majority territory")

# %% [markdown]
# A point in the core of the minority has short segments that stay inside the minority cloud: its
# synthetic points are plausible. An outlier (here a minority point sitting inside the majority) is
# joined to minority points far away, and every synthetic point on those segments lands in majority
# territory ("most of the 5 nearest real points are majority"). SMOTE has no way to know the outlier is
# suspicious: it trusts every minority point equally. Keep this picture in mind for the section on
# when SMOTE backfires.

# %% [markdown]
# ## What does SMOTE change in a classifier?
#
# Fit a logistic regression on half of the 2-D data, with and without SMOTE (inside an imbalanced-learn
# pipeline, so only the training half is resampled), and draw where each predicts the minority on the
# other half.

# %%
X_train, X_test, y_train, y_test = train_test_split(X2, y2, test_size=0.5, stratify=y2, random_state=42)
models = {"no resampling": LogisticRegression().fit(X_train, y_train),
          "SMOTE": make_pipeline(SMOTE(random_state=42), LogisticRegression()).fit(X_train, y_train)}
plotting.decision_boundaries(models, X_test, y_test,
                             title="SMOTE pushes the boundary (black line) into the majority");

# %%
table = pd.DataFrame({name: evaluation.scores(y_test, m.predict(X_test), m.predict_proba(X_test)[:, 1])
                      for name, m in models.items()}).loc[["recall", "precision", "roc_auc", "brier"]]
table.loc["mean predicted probability"] = [m.predict_proba(X_test)[:, 1].mean() for m in models.values()]
print(f"minority share of the test half: {y_test.mean():.3f}")
table.round(3)

# %% [markdown]
# With SMOTE the boundary moves into the majority cloud, so more points are called minority. On this
# split that caught 3 more of the 20 test minority points (recall 0.80 to 0.95) and cost nothing:
# precision, ROC-AUC and even the Brier score held, because these two clouds barely overlap. The
# probabilities did move up: their average went from 0.092 (close to the true minority share, 0.100) to
# 0.123. One split with 20 minority points is a single noisy draw of an easy problem; the next section
# asks the same questions of real data, with cross-validation and confidence intervals.

# %% [markdown]
# ## Does SMOTE help on real data?
#
# Each candidate is a pipeline written out in full: scaling, then the sampler (for two of them), then
# logistic regression. It is imbalanced-learn's `make_pipeline`, which calls the sampler only while
# fitting, so only training folds are resampled and every test fold keeps the real class balance.
# `evaluation.compare` runs scikit-learn's `cross_validate` on each candidate, on the same folds, and
# collects the scores. On `yeast` (1,484 proteins, 35 of them extracellular), 5-fold cross-validation
# repeated twice:

# %%
X_yeast, y_yeast = datasets.load("yeast")
cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)
candidates = {
    "no resampling": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "RandomOverSampler": make_pipeline(StandardScaler(), RandomOverSampler(random_state=42),
                                       LogisticRegression(max_iter=1000)),
    "SMOTE": make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
}
metrics = ["roc_auc", "average_precision", "recall", "precision", "f1", "brier"]
results, folds = evaluation.compare(candidates, X_yeast, y_yeast, cv=cv, metrics=metrics, return_folds=True)
evaluation.summary_table(results)

# %% [markdown]
# Each cell is the mean over 10 folds and its 95% confidence interval; `brier_no_skill` is the Brier
# score of always forecasting the share of extracellular proteins, the score a useful model must beat.
# The plain model's precision is undefined on 1 of the 10 folds: it called no protein extracellular
# there, so there is no share of correct positive calls to take (its mean is over the other 9 folds).
#
# Is each sampler better or worse than no resampling, fold by fold (a paired comparison)? How to read
# the table that answers it (every verdict table in the course reads the same way):
# - `difference` is the candidate minus the baseline, averaged over the 10 folds, on the same folds (so
#   a fold that is hard for both cancels out); for the Brier score, where lower is better, a positive
#   difference is a loss. `ci_low`/`ci_high` is its 95% interval, widened for folds that share training
#   rows (Nadeau & Bengio's correction).
# - One `difference` call judges all six metrics for both samplers, 12 questions at once. Ask 12 and a
#   p-value below 0.05 turns up by luck more often than 1 time in 20, so the p-values are adjusted for
#   the 12 (Holm's method, `p_holm`): the `verdict` is "better" or "worse" only when `p_holm` is below
#   0.05, otherwise "no detectable difference", and that is not a tie: the `reading` says which gains
#   and losses the interval rules out. "not judged" means there is nothing to judge (too few folds, or
#   the same difference on every fold).

# %%
verdicts = evaluation.difference(folds, "no resampling", metrics)
verdicts.set_index(["metric", "candidate"]).round(3)

# %% [markdown]
# *Optional, for when you want to redo it without the course:* nothing in that table needs the course's
# helpers; here is one row, SMOTE's ROC-AUC, in numpy and scipy. Take the 10 paired differences (one per fold), their mean and the spread of the mean. The
# spread is widened because the folds share training rows (Nadeau & Bengio's approximate correction,
# derived for random train/test splits and used for repeated k-fold by Bouckaert & Frank, 2004: the
# variance of the mean counts `1/n + n_test/n_train` instead of `1/n`), then a t-distribution with n − 1
# degrees of freedom gives the interval and the p-value:

# %%
import numpy as np
from scipy.stats import t as student_t

scores = folds[folds["metric"] == "roc_auc"].pivot(index="fold", columns="candidate", values="value")
d = scores["SMOTE"] - scores["no resampling"]  # one paired difference per fold
n = len(d)
ratio = (folds["n_test"] / folds["n_train"]).mean()  # test rows / training rows: about 1/4 in 5-fold CV
se = np.sqrt((1 / n + ratio) * d.var(ddof=1))  # the corrected standard error of the mean difference
t = student_t.ppf(0.975, n - 1)
p = 2 * student_t.sf(abs(d.mean()) / se, n - 1)
print(f"difference {d.mean():+.3f}, 95% interval [{d.mean() - t * se:+.3f}, {d.mean() + t * se:+.3f}], p = {p:.3f}")

# %% [markdown]
# The same numbers as the table's `roc_auc` / `SMOTE` row. (The `reading` column reads this unadjusted 95%
# interval; only the verdict uses the adjusted p-value.) Holm's adjustment is three lines: sort the
# table's p-values from the smallest, multiply the smallest by m (the number of questions judged), the
# next by m − 1 and so on, and never let an adjusted value fall below the one before it. It gives the
# table's `p_holm` column exactly:

# %%
judged = verdicts.dropna(subset=["p_value"]).sort_values("p_value")
m = len(judged)
p_holm = np.minimum(1, np.maximum.accumulate(judged["p_value"].to_numpy() * (m - np.arange(m))))
print(f"{m} questions judged; largest gap to the table's p_holm: {np.abs(p_holm - judged['p_holm']).max():.1e}")

# %%
plotting.differences(verdicts, metrics=["roc_auc", "average_precision", "recall", "brier"],
                     title="yeast: each over-sampler minus no resampling, on the same 10 folds");

# %% [markdown]
# Read the verdicts metric by metric:
# - **Recall at the default threshold (0.5)** rose from 0.329 to 0.843 (RandomOverSampler) and 0.814
#   (SMOTE): this is what SMOTE is usually sold for. Each interval on its own excludes 0 (a gain of
#   0.158 to 0.813 for SMOTE), but after Holm's adjustment for the 12 questions (p = 0.060) the table
#   does not call it: 10 folds with 7 extracellular proteins in each test fold are a small sample.
# - **ROC-AUC**, which judges the ranking over all thresholds, did not improve: both differences are
#   -0.006, and the intervals rule out a gain larger than 0.008 (RandomOverSampler) or 0.004 (SMOTE).
# - **Average precision** fell with both (-0.044 and -0.021). RandomOverSampler's interval alone
#   excludes 0 (a loss of 0.002 to 0.086), but not after Holm; SMOTE's rules out a gain larger than 0.014.
# - **Precision got clearly worse**: from 0.746 to 0.163 and 0.183 (first table); paired, a loss of
#   0.315 to 0.855 (RandomOverSampler) and 0.302 to 0.832 (SMOTE), a verdict after Holm. The fold where
#   the plain model made no positive call has no precision (undefined, not 0): it is left out, so these
#   differences rest on 9 of the 10 folds, and the reading says so. **F1**'s intervals are wide: they
#   rule out only gains larger than 0.159 (RandomOverSampler) and 0.183 (SMOTE) and losses larger than
#   0.467 and 0.442.
# - **The Brier score got clearly worse** (a loss of 0.038 to 0.072 with SMOTE): the probabilities are
#   inflated, because the model was trained on a world where the minority is 50% of the rows, not 2.4%.
# - SMOTE and RandomOverSampler landed within 0.03 of each other on every metric (we did not test them
#   against each other).
#
# That is one learner on one dataset with 35 minority rows. The next section asks whether the answer
# depends on the learner; a second dataset, `satimage`, comes at the end of the lesson.

# %% [markdown]
# ## Does the answer depend on the learner?
#
# For logistic regression, rebalancing is close to moving the intercept (lesson 08 shows it): the order
# of the rows barely changes, so an unchanged ranking is nearly built in. It is the learner least likely
# to show a ranking gain. k-nearest neighbours (`KNeighborsClassifier`) decides differently: a row's
# score is the share of its 5 nearest training rows that are minority, so SMOTE's new points change the
# neighbourhoods themselves. Same data, same 10 folds:

# %%
knn = {"k-NN": make_pipeline(StandardScaler(), KNeighborsClassifier()),
       "k-NN + SMOTE": make_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier())}
knn_metrics = ["roc_auc", "average_precision", "brier"]
_, knn_folds = evaluation.compare(knn, X_yeast, y_yeast, cv=cv, metrics=knn_metrics, return_folds=True)
knn_verdicts = evaluation.difference(knn_folds, "k-NN", knn_metrics)
knn_verdicts.drop(columns=["candidate", "p_value"]).round(3)

# %% [markdown]
# With k-NN, SMOTE made **average precision clearly worse** on `yeast`: 0.443 to 0.236 (a loss of 0.097
# to 0.317, a verdict after Holm's adjustment over the three rows), where logistic regression's change
# was too small to detect. ROC-AUC did not move detectably (the interval runs from -0.038 to +0.014) and
# the Brier score got clearly worse. A likely reason: SMOTE packs the minority's region with synthetic
# rows, so majority proteins near it now find minority rows among their 5 neighbours and climb into the
# top of the ranking, which is where average precision looks first.
#
# One dataset and two learners cannot say what SMOTE does in general. The course's **evidence grid**
# (`benchmarks/evidence/`; its README lists exactly what was run) asks the question on a larger scale.
# It pairs every correction for imbalance with the same learner uncorrected:
# - **five learners** at library defaults: logistic regression, k-NN, a decision tree, a random forest
#   and histogram gradient boosting, each behind the same scaling (and one-hot encoding where needed);
# - **20 real datasets**: the six shipped with the course and 14 from the KEEL and NASA PROMISE
#   collections, with 336 to 9,857 rows, 22 to 626 minority rows and imbalance from 5.5:1 to 194:1;
# - **10 paired folds** each (the folds used above), with each table's verdicts Holm-adjusted (one
#   dataset, one learner, one family of metrics).
#
# It ran for 29 minutes, so the notebook reads its committed results instead of re-running it: one row
# per dataset, learner, correction (`method`) and metric, with the difference to the uncorrected learner,
# its interval and its verdict. The names it uses (the bagging and AdaBoost learners and the ensemble,
# calibration and threshold methods belong to lessons 06 and 08; this lesson reads the five learners with
# the over-samplers):

# %%
grid = evidence.load()
for column in ["dataset", "learner", "method"]:
    print(f"{column}: {', '.join(grid[column].unique())}")

# %% [markdown]
# The cell you just computed is one of its rows (`evidence.cell` is a filter on `grid`):

# %%
evidence.cell(grid, "yeast", "knn", "smote", metrics=["roc_auc", "average_precision", "brier_skill"]).round(3)

# %% [markdown]
# The ROC-AUC and average-precision rows are the ones you computed. The third is another metric, the
# **Brier skill score**, 1 − Brier / (p(1 − p)) with p the share of positives: 0 is no better than
# forecasting p for every row, below 0 is worse than that (here -1.467: after SMOTE, k-NN's probabilities
# are far worse than a constant guess). The grid Holm-adjusts over a larger table (every correction of
# that learner on that dataset, within one family of metrics), so a verdict can differ from a small
# table's.
#
# **How to read the grid's counts** (every term is also in the [glossary](glossary.md)). For each
# learner, correction and dataset, the verdicts of a family
# of metrics become one outcome. There are three families:
# - **ranking**: ROC-AUC and average precision;
# - **probability quality**: the Brier skill score and the **log loss** (the average of −log of the
#   probability given to the true class; lower is better, and a confident mistake costs a lot);
# - **the cost at 10:1**: the cost per case, (10 × misses + false alarms) / rows, when a miss costs as
#   much as 10 false alarms and each model flags a row when its probability is at least 1/11 (flagging
#   pays when the expected cost of a miss, 10p, exceeds that of a false alarm, 1 − p, i.e. p ≥ 1/11;
#   lesson 08 derives it).
#
# The outcome is **better** when at least one metric is better and none worse, **worse** the other way
# round, **mixed** when one is better and one worse, and **no change** when no metric shows a detectable
# difference (not a tie: the intervals are in `grid`). **Not judged** means the scores were the same on
# every fold (nothing to judge, e.g. on `kddcup`, which most learners rank perfectly) or fewer than 10
# folds could be scored (a fit the library refused). A loss that is the same on every fold is "not
# judged" too, so look at `difference` before reading "not judged" as "no harm". A cell
# `0 / 18 / 1 (+1 not judged)` reads: better on 0 of the 20 datasets, no change on 18, worse on 1, not
# judged on 1. Behind each count are rows like these (the verdicts of k-NN with SMOTE, on the datasets
# where at least one metric got a verdict):

# %%
mine = grid[(grid["learner"] == "knn") & (grid["method"] == "smote")
            & grid["metric"].isin(["roc_auc", "average_precision"])]
verdicts_knn = mine.pivot(index="dataset", columns="metric", values="verdict")
verdicts_knn[verdicts_knn.isin(["better", "worse"]).any(axis=1)]

# %% [markdown]
# Now the counts for the three over-samplers, learner by learner:

# %%
grid_oversamplers = ["random_oversampling", "smote", "borderline_smote"]
families = ["ranking", "probability quality", "cost at 10:1"]
pd.concat({family: evidence.tally(grid, grid_oversamplers, family) for family in families}, names=["family", "learner"])

# %%
evidence.plot(grid, methods=grid_oversamplers,
              title="Over-sampling changed the ranking of k-NN only, in both directions,\n"
                    "and made probabilities worse, most often for logistic regression and k-NN");

# %% [markdown]
# Read it learner by learner (counts are datasets out of 20):
# - **Logistic regression**: no over-sampler improved the ranking on any dataset (each made it worse on
#   one: `satimage`'s average precision). Probability quality got worse on 15 or 16 datasets, and the cost
#   at 10:1 on 13 with RandomOverSampler or SMOTE (11 with BorderlineSMOTE): inflated probabilities flag
#   too many rows at the cost-based threshold.
# - **k-NN** is the learner whose ranking over-sampling did change, in both directions: SMOTE improved it
#   on 2 datasets and worsened it on 3 (`yeast` among them), BorderlineSMOTE improved it on 3 and
#   worsened it on 1. Its probabilities got worse on 11 to 16 datasets (better on 1, with
#   RandomOverSampler). RandomOverSampler cannot change k-NN's decisions at 1/11 at all (hence "not
#   judged" on all 20): a row is flagged when at least one of its 5 nearest training rows is minority,
#   and adding copies of minority rows cannot change *whether* one is among the 5 nearest (ties aside).
# - **Decision tree, random forest, gradient boosting**: no over-sampler improved the ranking on any
#   dataset (SMOTE made the forest's worse on one, `car-good`). Fewer verdicts went against their
#   probabilities: worse on 0 to 3 datasets for the tree and the booster, 2 to 6 for the forest. (A fully
#   grown tree gives almost every row a probability of 0 or 1, so its ROC-AUC is just the balanced
#   accuracy of its one decision rule; read the tree's ranking through average precision.)
# - **The cost at 10:1 improved on no dataset**, for any learner and any over-sampler.
#
# One dataset's verdict, from 10 folds, catches only large effects, and Holm's adjustment guards one
# table, not the 100 tables of a family (20 datasets x 5 learners), where a stray verdict can be chance.
# A small effect that recurs on most datasets shows better *across* datasets: for each learner and
# over-sampler, on how many datasets the mean rose, the median difference, and a Wilcoxon signed-rank
# test over the datasets (datasets with no difference at all are left out; the p-values are not
# adjusted for the table's 15 cells, so read them as a description):

# %%
pd.concat({metric: evidence.directions(grid, grid_oversamplers, metric)
           for metric in ["average_precision", "roc_auc"]}, names=["metric", "learner"])

# %% [markdown]
# - **k-NN's two ranking metrics move in opposite directions**: with SMOTE its ROC-AUC rose on 14 of 18
#   datasets (median +0.039) while its average precision fell on 14 of 18 (median -0.050), and
#   BorderlineSMOTE did the same. A likely reason: k-NN's score takes only six values (0, 0.2, ..., 1).
#   After SMOTE more minority rows get a score above 0, which helps ROC-AUC (it weighs the whole order),
#   but so do many majority rows near the minority, and they crowd the top of the ranking, where average
#   precision looks first.
# - **Logistic regression's average precision fell with SMOTE on 15 of 19 datasets**, by a small median
#   of 0.007 (p = 0.012), and its ROC-AUC on 13 of 19: a steady small loss that no single dataset's
#   verdict could detect. The tree's average precision fell on 16 of 19 (median -0.015).
# - For the random forest and gradient boosting neither metric moved consistently (every p ≥ 0.06).
#
# An earlier version of this lesson concluded from logistic regression alone that over-sampling "does
# not improve ranking". For k-NN that is half true: over-sampling tended to raise its ROC-AUC and to
# lower its average precision. The learner, and the metric, matter.
#
# The published evidence. Elor and Averbuch-Elor ("To SMOTE, or not to SMOTE?", 2022, 73 datasets) write
# in their abstract: "Our results support the known utility of balancing for weak classifiers. However,
# we find that balancing does not improve prediction performance for the strong ones"; their strong
# classifiers include tuned gradient-boosting libraries, judged with
# threshold-free metrics (AUC) and proper scoring rules (log loss) as well as with label metrics. Our gradient boosting (scikit-learn's, at its
# defaults) agrees: no over-sampler improved its ranking on any dataset, or moved it consistently. For
# weak learners our data do not simply reproduce "the known utility of balancing": over-sampling gave the
# decision tree no ranking gain anywhere, and it raised k-NN's ROC-AUC but lowered its average precision.
# For logistic regression, van den Goorbergh et al. (JAMIA 2022) found that random over- and
# under-sampling and SMOTE improved no AUROC, made the predicted risks far too high, and that their better
# sensitivity at 0.5 was matched by moving the uncorrected model's threshold; our grid agrees on ranking
# and probabilities, and lesson 08 measures the threshold.
#
# What these data can and cannot show. How well each learner ranks each dataset without any correction
# (ROC-AUC, the mean over the 10 folds):

# %%
uncorrected = grid[(grid["metric"] == "roc_auc") & (grid["method"] == "smote")]
auc = uncorrected.pivot(index="dataset", columns="learner", values="baseline_mean")
auc.sort_values("hist_gradient_boosting").round(3)

# %% [markdown]
# Five datasets (`vowel0`, `segment0`, `kr-vs-k-zero-one_vs_draw`, `kddcup`, `page_blocks`) are ranked
# with a ROC-AUC of at least 0.95 by four or five of the learners, so little ranking gain is possible
# there. With 10 folds and 22 to 626 minority rows per dataset, only a large effect can reach a verdict on
# a small dataset, and "no detectable change" rules out only what its interval rules out (each row of
# `grid` has its interval, `ci_low` to `ci_high`). No dataset
# has more than 9,857 rows or more than 41 raw columns; every learner ran at its library defaults,
# untuned; the cost is read at 1/11 on each model's own probabilities, so it measures the probabilities
# as much as the ranking (lesson 08 shows what correcting the probabilities changes); and on the datasets
# with categorical columns (`thyroid`, `kddcup`, `lending_club` and five KEEL sets, `car-good` among them)
# the grid ran plain SMOTE after one-hot encoding, the shortcut the section on SMOTENC below warns about:
# k-NN's SMOTE gain on `car-good` (in the verdicts above) came from such data.

# %% [markdown]
# ### Against the bar from 02
#
# The counts so far compare each learner with itself. Lesson 02 set a bar before any correction:
# gradient boosting with no rebalancing and its threshold chosen for the costs. In the grid that is
# `HistGradientBoostingClassifier` at its defaults, its scores as they are (for average precision) and,
# for the cost at 10:1, wrapped in `TunedThresholdClassifierCV` with a cost scorer, so that its threshold
# is chosen on its training folds. The practical question is whether any learner *with* an over-sampler
# beats that bar. The grid scored every cell on the same 10 folds of a dataset, so any two cells pair
# fold by fold: `evidence.load_folds()` holds the per-fold scores, and `evidence.against_bar` pairs each
# learner and method with the bar. Each cell says two things:
#
# - **Dataset by dataset** (better / not detected / worse): the corrected interval, with Holm's adjustment
#   over every cell judged against the bar on that dataset (43 for average precision, 48 for the cost;
#   12 on `kddcup`, where most cells rank perfectly on every fold). With that many comparisons one
#   dataset's verdict needs a large effect, and even a large one can miss it (`yeast` below): a count
#   under "not detected" rules out nothing by itself; read the interval, or the across-dataset columns.
# - **Across the 20 datasets**: on how many the cell was ahead of the bar in mean, the median of the
#   per-dataset differences (a description of the datasets as a group, not of any one; a cost difference
#   is larger where mistakes are common), and a Wilcoxon signed-rank p-value over the datasets
#   (unadjusted, as in the table above).

# %%
from IPython.display import display

grid_folds = evidence.load_folds()
bar_methods = ["none", *grid_oversamplers]
display(evidence.against_bar(grid_folds, bar_methods, "average_precision"))
evidence.against_bar(grid_folds, bar_methods, "cost_per_case")

# %% [markdown]
# Each dataset's verdict is the paired difference you computed by hand above, on two cells' stored fold
# scores. Logistic regression with SMOTE against the bar, cost at 10:1, on `yeast`:

# %%
yeast_cost = grid_folds[grid_folds["dataset"] == "yeast"].pivot_table(index="fold", columns=["learner", "method"],
                                                                      values="cost_per_case")
d_bar = yeast_cost[("logistic_regression", "smote")] - yeast_cost[evidence.BAR_COST]  # fold by fold
r = stats.corrected_difference(d_bar, test_train_ratio=1 / 4)  # 5-fold CV: test rows / training rows
print(f"cost difference {r['difference']:+.3f} per case, 95% interval [{r['ci_low']:+.3f}, {r['ci_high']:+.3f}], "
      f"p = {r['p_value']:.4f} before Holm's adjustment")
row = evidence.bar_verdicts(grid_folds, "cost_per_case").query(
    "dataset == 'yeast' and learner == 'logistic_regression' and method == 'smote'").iloc[0]
print(f"after Holm over the cells judged on yeast: p = {row['p_holm']:.3f}, verdict: {row['verdict']}")

# %% [markdown]
# The interval excludes 0 by a wide margin, yet after Holm's adjustment over the 48 cells judged on
# `yeast` this p-value becomes 0.061, so `yeast` counts under "not detected" for that cell: the price of
# asking 48 questions at once. That is why the across-dataset columns matter here.
#
# - **Average precision**: no cell was detectably above the bar on any dataset. Across datasets, the
#   random forest (with or without an over-sampler) and gradient boosting with an over-sampler were
#   ahead of it on 7 to 12 of 19 datasets, with medians within 0.006 and no consistent direction (every
#   p ≥ 0.14). Logistic regression was ahead on 6 to 8 of 20 (medians -0.010 to -0.015); k-NN and the
#   tree fell clearly below it, with or without an over-sampler (ahead on at most 2 of 19, medians -0.06
#   to -0.19, every p < 0.001).
# - **Cost at 10:1**: the random forest, deciding at 1/11, was cheaper than the bar on one dataset
#   (`kc1`), alone and with BorderlineSMOTE; no other cell was detectably cheaper on any dataset. Over-sampling moved
#   logistic regression *away* from the bar: uncorrected, it was ahead on 9 of 20 datasets (median
#   +0.002, p = 0.99); with an over-sampler, on at most 1 of 20, dearer by a median 0.09 to 0.14 per case
#   and worse on 9 to 11 datasets. Much of that is the shifted prior (its probabilities are too high, so
#   deciding at 1/11 flags too many rows): after a prior correction, SMOTE made logistic regression's
#   cost worse than without SMOTE on 1 dataset instead of 13 (lesson 08). The bar's own threshold tuning
#   paid too: the uncorrected booster deciding at 1/11 was ahead of it on only 6 of 19 datasets (median
#   +0.005; Wilcoxon p = 0.005, a test that weighs most the datasets where mistakes are common and cost
#   differences large; counting signs alone, 6 of 19 is weaker evidence, a sign-test p of 0.17). With SMOTE
#   or BorderlineSMOTE the booster deciding at 1/11 was ahead of the bar on 9 and 10 of 20 datasets
#   (medians +0.001), but against the booster without them its cost was detectably lower on no dataset (the
#   cost tallies above), so this does not show over-sampling doing the threshold's work.
#
# So no learner with an over-sampler was detectably cheaper than the bar, except the forest with
# BorderlineSMOTE on `kc1`, where the forest without one was too: over-sampling lifted no learner past the
# bar, and it moved logistic regression away from it.
# %% [markdown]
# ## Which SMOTE variant should I use?
#
# The variants change *which* minority points seed new ones, or *where* the new points go:
# - **ADASYN** makes more synthetic points from minority points that have many majority neighbours
#   (the "hard" ones).
# - **BorderlineSMOTE** only seeds from minority points in "danger" (at least half, but not all, of their
#   neighbours are majority). *Kind 1* interpolates towards minority neighbours; *kind 2* also towards
#   majority neighbours (with $\lambda \le 0.5$, so the point stays nearer the minority).
# - **SVMSMOTE** seeds from the support vectors of an SVM, i.e. the points on the class border.
# - **KMeansSMOTE** clusters the data first and runs SMOTE only inside clusters with enough minority.

# %%
variants = {"SMOTE": SMOTE(random_state=42), "ADASYN": ADASYN(random_state=42),
            "BorderlineSMOTE kind 1": BorderlineSMOTE(kind="borderline-1", random_state=42),
            "BorderlineSMOTE kind 2": BorderlineSMOTE(kind="borderline-2", random_state=42),
            "SVMSMOTE": SVMSMOTE(random_state=42), "KMeansSMOTE": KMeansSMOTE(random_state=42)}
plotting.resampled(X2, y2, variants, title="The variants differ in where they put the new points");

# %% [markdown]
# The border-focused variants (BorderlineSMOTE, SVMSMOTE, and ADASYN to a degree) pile their points on
# the side facing the majority, where the classifier's boundary is; SVMSMOTE even places some beyond the
# outermost minority points. Plain SMOTE spreads them over the whole minority cloud, KMeansSMOTE over the
# clusters it selected.
#
# Do they score differently? In the evidence grid above, BorderlineSMOTE (kind 1, its default) had
# SMOTE's ranking counts for every learner but k-NN, where it improved the ranking on one more dataset
# and worsened it on two fewer, and the random forest, where SMOTE's one worse dataset (`car-good`) was
# not worse with BorderlineSMOTE; for the other four learners neither beat no resampling in ranking on
# any dataset. It damaged probabilities and the cost somewhat less often (logistic regression's cost got
# worse on 11 datasets instead of 13).
# ADASYN, SVMSMOTE and KMeansSMOTE are not in the grid. So the choice of variant mattered less here than
# the choice of learner. (A large published comparison of SMOTE variants is Kovács, *Applied Soft
# Computing* 83, 2019: 85 variants on 104 datasets.)

# %% [markdown]
# ## Why does KMeansSMOTE fail on a small minority? (optional)
#
# A deep dive into one sampler's settings; skip to [Can SMOTE handle categorical features?](#Can-SMOTE-handle-categorical-features?)
# if you will not use KMeansSMOTE. On the 2-D data it worked. On `yeast` (35 minority rows out of 1,484), its defaults fail:

# %% tags=["raises-exception"]
X_yeast_scaled = StandardScaler().fit_transform(X_yeast)
KMeansSMOTE(random_state=42).fit_resample(X_yeast_scaled, y_yeast)

# %% [markdown]
# KMeansSMOTE clusters all rows (by default `MiniBatchKMeans` with 8 clusters) and over-samples only
# inside clusters where the minority is at least a `cluster_balance_threshold` share of the rows. With
# one minority class, the `"auto"` threshold works out to 0.5: a cluster must be half minority. Here is
# the minority share of each of those 8 clusters:

# %%
clusters = MiniBatchKMeans(random_state=42).fit_predict(X_yeast_scaled)  # KMeansSMOTE's default clustering
y_yeast.groupby(clusters).agg(["size", "sum", "mean"]).rename(
    columns={"size": "rows", "sum": "minority", "mean": "minority share"}).round(2)

# %% [markdown]
# No cluster comes close to half minority, so no cluster qualifies and KMeansSMOTE gives up. Two fixes:
# accept clusters with a lower minority share, or ask for more, smaller clusters (which can isolate the
# minority better), or both:

# %%
fixes = {
    "8 clusters, threshold 0.1": KMeansSMOTE(cluster_balance_threshold=0.1, random_state=42),
    "20 clusters, threshold 0.2": KMeansSMOTE(kmeans_estimator=MiniBatchKMeans(n_clusters=20, random_state=42),
                                              cluster_balance_threshold=0.2, random_state=42),
}
for name, sampler in fixes.items():
    _, y_res = sampler.fit_resample(X_yeast_scaled, y_yeast)
    print(f"{name}:", y_res.value_counts().sort_index().to_dict())

# %% [markdown]
# Both settings work on all of `yeast`. Choose them by looking at the cluster table above: the threshold
# must be at most the minority share of at least one cluster that holds more than `k_neighbors` minority
# rows. But a sampler in a pipeline only sees a training fold, with 28 of the 35 minority rows and other
# clusters. Cross-validate the first fix in its pipeline, on five folds (we only ask whether it runs):

# %% tags=["raises-exception"]
kmeans_smote = make_pipeline(StandardScaler(), fixes["8 clusters, threshold 0.1"],
                             LogisticRegression(max_iter=1000))
evaluation.compare({"KMeansSMOTE, 8 clusters, threshold 0.1": kmeans_smote}, X_yeast, y_yeast, cv=5)

# %% [markdown]
# It fails again: in at least one of the five training folds no cluster reached a 0.1 minority share.
# The 20-cluster setting, on the ten repeated folds we use for verdicts:

# %%
kmeans_20 = make_pipeline(StandardScaler(), fixes["20 clusters, threshold 0.2"], LogisticRegression(max_iter=1000))
try:
    evaluation.compare({"KMeansSMOTE, 20 clusters": kmeans_20}, X_yeast, y_yeast, cv=cv, progress=False)
except RuntimeError as err:
    print(f"KMeansSMOTE on the ten repeated folds: {err}")

# %% [markdown]
# It stops too: in at least one of the ten training folds no cluster reached a 0.2 minority share. With
# KMeansSMOTE on a small minority, check a setting under the cross-validation you will actually run, not
# on the full data.

# %% [markdown]
# ## Can SMOTE handle categorical features?
#
# `thyroid` mixes lab values with yes/no and sex columns. A common shortcut is to one-hot encode the
# categories and run plain SMOTE. But interpolating between a 0 and a 1 gives something in between, such
# as 0.41: look for a synthetic patient who is partly male and partly pregnant.
#
# First the one-hot encoding, written out. `thyroid` has gaps, so a `ColumnTransformer` fills each
# numeric gap with the column's median and scales the column, and fills each categorical gap with the
# most frequent value before one-hot encoding it (`make_column_selector` picks the columns by type).

# %%
X_thy, y_thy = datasets.load("thyroid")
numeric_steps = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
categorical_steps = make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", sparse_output=False))
preprocess = ColumnTransformer([("numeric", numeric_steps, make_column_selector(dtype_include="number")),
                                ("categorical", categorical_steps, make_column_selector(dtype_exclude="number"))])
X_thy_encoded = preprocess.set_output(transform="pandas").fit_transform(X_thy)
X_thy_encoded.filter(like="categorical__sex").head(3)

# %% [markdown]
# Each category is now a column of 0s and 1s (`categorical__sex_F`, `categorical__sex_M`, ...). Plain
# SMOTE on these columns:

# %%
X_res, _ = SMOTE(random_state=42).fit_resample(X_thy_encoded, y_thy)
synthetic = X_res.iloc[len(X_thy_encoded):]
sex_and_pregnancy = [c for c in synthetic.columns if c.split("__")[1].startswith(("sex_", "pregnant_"))]
impossible = synthetic[(synthetic["categorical__sex_M"] > 0) & (synthetic["categorical__pregnant_t"] > 0)]
print(f"{len(impossible)} synthetic patients are partly male and partly pregnant; the first one:")
impossible[sex_and_pregnancy].head(1).round(2)

# %%
dummies = synthetic.filter(like="categorical__")
fractional = ((dummies > 0) & (dummies < 1)).any(axis=1)
print(f"{fractional.mean():.0%} of the {len(synthetic)} synthetic rows have at least one category that is "
      "neither 0 nor 1")

# %% [markdown]
# Such rows describe no possible patient, and a model trained on them learns from impossible inputs.
# **SMOTENC** (SMOTE for Nominal and Continuous features) interpolates only the numeric columns; each
# categorical column takes the most frequent category among the neighbours, so every value is a real
# category. It needs complete data, so the missing lab values are filled with medians first; with
# `categorical_features="auto"` it treats the pandas `category` columns as categorical.

# %%
X_thy_filled = X_thy.fillna(X_thy.median(numeric_only=True))
X_res, y_res = SMOTENC(categorical_features="auto", random_state=42).fit_resample(X_thy_filled, y_thy)
synthetic = X_res.iloc[len(X_thy):]
print("counts after SMOTENC:", y_res.value_counts().sort_index().to_dict())
print("values of sex in synthetic rows:", synthetic["sex"].value_counts(dropna=False).to_dict())

# %% [markdown]
# Every synthetic patient now has exactly one sex (a real category, copied from the neighbours), and the
# same goes for every other category, "pregnant" included (Exercise 2 checks what that gives). To find
# neighbours, SMOTENC measures distance on the numeric columns plus a fixed penalty for each category
# that differs. (The median fill above runs on all rows to keep the demonstration short; in a model it
# belongs inside the pipeline, before SMOTENC, as every learned step does: lesson 07.)

# %% [markdown]
# ## When does SMOTE backfire?
#
# The practitioner article warns that SMOTE hurts when there are **many noisy features** (neighbours become
# meaningless), when the **classes overlap** (synthetic points land among the majority) and when the
# minority has **outliers** (each outlier seeds synthetic points deep in majority territory, as the
# demo showed). We measure each on four synthetic versions of one problem (1,000 rows, 5% minority):
# clean; plus 20 columns of pure noise; heavy overlap; and minority outliers: 20% of the minority rows
# drawn from the majority's cloud, real cases that look like the majority, with every label right (so
# the test folds are scored on true labels; the outliers are part of what a model meets in use).
# `resampling.effect` cross-validates the two pipelines we give it on each data set
# (`compare` on the same 10 folds as above), then reports SMOTE minus no resampling with `difference`.

# %%
scenarios = resampling.smote_scenarios(n_samples=1000, minority_share=0.05, random_state=42)
effects = resampling.effect(
    make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    scenarios, cv=cv, metrics=["average_precision", "recall", "precision", "f1"])
effects.set_index(["data", "metric"]).drop(columns="summary").round(3)

# %% [markdown]
# Each row is SMOTE minus no resampling (mean over 10 folds), its interval and its verdict, Holm-adjusted
# over the four metrics of each scenario.
# - **Average precision** moved in no scenario: every interval rules out a gain larger than 0.056 and a
#   loss larger than 0.045. SMOTE neither rescued nor ruined the *ranking*, noisy or not.
# - **Recall** rose in every scenario (+0.170 to +0.730). Under heavy overlap and with minority outliers
#   that is a verdict; in the clean and noisy scenarios each interval excludes 0 on its own (0.059 to
#   0.461, 0.028 to 0.312), but not after Holm's adjustment.
# - **Precision** fell in the three scenarios where it can be computed. The fall is largest with
#   **minority outliers** (-0.504, from -0.677 to -0.331), the only verdict against SMOTE; in the clean
#   and noisy scenarios the intervals (-0.296 to 0.012, -0.221 to 0.015) leave the question open.
# - **Heavy overlap** is the odd one: without resampling, the model made no positive call at 0.5 on any
#   fold, so its precision is undefined everywhere, there is no difference to take (NaN) and the row is
#   *not judged*. (Scoring an undefined precision as 0 would hand SMOTE a gain it never made.) SMOTE's
#   shift of the boundary does improve F1 there (+0.171); a tuned threshold can do that too (lesson 08).
# - With **20 noise features**, SMOTE's differences look like the clean scenario's, slightly smaller
#   (recall +0.170 against +0.260, precision -0.103 against -0.142); we did not test the two against
#   each other.
#
# So the measurement only partly agrees with the practitioner article. With minority outliers, SMOTE's
# loss of precision at 0.5 (-0.504, from -0.677 to -0.331) was the only verdict against it, with no
# detectable change in ranking (average precision -0.007; the interval rules out a loss larger than
# 0.045): a different threshold can undo a shift of the operating point, not a worse ranking. The scenarios were not compared with each other, each is one
# synthetic draw (50 minority rows, 10 of them outliers), and the learner is logistic regression only;
# the article's concern (neighbours that reach into the majority) matters most for distance-based and
# flexible learners. This is what the outliers do to SMOTE's output:

# %%
X_out, y_out = scenarios["minority outliers"]
plotting.resampled(X_out, y_out, {"SMOTE, minority outliers": SMOTE(random_state=42)},
                   title="Outliers in the minority seed synthetic points inside the majority");

# %% [markdown]
# ## Does PCA before SMOTE help on high-dimensional data?
#
# The practitioner article's remedy for many features is to reduce them first: scale, PCA, then SMOTE, then the
# model, all in one pipeline. We test it on `satimage` (6,435 rows, 36 correlated features), keeping 95%
# of the variance. To tell what PCA does from what SMOTE does, we also run PCA without SMOTE, on the same
# 10 folds as before.

# %%
X_sat, y_sat = datasets.load("satimage")
pca = PCA(n_components=0.95, random_state=42)
candidates = {
    "no resampling": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "SMOTE": make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
    "PCA": make_pipeline(StandardScaler(), pca, LogisticRegression(max_iter=1000)),
    "PCA -> SMOTE": make_pipeline(StandardScaler(), pca, SMOTE(random_state=42),
                                  LogisticRegression(max_iter=1000)),
}
sat_results, sat_folds = evaluation.compare(candidates, X_sat, y_sat, cv=cv, return_folds=True,
                                            metrics=["roc_auc", "average_precision", "recall", "brier"])
evaluation.summary_table(sat_results)

# %% [markdown]
# Four paired differences in ROC-AUC answer the question, each against its own baseline. `difference`
# compares every candidate with one baseline, so we take each pair on its own and Holm-adjust the four
# p-values together with `stats.holm`, then draw each verdict from its interval and adjusted p-value.

# %%
pairs = [("SMOTE", "no resampling"), ("PCA -> SMOTE", "SMOTE"), ("PCA", "no resampling"),
         ("PCA -> SMOTE", "PCA")]
sat_pairs = pd.concat([evaluation.difference(sat_folds[sat_folds["candidate"].isin([candidate, baseline])],
                                             baseline, "roc_auc").assign(against=baseline)
                       for candidate, baseline in pairs], ignore_index=True)
sat_pairs["p_holm"] = stats.holm(sat_pairs["p_value"])
sat_pairs["verdict"] = [stats.verdict(low, high, p_adjusted=p) for low, high, p
                        in zip(sat_pairs["ci_low"], sat_pairs["ci_high"], sat_pairs["p_holm"])]
sat_pairs.set_index(["candidate", "against"]).drop(columns=["metric", "p_value", "n_folds"]).round(3)

# %% [markdown]
# Read the four paired differences in ROC-AUC:
# - SMOTE alone on `satimage` slightly *lowered* ROC-AUC (-0.006, a loss of 0.001 to 0.011), while its
#   recall at 0.5 rose from 0.018 to 0.819: the same pattern as on `yeast`, here with a verdict.
# - PCA before SMOTE was clearly worse than SMOTE alone (-0.048), but PCA *without* SMOTE lost about as
#   much against no resampling (-0.051): the loss is the information PCA discarded, not anything about
#   SMOTE.
# - With PCA in both, adding SMOTE changed ROC-AUC by -0.004; the interval rules out a gain larger than
#   0.000 and a loss larger than 0.007.
#
# So, on this data, the remedy cost ranking quality (a loss of 0.036 to 0.060 against SMOTE alone) and
# showed no gain we could detect.
# PCA can still help a model on very wide data, but that is a question about the model, not about SMOTE.

# %% [markdown]
# ## Key takeaways
#
# - RandomOverSampler copies minority rows; SMOTE invents new ones on segments between minority
#   neighbours, so it trusts every minority point, outliers included.
# - On `yeast` with logistic regression, over-sampling raised mean recall at the default threshold from
#   0.329 to 0.814 with SMOTE (not a verdict once the 12 comparisons are Holm-adjusted), ruled out any
#   ROC-AUC gain larger than 0.008, and made precision and the Brier score clearly worse.
# - The learner matters. Over 20 datasets, no over-sampler improved the ranking of logistic regression,
#   a decision tree, a random forest or gradient boosting on any dataset; for k-NN, SMOTE improved it on
#   2 and worsened it on 3, and across datasets it tended to raise k-NN's ROC-AUC and lower its average
#   precision. Logistic regression's average precision fell by a little on most datasets. Probabilities
#   got worse on most datasets for logistic regression and k-NN, on a few for the tree-based learners,
#   and the cost at 10:1 (decisions at 1/11 on each model's own probabilities) improved nowhere.
# - Against lesson 02's bar (gradient boosting, no rebalancing, threshold tuned for the costs), no
#   learner with an over-sampler was detectably better in average precision on any dataset, and in cost
#   only the forest with BorderlineSMOTE on one (where the forest alone was too); over-sampling moved
#   logistic regression's cost away from the bar.
# - The variants change where points go; KMeansSMOTE needs its `cluster_balance_threshold` (or clusters)
#   adjusted on a small minority, and categorical data needs SMOTENC, not SMOTE on one-hot columns.
# - Measured, not assumed (one synthetic draw per scenario, logistic regression): with minority outliers
#   SMOTE's loss of precision at 0.5, -0.504, was the only verdict against it among the four scenarios,
#   with no detectable change in ranking; with noise features the differences looked
#   like the clean scenario's;
#   PCA before SMOTE lowered ROC-AUC on `satimage`, by about as much as PCA alone. A precision that is
#   undefined (no positive call) is left out, never counted as 0.

# %% [markdown]
# ## Your turn
#
# Each exercise has a cell that ends with `exN.check(answer)`: replace the `...` with your answer and run
# the cell. `check` says "Correct!" or gives a hint, never the answer; `exN.hint()` prints a hint before
# you start. Where an exercise asks for a prediction, write it in the comment first: a prediction made
# after seeing the output teaches nothing. A worked solution sits collapsed below each exercise.

# %%
from sklearn.model_selection import cross_validate

from helpers.exercises import lesson03

ex1 = lesson03.knn_smote_change(X_sat, y_sat, cv)  # refits your two pipelines on the same folds
ex2 = lesson03.smotenc_crosstab(synthetic, X_thy, y_thy)  # bound to SMOTENC's synthetic patients above

# %% [markdown]
# **Exercise 1: k-NN with and without SMOTE, on another dataset.** k-NN is the learner whose ranking
# over-sampling moved (on `yeast`, SMOTE made its average precision clearly worse). Test it yourself on
# `satimage`
# (`X_sat`, `y_sat`: 6,435 rows, 626 minority), which this notebook has cross-validated only with
# logistic regression.
# 1. Build `knn_plain`, an imbalanced-learn pipeline (`make_pipeline`) that scales the features and ends
#    in `KNeighborsClassifier()` at its defaults, and `knn_smote`, the same with `SMOTE(random_state=42)`
#    before the classifier.
# 2. Cross-validate each with scikit-learn's `cross_validate` on the lesson's 10 folds `cv`, with
#    `scoring=["roc_auc", "average_precision"]`. Each fit sees only the training folds, so SMOTE never
#    touches a test fold.
# 3. Each change is the mean over the folds of `knn_smote`'s score minus the mean of `knn_plain`'s.
#
# Before running, predict the sign of each change.

# %%
# My prediction (before running):
knn_plain = ...  # scaling, then k-NN, in imbalanced-learn's make_pipeline
knn_smote = ...  # the same, with SMOTE(random_state=42) before the classifier
answer = {"knn_plain": knn_plain, "knn_smote": knn_smote,
          "roc_auc_change": ..., "average_precision_change": ...}  # knn_smote's mean minus knn_plain's
ex1.check(answer)

# %% tags=["solution"]
knn_plain = make_pipeline(StandardScaler(), KNeighborsClassifier())
knn_smote = make_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier())
ranking = ["roc_auc", "average_precision"]
plain_cv = cross_validate(knn_plain, X_sat, y_sat, cv=cv, scoring=ranking, n_jobs=2)
smote_cv = cross_validate(knn_smote, X_sat, y_sat, cv=cv, scoring=ranking, n_jobs=2)
change = {m: smote_cv[f"test_{m}"] - plain_cv[f"test_{m}"] for m in ranking}  # one difference per fold
answer = {"knn_plain": knn_plain, "knn_smote": knn_smote, "roc_auc_change": change["roc_auc"].mean(),
          "average_precision_change": change["average_precision"].mean()}
ex1.check(answer)
for m in ranking:
    print(f"{m}: {plain_cv[f'test_{m}'].mean():.3f} -> {smote_cv[f'test_{m}'].mean():.3f}, change "
          f"{change[m].mean():+.3f} (SMOTE higher on {(change[m] > 0).sum()}, lower on {(change[m] < 0).sum()} "
          f"of {len(change[m])} folds)")

# %% tags=["solution"]
evidence.cell(grid, "satimage", "knn", "smote", metrics=ranking).round(3)  # the grid's row for this pair

# %% [markdown] tags=["solution"]
# The two metrics moved in opposite directions, as they did for k-NN across the grid: mean ROC-AUC rose
# from 0.939 to 0.947 (+0.008, higher with SMOTE on 9 of the 10 folds), while mean average precision fell
# from 0.723 to 0.591 (-0.133, lower on all 10). The grid ran this comparison on the same folds, and its
# row shows the same numbers with their corrected intervals: average precision is clearly worse (a loss of
# 0.104 to 0.162), while the ROC-AUC interval, -0.002 to +0.018, contains 0. Small gains on 9 folds out
# of 10 are not a verdict: the folds share training rows, and the corrected interval still allows no
# change at all. The likely reason is the one given above for the grid: after SMOTE more minority rows get
# a k-NN score above 0, which helps ROC-AUC (it weighs the whole order), but so do majority rows near the
# minority, and they crowd the top of the list, where average precision looks first. If you act on the
# top of the list, the loss in average precision is what you pay.

# %% [markdown]
# **Exercise 2.** Plain SMOTE on one-hot columns made patients who are partly male and partly
# pregnant. Check SMOTENC's synthetic patients the way you would check real ones: cross-tabulate `sex`
# against `pregnant` for them (`pd.crosstab`), and for the real patients of `X_thy`. Set `answer` to the
# synthetic patients' table. Is any synthetic patient a pregnant man?

# %%
# Your code here: the real patients' table, then the synthetic patients'
answer = ...  # pd.crosstab of sex against pregnant for SMOTENC's synthetic patients
ex2.check(answer)

# %% tags=["solution"]
hypothyroid = y_thy == 1
answer = pd.crosstab(synthetic["sex"], synthetic["pregnant"])
ex2.check(answer)
tables = {"all real patients": pd.crosstab(X_thy["sex"], X_thy["pregnant"]),
          "real hypothyroid patients": pd.crosstab(X_thy["sex"][hypothyroid], X_thy["pregnant"][hypothyroid]),
          "SMOTENC's synthetic patients": answer}
pd.concat(tables).fillna(0).astype(int)

# %% [markdown] tags=["solution"]
# No: the real data has no pregnant man, and neither do SMOTENC's synthetic rows, because every category
# is copied from real neighbours. Notice also that no synthetic patient is pregnant at all: only one of
# the real hypothyroid patients is, and SMOTENC copies the most frequent category among the neighbours,
# so a rare category fades away.

# %% [markdown]
# ## Next
#
# Continue with **[04 · Under-sampling](04_undersampling.ipynb)**: instead of inventing minority rows,
# throw majority rows away. What is lost, and at what cost?

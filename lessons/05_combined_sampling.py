# %% [markdown]
# # 05 · Combined sampling
#
# *Does cleaning after SMOTE help?*
#
# **In this notebook you will:**
# 1. follow SMOTEENN and SMOTETomek stage by stage: the class counts after SMOTE and after the cleaning
#    step, and which points the cleaning removes;
# 2. see, with a live demo, why ENN removes far more than Tomek links, and that both remove minority
#    points (synthetic and original) as well as majority ones;
# 3. measure on two real datasets whether the combined methods beat SMOTE alone, or no resampling.
#
# **Prerequisites:** [03 · Over-sampling and SMOTE](03_oversampling_smote.ipynb) and
# [04 · Under-sampling](04_undersampling.ipynb) (Tomek links and ENN).

# %%
import pandas as pd
from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.preprocessing import StandardScaler

from helpers import datasets, demos, evaluation, evidence, plotting, resampling

pd.set_option("display.max_colwidth", None)  # show each table cell in full

# %% [markdown]
# ## What do SMOTEENN and SMOTETomek do, stage by stage?
#
# Both run SMOTE first (up to 50:50), then a cleaning step on the result:
# - **SMOTETomek** removes *both* points of every Tomek link (a pair of opposite classes that are each
#   other's nearest neighbour);
# - **SMOTEENN** removes every point, of either class, whose 3 nearest neighbours are not all of its own
#   class (EditedNearestNeighbours).
#
# The idea (Batista et al., 2004): SMOTE may put synthetic points where the majority lives; the cleaning
# step then clears the overlap. We use the synthetic 2-D data of lessons 03 and 04, with a little more
# overlap (0.5) so that there is something to clean.

# %%
X2, y2 = datasets.make_synthetic_2d(400, minority_share=0.1, overlap=0.5, random_state=42)
combined = {"SMOTE": SMOTE(random_state=42), "SMOTETomek": SMOTETomek(random_state=42),
            "SMOTEENN": SMOTEENN(random_state=42)}
traces = {name: resampling.trace(sampler, X2, y2) for name, sampler in combined.items()}
stages = {}
for name, traced in traces.items():
    c = resampling.counts(traced)
    stages[name] = pd.DataFrame({"start": c["before"], "after SMOTE": c["before"] + c["added"],
                                 "removed by cleaning": c["removed"], "end": c["after"]})
pd.concat(stages)

# %% [markdown]
# After SMOTE all three are at 360:360. Then SMOTETomek removed a few points of each class (one of each
# per link) and SMOTEENN many more, from both classes: the end result is no longer exactly balanced.
# Which minority points did the cleaning take, original or synthetic?

# %%
pd.crosstab(traces["SMOTEENN"]["role"], traces["SMOTEENN"]["label"].map({0: "majority", 1: "minority"}))

# %% [markdown]
# SMOTEENN removed original majority points, original minority points *and* synthetic points SMOTE had
# just made: the cleaning step undoes part of SMOTE's own work where it landed among the majority.

# %% [markdown]
# ## What does the cleaning step remove?

# %%
plotting.resampled(X2, y2, traces, title="The cleaning step clears the overlap, on both sides");

# %% [markdown]
# The grey crosses (original points removed) and hollow dark triangles (synthetic points removed) sit
# where the two classes meet. SMOTETomek touches a handful of pairs; SMOTEENN carves out most of the
# overlap region. How much it carves depends on how much the classes overlap: move the slider.

# %%
demo = demos.smote_cleaning()
demo

# %% [markdown]
# Without a kernel, SMOTEENN with the classes far apart and heavily overlapping:

# %%
demo.stills({"method": "SMOTEENN", "overlap": 0.0}, {"method": "SMOTEENN", "overlap": 0.8},
            captions=["SMOTEENN, overlap 0.0", "SMOTEENN, overlap 0.8"]);

# %% [markdown]
# **Try this:** at overlap 0.8, switch between SMOTETomek and SMOTEENN: which removes points far from the
# border, and which only right at it?

# %% [markdown] tags=["solution"]
# SMOTETomek removes 34 points, pairs right at the border; SMOTEENN removes 137, across the overlap,
# including points well inside it (the table below gives the counts at every overlap).

# %% [markdown]
# What moving the controls does: the number of points each cleaning step removed, at each level of
# overlap (the same numbers as the readout).

# %%
overlaps = [0.0, 0.2, 0.4, 0.6, 0.8]
pd.DataFrame({method: {overlap: demo.update(method=method, overlap=overlap)["removed"] for overlap in overlaps}
              for method in ["SMOTETomek", "SMOTEENN"]}).rename_axis("overlap")

# %% [markdown]
# ## Why does ENN remove so much more than Tomek links?
#
# A Tomek link needs two points that are *each other's* single nearest neighbour: a strict condition
# that few pairs meet. ENN looks at the 3 nearest neighbours of every point and removes it if any one
# of them disagrees (`kind_sel="all"`, the default). After SMOTE the minority is as large as the majority,
# so almost any point in the overlap has a neighbour of the other class among its 3, and ENN removes it.
# In the table above, with well separated classes (overlap 0.0) both steps find almost nothing to clean;
# at overlap 0.8 the Tomek step removed 34 points and ENN 137.

# %% [markdown]
# ## What does the cleaning remove from real data?
#
# On `yeast` (8 features, scaled first as the pipeline does), the same three samplers. With more than two
# features, `plotting.resampled` draws a 2-D PCA view fitted on the original rows; the samplers still
# work in all 8 features.

# %%
X_yeast, y_yeast = datasets.load("yeast")
X_yeast_scaled = StandardScaler().set_output(transform="pandas").fit_transform(X_yeast)
yeast_traces = {name: resampling.trace(sampler, X_yeast_scaled, y_yeast) for name, sampler in combined.items()}
plotting.resampled(X_yeast_scaled, y_yeast, yeast_traces,
                   title="yeast: SMOTEENN removes far more than SMOTETomek");

# %%
pd.concat({name: resampling.counts(traced) for name, traced in yeast_traces.items()})

# %% [markdown]
# Of the 2,898 rows SMOTE produced, SMOTETomek removed a single Tomek link (one row of each class);
# SMOTEENN removed 117 majority and 11 minority rows. Either way the training set stays close to 50:50.
# Does that cleaning change the model's quality?

# %% [markdown]
# ## Does cleaning after SMOTE help on real data?
#
# On `yeast` (35 minority rows) and `page_blocks` (28 minority rows), 5-fold cross-validation repeated
# twice: the plain pipeline (scaling, logistic regression) against the same pipeline with each of the
# three samplers above (`combined`: SMOTE alone, SMOTETomek, SMOTEENN) between the two steps.

# %%
cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)
candidates = {"no resampling": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
              **{name: make_pipeline(StandardScaler(), sampler, LogisticRegression(max_iter=1000))
                 for name, sampler in combined.items()}}
metrics = ["roc_auc", "average_precision", "recall", "precision", "f1", "brier"]
real = {}
for name in ["yeast", "page_blocks"]:
    X, y = datasets.load(name)
    real[name] = evaluation.compare(candidates, X, y, cv=cv, metrics=metrics, return_folds=True)
pd.concat({name: evaluation.summary_table(results, metrics) for name, (results, _) in real.items()})

# %% [markdown]
# Against no resampling, and against SMOTE alone (paired, fold by fold). One `difference` call per
# dataset and baseline judges four metrics at once, so Holm's adjustment covers each of those tables:
# 12 rows against no resampling (SMOTE's included, for reference), 8 against SMOTE (the two combined
# methods only).

# %%
judged = ["roc_auc", "average_precision", "recall", "brier"]
tables = []
for name, (_, folds) in real.items():
    plain_table = evaluation.difference(folds, "no resampling", judged)
    tables.append(plain_table.assign(data=name, against="no resampling"))
    without_plain = folds[folds["candidate"] != "no resampling"]
    tables.append(evaluation.difference(without_plain, "SMOTE", judged).assign(data=name, against="SMOTE"))
verdicts = pd.concat(tables)
verdicts.pivot_table(index=["data", "against", "candidate"], columns="metric", values="verdict",
                     aggfunc="first").loc[["yeast", "page_blocks"], judged]

# %% [markdown]
# The same rows as differences with their 95% intervals (candidate minus baseline):

# %%
intervals = [f"{d:+.3f} [{low:+.3f}, {high:+.3f}]"
             for d, low, high in zip(verdicts["difference"], verdicts["ci_low"], verdicts["ci_high"])]
table = verdicts.assign(interval=intervals).pivot_table(index=["data", "against", "candidate"],
                                                        columns="metric", values="interval", aggfunc="first")
table.loc[["yeast", "page_blocks"], judged]

# %%
plotting.differences(verdicts[(verdicts["data"] == "yeast") & (verdicts["against"] == "SMOTE")],
                     metrics=judged, title="yeast: each combined method minus SMOTE alone, same folds");

# %% [markdown]
# On both datasets:
# - **Against SMOTE alone**, SMOTETomek changed almost nothing: on `page_blocks` it scored exactly as
#   SMOTE did on every fold, and on `yeast` its recall was the same on every fold ("not judged": there
#   is nothing to judge) and its other intervals rule out any difference larger than 0.002 (on all of
#   `yeast` it removed a single Tomek link, see the counts above). SMOTEENN's only verdict is a worse
#   Brier score than SMOTE's on `yeast` (+0.013); its intervals rule out ROC-AUC changes larger than
#   0.008, but leave average-precision changes of up to 0.056 and recall changes of up to 0.135 open.
# - **Against no resampling**, the combined methods inherit SMOTE's profile. The Brier score is clearly
#   worse on both datasets. Mean recall at the default threshold rose by about 0.5 (+0.486 to +0.529);
#   every interval excludes 0, but after Holm's adjustment over the 12 rows none is a verdict. ROC-AUC and
#   average precision were not judged better: on `yeast` the intervals rule out ROC-AUC gains larger than
#   0.004, on `page_blocks` (28 minority rows) they are wide (gains up to 0.125 not ruled out).
#   The recall was paid for in precision (first table): on `yeast` it fell from 0.746 to 0.183 with SMOTE
#   and SMOTETomek and to 0.164 with SMOTEENN, on `page_blocks` from 0.802 to between 0.165 and 0.175,
#   and the mean F1 fell with it (0.427 to 0.274-0.297 on `yeast`, 0.570 to 0.280-0.296 on `page_blocks`).
#
# So on this data, cleaning after SMOTE fixed none of SMOTE's costs (the Brier score stayed clearly worse
# than without resampling; SMOTEENN's was worse than SMOTE's on `yeast`) and showed no gain we could
# detect over SMOTE. That is logistic regression on two datasets with 28 and 35 minority rows; the next
# section asks five learners on 20 datasets.

# %% [markdown]
# ## Does SMOTETomek differ from SMOTE for other learners?
#
# The course's evidence grid (lesson 03: five learners at library defaults, 20 real datasets, 10 paired
# folds, `benchmarks/evidence/`) ran SMOTE and SMOTETomek (not SMOTEENN), each against the same learner
# uncorrected. On how many of the 20 datasets each made the ranking, the probabilities and the cost at
# 10:1 better, not detectably different, or worse:

# %%
grid = evidence.load()
families = ["ranking", "probability quality", "cost at 10:1"]
pd.concat({family: evidence.tally(grid, ["smote", "smote_tomek"], family) for family in families},
          names=["family", "learner"])

# %% [markdown]
# The grid pairs each sampler with the uncorrected learner, not with each other, so for a direct look
# compare their mean scores cell by cell (a description, not a verdict):

# %%
ranking = grid[grid["method"].isin(["smote", "smote_tomek"]) & grid["metric"].isin(["roc_auc", "average_precision"])]
means = ranking.pivot_table(index=["dataset", "learner", "metric"], columns="method", values="mean")
gap = (means["smote_tomek"] - means["smote"]).abs()
print(f"{len(gap)} cells; within 0.001 in {(gap < 0.001).mean():.0%} of them; largest gap {gap.max():.3f} at {gap.idxmax()}")

# %% [markdown]
# Learner by learner, SMOTETomek's counts are SMOTE's, family by family, for all five learners. Their mean
# ROC-AUC and average precision were within 0.001 of each other in 72% of the 200 cells and never more
# than 0.032 apart (a description of means: the grid never tested the two against each other). Tomek
# links remove few rows, so on these data SMOTETomek behaved like SMOTE, and what lesson 03 found for
# SMOTE held for it: a ranking gain only for k-NN (on 2 datasets, with losses on 3), probabilities worse
# on most datasets for logistic regression and k-NN, and a lower cost at 10:1 on none.

# %% [markdown]
# Against lesson 02's bar (gradient boosting with no rebalancing, its threshold tuned for the costs; paired
# fold by fold, as in lessons 03 and 04), SMOTETomek next to SMOTE:

# %%
from IPython.display import display

grid_folds = evidence.load_folds()
display(evidence.against_bar(grid_folds, ["smote", "smote_tomek"], "average_precision"))
evidence.against_bar(grid_folds, ["smote", "smote_tomek"], "cost_per_case")

# %% [markdown]
# The two columns' counts match cell for cell (the medians within 0.002), and neither made any learner
# detectably better than the bar on any dataset; across datasets each learner stood where it stood with
# SMOTE alone in lesson 03 (gradient boosting with either sampler: no consistent difference from the bar
# in average precision or cost; logistic regression with either: dearer by a median of about 0.12 per
# case).

# %% [markdown]
# ## Key takeaways
#
# - SMOTEENN and SMOTETomek run SMOTE to 50:50, then clean; the cleaning removes points of *both*
#   classes, including synthetic points SMOTE just made, so the end result is not exactly balanced.
# - Tomek links remove only mutual nearest-neighbour pairs (a few points); the ENN that SMOTEENN uses by
#   default (`sampling_strategy="all"`) removes every point that has a point of the other class among its
#   3 nearest neighbours, so it removes more as the overlap grows. (A plain `EditedNearestNeighbours()`
#   cleans other classes: Exercise 2.)
# - On `yeast` and `page_blocks`, neither combination was judged better than SMOTE alone on any of the
#   four metrics (SMOTETomek was the same as SMOTE on every fold, or within 0.002), nor better than no
#   resampling in ROC-AUC or average precision; both kept SMOTE's damage to the probabilities, and
#   SMOTEENN's Brier score was worse than SMOTE's on `yeast`.
# - Over five learners and 20 datasets, SMOTETomek's counts were SMOTE's and their mean scores nearly
#   the same: cleaning with Tomek links after SMOTE made no difference the grid could see. SMOTEENN, which
#   removes far more, is not in the evidence grid; for it there is only the two-dataset, one-learner
#   measurement above. (A published comparison on other data and learners ranks SMOTE-Tomek near the
#   top of 85 SMOTE variants on 104 datasets, Kovács 2019; on these defaults-only learners the grid's
#   counts were SMOTE's, though the two were never tested against each other.)
# - Against lesson 02's bar, SMOTETomek stood where SMOTE stood: no learner detectably better on any
#   dataset.

# %% [markdown]
# ## Your turn
#
# Exercise 1 has a cell that ends with `ex1.check(answer)`: replace the `...` with your answers and run
# the cell. `check` says "Correct!" or gives a hint, never the answer; `ex1.hint()` prints a hint before
# you start. Where an exercise asks for a prediction, write it in the comment first: a prediction made
# after seeing the output teaches nothing. A worked solution sits collapsed below each exercise.

# %%
from helpers.exercises import lesson05

ex1 = lesson05.clean_majority_only(X2, y2)  # Exercise 1's checker, bound to the 2-D data above

# %% [markdown]
# **Exercise 1: clean the majority only.** SMOTEENN's cleaning step removes minority points too, original
# and synthetic. Suppose you want SMOTE's points kept and the cleaning step to remove majority points
# (class 0) only. Build that SMOTEENN, with `random_state=42` and everything else at its defaults, run
# its `fit_resample` on `X2, y2`, and count the rows of each class it returns. Two things to know:
# SMOTEENN takes its cleaning step as a parameter, `enn=`, an `EditedNearestNeighbours` object you can
# build yourself; and a cleaning method's `sampling_strategy` says which classes it may clean (its
# docstring, `EditedNearestNeighbours?`, lists the values it accepts).
#
# Before running, predict: the default SMOTEENN ended with 316 majority and 323 minority rows (first
# table of this notebook). With majority-only cleaning, will the majority lose more points, fewer, or
# the same? How many minority rows will remain?

# %%
# My prediction (before running):
majority_only = ...  # SMOTE, then a cleaning step that removes class 0 points only
answer = {"sampler": majority_only, "majority": ..., "minority": ...}  # rows of each class it returns
ex1.check(answer)

# %% tags=["solution"]
majority_only = SMOTEENN(enn=EditedNearestNeighbours(sampling_strategy=[0]), random_state=42)
X_res, y_res = majority_only.fit_resample(X2, y2)
counts = y_res.value_counts()
answer = {"sampler": majority_only, "majority": counts[0], "minority": counts[1]}
ex1.check(answer)
default_end = resampling.counts(traces["SMOTEENN"])["after"].tolist()
print(f"(majority, minority) at the end: default SMOTEENN {default_end}, majority only {counts.sort_index().tolist()}")
default_roles = traces["SMOTEENN"].loc[traces["SMOTEENN"]["label"] == 0, "role"]  # what became of each
our_roles = resampling.trace(majority_only, X2, y2).loc[lambda t: t["label"] == 0, "role"]  # majority point
print("the same majority points removed by both:", default_roles.equals(our_roles))

# %% [markdown] tags=["solution"]
# The cleaning step needs its own `EditedNearestNeighbours`, told which class to clean:
# `SMOTEENN(enn=EditedNearestNeighbours(sampling_strategy=[0]), random_state=42)` (a list names the
# classes to clean). SMOTEENN's own `sampling_strategy` would not do it: it goes to the SMOTE step.
#
# The minority keeps all 360 rows, originals and synthetic, and the majority ends at 316, exactly as
# with the default: the same 44 majority points were removed. ENN judges every point against the same
# SMOTE output, all at once, so sparing the minority does not change its verdict on any majority point.
# The end result now leans towards the minority, 316 to 360. A string such as `"majority"` would be
# resolved after SMOTE, when the two classes are tied at 360 each, so which class it names is settled
# by a tie-break (Exercise 2 meets the same tie); the list `[0]` names class 0 whatever the counts.

# %% [markdown]
# **Exercise 2.** ENN judges each point by its 3 nearest neighbours. Give SMOTEENN an
# `EditedNearestNeighbours(n_neighbors=7, sampling_strategy="all")` and compare how many points it removes
# from `X2, y2` with the default. Then try a plain `EditedNearestNeighbours()`: which class does it clean?

# %%
# Your code here

# %% tags=["solution"]
wider = SMOTEENN(enn=EditedNearestNeighbours(n_neighbors=7, sampling_strategy="all"), random_state=42)
plain = SMOTEENN(enn=EditedNearestNeighbours(), random_state=42)
pd.concat({"default (3 neighbours, all classes)": resampling.counts(traces["SMOTEENN"]),
           "7 neighbours, all classes": resampling.counts(resampling.trace(wider, X2, y2)),
           "plain EditedNearestNeighbours()": resampling.counts(resampling.trace(plain, X2, y2))})

# %% [markdown] tags=["solution"]
# With 7 neighbours a point is removed if any of 7 neighbours disagrees: a stricter test, so more points
# of both classes fail it and the overlap is carved out more widely. The plain `EditedNearestNeighbours()`
# is a trap: its own default, `sampling_strategy="auto"`, cleans every class except the smallest; after
# SMOTE the classes are tied, the tie makes class 0 "the smallest", and so it cleaned only the minority.
# When you pass your own `enn=` to SMOTEENN, set `sampling_strategy` yourself.

# %% [markdown]
# ## Next
#
# Continue with **[06 · Imbalanced ensembles](06_ensembles.ipynb)**: instead of one resampled training
# set, many. Do balanced ensembles beat a strong plain learner?

# %% [markdown]
# # 04 · Under-sampling
#
# *What do under-samplers throw away, and at what cost?*
#
# **In this notebook you will:**
# 1. see which majority rows random under-sampling, NearMiss and ClusterCentroids keep, and measure how
#    much a random under-sample's results depend on its random seed;
# 2. tell *balancing* under-samplers from *cleaning* ones (Tomek links, ENN, CNN, OSS, instance
#    hardness), which remove only a few hard points and do not balance the classes;
# 3. measure on real data what under-sampling does to ranking metrics, recall and probabilities, see how
#    the answer changes with the learner on the 20 datasets of the course's evidence grid, and know which
#    methods are too slow for large data.
#
# **Prerequisites:** [02 · Metrics that matter](02_metrics_that_matter.ipynb) and
# [03 · Over-sampling and SMOTE](03_oversampling_smote.ipynb) (how `evaluation.compare` and its verdicts work).

# %%
import time

import pandas as pd
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import (
    ClusterCentroids,
    CondensedNearestNeighbour,
    EditedNearestNeighbours,
    InstanceHardnessThreshold,
    NearMiss,
    OneSidedSelection,
    RandomUnderSampler,
    TomekLinks,
)
from IPython.display import display
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.preprocessing import StandardScaler

from helpers import datasets, demos, evaluation, evidence, plotting, resampling

# %%
pd.set_option("display.max_colwidth", None)  # show each verdict's reading in full

# %% [markdown]
# ## What does random under-sampling throw away?
#
# Under-sampling balances the classes from the other side: it removes majority rows until there are as
# many as minority rows (`sampling_strategy="auto"`). Same **synthetic** 2-D data as in lesson 03:
# 400 rows, 10% minority.

# %%
X2, y2 = datasets.make_synthetic_2d(400, minority_share=0.1, overlap=0.3, random_state=42)
rus = RandomUnderSampler(random_state=42)
resampling.counts(resampling.trace(rus, X2, y2))

# %%
plotting.resampled(X2, y2, {"RandomUnderSampler": rus},
                   title="Random under-sampling keeps 40 of 360 majority points");

# %% [markdown]
# 320 of the 360 majority rows (89%) are gone, picked at random. The model never sees most of the
# majority's shape: the kept 40 are a thin sketch of it. Which 40 survive is pure chance, so the next
# question is how much that chance matters.

# %% [markdown]
# ## How much does the result depend on the random seed?
#
# On `yeast` (1,449 majority and 35 minority proteins), a training fold holds 28 minority rows, so random
# under-sampling keeps just 28 of its roughly 1,160 majority rows. We run the same pipeline (scaling,
# under-sampler, logistic regression) with eight different seeds on the same 5 folds, next to the plain
# pipeline without the sampler: any difference between seeds is the luck of the draw.

# %%
X_yeast, y_yeast = datasets.load("yeast")
plain = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
seeds = {f"seed {s}": make_pipeline(StandardScaler(), RandomUnderSampler(random_state=s),
                                    LogisticRegression(max_iter=1000)) for s in range(42, 50)}
seed_results, seed_folds = evaluation.compare({"no resampling": plain, **seeds}, X_yeast, y_yeast, cv=5,
                                              metrics=["roc_auc", "average_precision", "recall", "brier"],
                                              return_folds=True)
evaluation.summary_table(seed_results)

# %%
resampling.seed_spread(seed_folds, seeds).round(3)

# %% [markdown]
# `seed_spread` looks at one fold at a time (same training and test rows) and measures how far apart the
# eight seeds land: the *mean range* over the 5 folds, and the largest one.
#
# - The average precision of the same fold moves by about 0.2 depending only on the seed: a difference
#   that, between two *methods*, you would be tempted to call a big win.
# - Every seed's mean average precision is lower than no resampling's, its mean Brier score several
#   times worse, and no seed's mean ROC-AUC is higher: under-sampling buys recall by discarding 98% of
#   the majority. These are means over 5 folds, not verdicts (a paired verdict needs at least 10 folds):
#   this section only measures the seed's luck, fold by fold. The verdicts for one seed come below.
#
# If you use random under-sampling, report results over several seeds (or use the balanced ensembles of
# lesson 06, which average many under-samples instead of betting on one).

# %%
import matplotlib.pyplot as plt

ap = seed_folds[seed_folds["metric"] == "average_precision"].pivot(index="fold", columns="candidate",
                                                                     values="value")
with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    for fold in ap.index:
        ax.scatter([fold] * len(seeds), ap.loc[fold, list(seeds)], color=plotting.CANDIDATE_COLORS[2], alpha=0.8,
                   label="RandomUnderSampler, 8 seeds" if fold == ap.index[0] else None)
        ax.plot([fold - 0.25, fold + 0.25], [ap.loc[fold, "no resampling"]] * 2, color="black", lw=2.5,
                label="no resampling" if fold == ap.index[0] else None)
    ax.set(xticks=list(ap.index), xticklabels=[f"fold {f + 1}" for f in ap.index], ylabel="average precision",
           title="yeast: the same fold, eight seeds, eight different average precisions")
    ax.legend(loc="upper right")
fig;

# %% [markdown]
# ## Which majority points do the other balancing methods keep?
#
# Instead of a random draw, **NearMiss** (Mani & Zhang, 2003) keeps the majority points closest to the
# minority. Its `version` parameter picks one of three rules for "closest", each with k =
# `n_neighbors` (default 3):
# - **NearMiss-1** keeps the majority points whose average distance to their k *nearest* minority points
#   is smallest: points right next to some minority point.
# - **NearMiss-2** keeps the majority points whose average distance to their k *farthest* minority points
#   is smallest: points close to the minority as a whole.
# - **NearMiss-3** works in two steps: each minority point nominates its `n_neighbors_ver3` (default 3)
#   nearest majority points; among the nominees it keeps those whose average distance to their k nearest
#   minority points is *largest*. Only nominees can be kept, so it may keep fewer than asked.
#
# **ClusterCentroids** instead replaces the majority by the centres of k-means clusters (new, synthetic
# majority points). Switch between the NearMiss versions in the demo:

# %%
demo = demos.nearmiss_versions()
demo

# %% [markdown]
# Without a kernel, NearMiss-1 and NearMiss-3 at k = 3:

# %%
demo.stills({"version": 1, "n_neighbors": 3}, {"version": 3, "n_neighbors": 3},
            captions=["NearMiss-1, k = 3", "NearMiss-3, k = 3"]);

# %% [markdown]
# **Try this:** choose version 3 and move `n_neighbors` from 1 to 5. How many majority points does it keep
# for the 30 minority points, and why can it not keep more than the minority points nominate?

# %% [markdown] tags=["solution"]
# 8, 16 and 22 (for 1, 3 and 5 nominees per minority point), never 30: many minority points nominate the
# same majority points, and only a nominee can be kept. (The demo draws its own data: 300 points, 30 of
# them minority.)

# %% [markdown]
# What switching the version does (the same numbers as the readout):

# %%
for version in [1, 2, 3]:
    s = demo.update(version=version, n_neighbors=3)
    print(f"NearMiss-{version}: kept {s['kept']} majority points for {s['n_minority']} minority points, "
          f"median distance to the minority {s['median_gap']:.2f}")

# %% [markdown]
# NearMiss-1 and -2 keep a tight band of majority points hugging the minority; NearMiss-3 keeps the
# nominees of each minority point and here kept fewer (only 16 majority points were nominated, so it
# cannot balance exactly: imbalanced-learn warns about it). All three discard the majority's bulk, far
# from the border. Side by side with random under-sampling and ClusterCentroids (NearMiss-3 with 15
# nominees per minority point, enough to keep 40):

# %%
balancers = {"RandomUnderSampler": rus, "NearMiss-1": NearMiss(version=1), "NearMiss-2": NearMiss(version=2),
             "NearMiss-3": NearMiss(version=3, n_neighbors_ver3=15),
             "ClusterCentroids": ClusterCentroids(random_state=42)}
plotting.resampled(X2, y2, balancers, title="Five ways to keep 40 majority points");

# %% [markdown]
# Random under-sampling and ClusterCentroids keep a sketch of the whole majority (ClusterCentroids' 40
# points are cluster centres, drawn as blue triangles); the NearMiss versions keep only the border. A
# model that has only seen the border has no idea how far the majority extends, which is why NearMiss
# can rank badly on real data (measured below).

# %% [markdown]
# ## What do Tomek links remove?
#
# A **Tomek link** is a pair of points from opposite classes that are each other's nearest neighbour:
# either one of them is noise, or both sit right on the border. `TomekLinks` removes the majority point of
# each link, to clear the border a little.

# %%
plotting.tomek_links(X2, y2);

# %% [markdown]
# Eight links, so eight majority points removed: out of 360. Tomek links is a *cleaning* method, not a
# balancing one.

# %% [markdown]
# ## Do cleaning methods balance the classes?
#
# The cleaning family removes majority points that look like noise or redundancy, each by its own rule:
# - **EditedNearestNeighbours (ENN)** removes a majority point if its 3 nearest neighbours disagree with
#   its class (by default, if any of them does);
# - **CondensedNearestNeighbour (CNN)** keeps only the majority points a 1-nearest-neighbour rule needs
#   to classify the rest correctly (it throws away the "easy", redundant interior);
# - **OneSidedSelection (OSS)** runs one pass of CNN, then removes Tomek links;
# - **InstanceHardnessThreshold (IHT)** removes the majority points that a cross-validated classifier
#   (a random forest by default) finds hardest to classify.
#
# We run each on the 2-D data and time it:

# %%
cleaners = {"TomekLinks": TomekLinks(), "ENN": EditedNearestNeighbours(),
            "CNN": CondensedNearestNeighbour(random_state=42), "OSS": OneSidedSelection(random_state=42),
            "IHT": InstanceHardnessThreshold(random_state=42)}
traces, seconds = {}, {}
for name, sampler in cleaners.items():
    start = time.perf_counter()
    traces[name] = resampling.trace(sampler, X2, y2)
    seconds[name] = time.perf_counter() - start
counts = {"before": resampling.counts(traces["ENN"])["before"]}
counts.update({f"after {name}": resampling.counts(t)["after"] for name, t in traces.items()})
pd.DataFrame(counts).T

# %% [markdown]
# The minority keeps all its 40 rows under every method, and **none of them balances the classes**.
# Tomek links and ENN remove a few majority points on the border. CNN keeps only 21 majority points,
# those near the border that a 1-nearest-neighbour rule needs, not a balanced sample. OSS's single CNN
# pass starts from one random majority point and drops the majority points it already classifies
# correctly: a chunk of the majority far from the border (see the picture below).
#
# IHT is the odd one out: it *aims* to keep as many majority rows as minority rows (those the forest is
# surest about), but it keeps every row whose score ties with the cut-off, and a random forest gives many
# easy rows exactly the same score, 1.0: that is why it kept 278 rather than 40. Cleaning methods change
# which majority rows the model sees, not the ratio.

# %%
plotting.resampled(X2, y2, traces, title="Cleaning methods keep every minority row; none ends at 1:1 "
                                         "(CNN overshoots, to 21 majority for 40 minority)");

# %% [markdown]
# ## Why keep CNN and IHT on small data? (optional)
#
# Run time, for when you pick a cleaning method for a larger dataset; skip to the next section
# otherwise. How long each took on these 400 rows:

# %%
for name, s in seconds.items():
    print(f"{name}: {s:.2f} s")

# %% [markdown]
# CNN grows a store of majority points one at a time, re-fitting a nearest-neighbour rule whenever the
# store changes, so its cost climbs steeply with the number of rows. IHT cross-validates a 100-tree
# random forest on all the data before it removes anything. On growing slices of `satimage`, measured on
# an idle 2-core machine by `benchmarks/bench_lessons_03_05.py` (too slow for a notebook; here is the table
# it wrote):

# %%
from helpers import course_file

bench_text = course_file("benchmarks/results_lessons_03_05.md").read_text()  # in the course folder, or installed
print("\n".join(line for line in bench_text.splitlines() if line.startswith(("| data", "| satimage"))))
print(bench_text[bench_text.index("yeast, 5 x 2"):].split("```")[0])  # the same two inside cross-validation

# %% [markdown]
# CNN took 0.2 s on 1,000 rows, 0.6 s on 2,000, 2.8 s on 4,000 and 8.6 s on all 6,435 (each doubling
# costs three to five times as much); IHT took 0.8 s to 3.4 s. Inside a cross-validation every fit pays
# that again, and a busy machine (a workshop's Binder) more. Keep CNN to a few thousand rows. (The second
# block: inside 5 x 2 cross-validation on `yeast`, neither ranked detectably better or worse than no
# resampling; IHT's average-precision interval, -0.235 to +0.026, leaves a large loss open.)

# %% [markdown]
# ## Does under-sampling help on real data?
#
# Back to `yeast`, with 5-fold cross-validation repeated twice, the plain pipeline against the same
# pipeline with random under-sampling, NearMiss-1 or one of three cleaning methods between the scaling
# and the logistic regression (one pipeline per sampler, all written by the same line):

# %%
cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)
samplers = {"RandomUnderSampler": RandomUnderSampler(random_state=42), "NearMiss-1": NearMiss(version=1),
            "TomekLinks": TomekLinks(), "ENN": EditedNearestNeighbours(),
            "OSS": OneSidedSelection(random_state=42)}
candidates = {"no resampling": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
              **{name: make_pipeline(StandardScaler(), sampler, LogisticRegression(max_iter=1000))
                 for name, sampler in samplers.items()}}
metrics = ["roc_auc", "average_precision", "recall", "precision", "f1", "brier"]
results, folds = evaluation.compare(candidates, X_yeast, y_yeast, cv=cv, metrics=metrics, return_folds=True)
evaluation.summary_table(results)

# %% [markdown]
# Paired verdicts against no resampling for four metrics, in one `difference` call so that Holm's
# adjustment covers the whole table (5 samplers x 4 metrics; rows that are "not judged" do not count):

# %%
judged = ["roc_auc", "average_precision", "recall", "brier"]
verdicts = evaluation.difference(folds, "no resampling", judged)
verdicts.pivot(index="candidate", columns="metric", values="verdict").loc[list(samplers), judged]

# %%
verdicts.set_index(["candidate", "metric"]).loc[list(samplers), ["difference", "ci_low", "ci_high"]].round(3)

# %% [markdown]
# - **Random under-sampling** raised recall at the default threshold (+0.557, a verdict) and made the
#   Brier score clearly worse (+0.091): the same trade as over-sampling in lesson 03, with less data. Its
#   average precision fell by 0.107; that interval alone excludes 0 (-0.181 to -0.033), but not after
#   Holm's adjustment for the 18 questions the table judges (Tomek links' and OSS's recall were the
#   same as no resampling's on every fold: "not judged", there is nothing to judge).
# - **NearMiss-1** had the lowest ROC-AUC and average precision of all, and its average precision is
#   clearly worse than no resampling's (-0.397, from -0.488 to -0.307): trained on the border only, it
#   cannot rank the rest of the majority. Its recall gain (+0.314) is not a verdict after Holm.
# - **Tomek links, ENN and OSS** hardly changed the scores: they remove only part of the majority (on the
#   2-D data above, 8 to 114 of 360 rows) and the model barely notices. Each interval on its own rules out a ROC-AUC change larger
#   than 0.008 and an average-precision change larger than 0.048. Only ENN moved recall at all (0.329 to
#   0.457), with an interval (-0.062 to 0.319) that leaves the question open.
#
# None was judged better than no resampling in ROC-AUC or average precision; each ROC-AUC interval on
# its own rules out a gain larger than 0.034 (NearMiss-1's is the widest; a claim about all five at
# once would need wider intervals). That is with a logistic regression on one dataset with 35 minority
# rows. The next section asks other learners, on 20 datasets.

# %% [markdown]
# ## Does the answer depend on the learner?
#
# Lesson 03 found that over-sampling changed the ranking of one learner, k-NN, and of no other. Under
# the same 10 folds, k-NN with and without random under-sampling on `yeast`:

# %%
from sklearn.neighbors import KNeighborsClassifier

knn = {"k-NN": make_pipeline(StandardScaler(), KNeighborsClassifier()),
       "k-NN + RandomUnderSampler": make_pipeline(StandardScaler(), RandomUnderSampler(random_state=42),
                                                  KNeighborsClassifier())}
knn_metrics = ["roc_auc", "average_precision", "brier"]
_, knn_folds = evaluation.compare(knn, X_yeast, y_yeast, cv=cv, metrics=knn_metrics, return_folds=True)
evaluation.difference(knn_folds, "k-NN", knn_metrics).drop(columns=["candidate", "p_value"]).round(3)

# %% [markdown]
# For k-NN, random under-sampling moved the ranking in two directions at once, and neither far enough
# to call: ROC-AUC rose by 0.057 (the interval runs from -0.059 to +0.172) while average precision fell
# by 0.205 (its interval alone, -0.399 to -0.012, excludes 0, but not after Holm's adjustment). The
# Brier score got clearly worse (a loss of 0.079 to 0.125).
#
# The course's evidence grid (introduced in lesson 03: five learners at library defaults, 20 real
# datasets, 10 paired folds each, `benchmarks/evidence/`) ran random under-sampling and one cleaning
# method, ENN, against each learner uncorrected. For each learner, on how many of the 20 datasets the
# ranking, the probabilities and the cost at 10:1 (decisions at probability 1/11) got better, showed no
# detectable change, or got worse:

# %%
grid = evidence.load()
undersamplers = ["random_undersampling", "enn"]
families = ["ranking", "probability quality", "cost at 10:1"]
pd.concat({family: evidence.tally(grid, undersamplers, family) for family in families}, names=["family", "learner"])

# %%
evidence.plot(grid, methods=undersamplers,
              title="Random under-sampling made every learner's probabilities worse on most datasets;\n"
                    "ENN changed little");

# %% [markdown]
# Learner by learner (counts are datasets out of 20):
# - **Random under-sampling made probabilities worse for every learner**, on 13 to 19 of the 20 datasets,
#   and the cost at 10:1 worse on 15 to 17 datasets for logistic regression, k-NN and the random forest
#   (10 for gradient boosting). It lowered the cost on 2 datasets, both with the decision tree.
# - **Ranking**: k-NN is again the learner it moved both ways (better on 3 datasets, worse on 4); the
#   decision tree gained on 1 and lost on 2. It improved the ranking of logistic regression, the forest
#   and gradient boosting on no dataset; it made logistic regression's worse on 2, the forest's on 1,
#   and **gradient boosting's on 5** (`satimage`, `pc1`, `kr-vs-k`, `poker`, `kddcup`). Logistic
#   regression on `yeast` above showed no detectable change in ranking, which never meant no change (its
#   average precision fell by 0.107 there); with a strong learner, throwing rows away cost ranking that
#   the grid could detect.
# - **ENN** (the cleaning method) changed little: ranking better on 1 or 0 datasets per learner and
#   worse on at most 2; probabilities worse on 2 to 4; the cost at 10:1 almost never moved.
#
# Across datasets (as in lesson 03: on how many datasets the mean rose, the median difference, a
# Wilcoxon signed-rank test over the datasets, p-values not adjusted):

# %%
pd.concat({metric: evidence.directions(grid, undersamplers, metric)
           for metric in ["average_precision", "roc_auc"]}, names=["metric", "learner"])

# %% [markdown]
# **Random under-sampling lowered average precision for every learner, on most datasets**: on 17 of 19
# for logistic regression (median -0.035), 13 of 19 for k-NN, 17 of 20 for the tree, 18 of 19 for the
# forest and 19 of 20 for gradient boosting (median -0.085), every p ≤ 0.005. Its ROC-AUC rose for k-NN
# (on 14 of 19 datasets) and for the tree, whose ROC-AUC is only the balanced accuracy of its 0-or-1
# answers (lesson 03), and fell for gradient boosting (on 17 of 20). ENN moved neither metric
# consistently, except a small fall in logistic regression's average precision (median -0.002) and a
# rise in the tree's ROC-AUC (its balanced accuracy again).
#
# `kddcup` shows one way under-sampling breaks a booster at its defaults. `HistGradientBoostingClassifier`
# puts at least 20 rows in every leaf (`min_samples_leaf=20`); after random under-sampling a training
# fold of `kddcup` holds about 17 minority rows and as many majority rows, too few for a single split.
# The booster then gives every row the same score and average precision falls from 1.000 to 0.010.
# ROC-AUC reads "not judged" below only because it fell by the same 0.5 on every fold (to 0.5, a coin
# flip): a constant loss, not a harmless result. The same limit leaves at most one split on `poker` and
# `winequality-white` (25 minority rows each, so 40 rows per under-sampled training fold): part of
# gradient boosting's loss on those datasets is its default setting meeting tiny data, not under-sampling
# as such.

# %%
_, y_kdd = datasets.load("kddcup")
print(f"kddcup: {y_kdd.sum()} minority rows, so about {y_kdd.sum() * 4 // 5} in a training fold of 5-fold CV")
evidence.cell(grid, "kddcup", "hist_gradient_boosting", "random_undersampling", ["roc_auc", "average_precision"]).round(3)

# %% [markdown]
# So if you under-sample, check that the learner's own settings still make sense on the smaller data
# (here `min_samples_leaf`), and compare against the same learner on all the rows.

# %% [markdown]
# ### Against the bar from 02
#
# As in lesson 03, the practical question is whether any learner with an under-sampler beats lesson 02's
# bar (gradient boosting with no rebalancing; for the cost, with its threshold tuned for the costs on its
# training folds), paired fold by fold on each dataset. Each cell: datasets better / not detected / worse
# (Holm over every cell judged on that dataset), then, across datasets, on how many the cell was ahead
# of the bar in mean, the median difference and a Wilcoxon p-value (unadjusted):

# %%
grid_folds = evidence.load_folds()
display(evidence.against_bar(grid_folds, ["none", *undersamplers], "average_precision"))
evidence.against_bar(grid_folds, ["none", *undersamplers], "cost_per_case")

# %% [markdown]
# No cell with an under-sampler was detectably better than the bar on any dataset (with over 40
# comparisons per dataset only a large effect can reach a verdict, so read the across-dataset columns
# too). Random under-sampling moved every learner further
# from it: in average precision (ahead on at most 5 of 20 datasets, medians -0.05 to -0.28) and above
# all in cost at 10:1 (worse on 9 to 16 datasets for every learner but the tree, medians +0.23 to +0.39
# per case; the tree: worse on 5, +0.10). Part of that cost is the **shifted prior**: the model learnt
# from a training set where the minority was as common as the majority, so its probabilities are far
# too high, and deciding at 1/11 flags far too many rows (lesson 08 corrects them). ENN left each learner
# about where it was without it.

# ## Key takeaways
#
# - Random under-sampling throws most of the majority away; which rows it keeps is chance, and on a small
#   minority the chance moves average precision by about 0.2 on the same fold. Report several seeds.
# - NearMiss keeps the border and loses the rest of the majority; on `yeast` NearMiss-1 (the only version
#   run there) ranked worst of all.
# - Cleaning methods (Tomek links, ENN, CNN, OSS, IHT) do not balance the classes; the minority keeps
#   every row. CNN's cost grows steeply with the rows (8.6 s on 6,435, three to five times per doubling) and IHT fits a
#   cross-validated forest: keep them to small data.
# - On `yeast`, no under-sampler was better than no resampling in ROC-AUC or average precision (the
#   intervals rule out ROC-AUC gains larger than 0.034). Random under-sampling paid for its recall at 0.5
#   with precision (0.746 to 0.133 on average) and with the calibration of the probabilities (a clearly
#   worse Brier score), and NearMiss-1's probabilities were clearly worse too.
# - Over 20 datasets and five learners, random under-sampling made the probabilities worse for every
#   learner on most datasets, lowered average precision for every learner on most datasets, improved no
#   ranking but k-NN's (3 datasets) and a decision tree's (1), and made gradient boosting's worse on 5.
# - Against lesson 02's bar, no learner with an under-sampler was detectably better on any dataset;
#   random under-sampling moved every learner further from it, above all in cost at 10:1, where its
#   shifted prior makes the 1/11 threshold flag far too many rows.

# %% [markdown]
# ## Your turn
#
# Exercise 3 has a cell that ends with `ex3.check(answer)`: replace the `...` with your answers and run
# the cell. `check` says "Correct!" or gives a hint, never the answer; `ex3.hint()` prints a hint before
# you start. Where an exercise asks for a prediction, write it in the comment first: a prediction made
# after seeing the output teaches nothing. A worked solution sits collapsed below each exercise.

# %%
from helpers.exercises import lesson04

ex3 = lesson04.what_the_model_sees(X_yeast, y_yeast)  # Exercise 3's checker, bound to yeast

# %% [markdown]
# **Exercise 1.** Under-sampling does not have to go to 50:50. On `yeast`, compare
# `RandomUnderSampler(sampling_strategy=0.1)` (keep ten majority rows per minority row) with the default
# (one per minority row), for average precision, recall and the Brier score.

# %%
# Your code here

# %% tags=["solution"]
strategies = {"RUS to 0.1": RandomUnderSampler(sampling_strategy=0.1, random_state=42),
              "RUS to 1.0": RandomUnderSampler(random_state=42)}
partial_candidates = {"no resampling": plain, **{
    name: make_pipeline(StandardScaler(), sampler, LogisticRegression(max_iter=1000))
    for name, sampler in strategies.items()}}
partial_metrics = ["average_precision", "recall", "brier"]
partial, partial_folds = evaluation.compare(partial_candidates, X_yeast, y_yeast, cv=cv,
                                            metrics=partial_metrics, return_folds=True)
display(evaluation.summary_table(partial))
evaluation.difference(partial_folds, "no resampling", partial_metrics).set_index(
    ["metric", "candidate"])[["difference", "verdict", "reading"]].round(3)

# %% [markdown] tags=["solution"]
# Keeping ten times more majority rows moved every metric less than the default did: mean average
# precision 0.475 against 0.419 (no resampling: 0.526), Brier score 0.023 against 0.107 (0.016), and a
# smaller gain in recall, 0.557 against 0.886 (0.329). Against no resampling, none of RUS to 0.1's
# differences is a verdict: its average precision rules out a loss larger than 0.139, and its Brier
# interval alone excludes 0 (a loss of 0.001 to 0.013), but not after Holm. (We did not test the two
# strategies against each other.) "RUS to 1.0" is the RandomUnderSampler of the main table, on the same
# folds: here its average precision is called worse, there it was not, because Holm's adjustment depends
# on how many questions a table asks (6 here, 18 there).

# %% [markdown]
# **Exercise 2.** How many rows does each cleaning method remove from `yeast` (scaled first, as a pipeline
# would)? Use `resampling.trace` and `resampling.counts` with TomekLinks, ENN and OSS.

# %%
# Your code here

# %% tags=["solution"]
X_yeast_scaled = StandardScaler().set_output(transform="pandas").fit_transform(X_yeast)
pd.concat({name: resampling.counts(resampling.trace(cleaners[name], X_yeast_scaled, y_yeast))["after"]
           for name in ["TomekLinks", "ENN", "OSS"]}, axis=1)

# %% [markdown] tags=["solution"]
# The minority keeps its 35 rows every time. Tomek links removed 10 majority rows, ENN 56 and OSS 204
# (14% of the majority): the ratio goes from 41:1 to between 36:1 and 41:1, nowhere near balanced.

# %% [markdown]
# **Exercise 3: what does the model inside the pipeline see?** In an imbalanced-learn pipeline the
# sampler is a step like the scaler: which rows reach the classifier when you fit the pipeline, and
# which when you score rows with it? Build the pipeline of the real-data section (scaling,
# under-sampler, logistic regression) with
# `RandomUnderSampler(sampling_strategy=0.2, random_state=42)`, fit it on all of `yeast` (35 of its
# 1,484 rows are positive, a share of 0.024), and find:
# - `majority_seen`: how many majority rows the logistic regression was trained on;
# - `rows_scored`: how many rows `predict_proba(X_yeast)` scores;
# - `mean_proba`: the mean predicted probability of the minority over all of `yeast`.
#
# Before running, predict all three. Is the mean probability near yeast's share of positives, 0.024?

# %%
# My prediction (before running):
model_03 = ...  # the pipeline, fitted on X_yeast, y_yeast
answer = {"model": model_03, "majority_seen": ..., "rows_scored": ..., "mean_proba": ...}
ex3.check(answer)

# %% tags=["solution"]
model_03 = make_pipeline(StandardScaler(), RandomUnderSampler(sampling_strategy=0.2, random_state=42),
                         LogisticRegression(max_iter=1000)).fit(X_yeast, y_yeast)
kept = model_03.named_steps["randomundersampler"].sample_indices_  # positions of the rows it kept
proba_03 = model_03.predict_proba(X_yeast)[:, 1]
answer = {"model": model_03, "majority_seen": int((y_yeast.iloc[kept] == 0).sum()),
          "rows_scored": len(proba_03), "mean_proba": proba_03.mean()}
ex3.check(answer)
plain_proba = plain.fit(X_yeast, y_yeast).predict_proba(X_yeast)[:, 1]  # no resampling
print(f"trained on {answer['majority_seen']} majority and {int(y_yeast.iloc[kept].sum())} minority rows; "
      f"scored {answer['rows_scored']} rows")
print(f"mean probability: {proba_03.mean():.3f} over all rows, {proba_03[kept].mean():.3f} over the rows "
      f"it was trained on; without resampling {plain_proba.mean():.3f}; share of positives {y_yeast.mean():.3f}")

# %% [markdown] tags=["solution"]
# The logistic regression was trained on 175 majority rows and the 35 minority rows: a float
# `sampling_strategy` is the ratio of minority to majority rows after resampling, so 0.2 keeps five
# majority rows per minority row, not 20% of the majority (that would be 290 of 1,449). The pipeline
# still scored all 1,484 rows: the sampler acts only in `fit`; `predict_proba`, `predict` and scoring
# pass every row through the scaler and the classifier untouched (so in cross-validation the test folds
# are never resampled; lesson 07 comes back to this).
#
# The mean predicted probability is 0.090, nearly four times yeast's share of positives (0.024). Over the
# 210 rows the model was trained on it is 0.167, about their share of positives (35 of 210); without
# resampling it is 0.024. The model learned the base rate of the rows it saw, not of the data it
# scores: this is the kind of distortion behind random under-sampling's clearly worse Brier score in the
# real-data section. (These are probabilities on the rows the model was fitted on; the point here is
# their level, not how well they rank.)

# %% [markdown]
# ## Next
#
# Continue with **[05 · Combined sampling](05_combined_sampling.ipynb)**: SMOTE first, then a cleaning
# step. Does cleaning after SMOTE help?

# %% [markdown]
# # 07 · Pipelines and leakage
#
# Lessons 03-06 always resampled *inside* cross-validation, through `evaluation.compare`. This
# notebook shows why, by making the three mistakes the practitioner article warns about on purpose and
# measuring what each one does to the numbers you would report. Then it tunes a sampler and a model
# together, the slow way and a much faster way.
#
# **In this notebook you will:**
# 1. measure how far a cross-validated score drifts from the truth when you resample before the split,
#    and how much resampling the *test* set inflates which metrics;
# 2. build an imbalanced-learn `Pipeline` that scikit-learn's own `Pipeline` refuses, and check whether
#    SMOTE needs a dimension-reduction step in front of it;
# 3. tune `smote__k_neighbors` together with model parameters, with grid, randomised and
#    successive-halving search, without the successive-halving crash.
#
# **Prerequisites:** [03 · Over-sampling and SMOTE](03_oversampling_smote.ipynb) and
# [02 · Metrics that matter](02_metrics_that_matter.ipynb).

# %%
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.decomposition import PCA
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    HalvingRandomSearchCV,
    RandomizedSearchCV,
    RepeatedStratifiedKFold,
    StratifiedKFold,
    cross_val_score,
)
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import datasets, demos, evaluation, leakage, tuning

# %% [markdown]
# ## Why does scikit-learn's Pipeline refuse a sampler?
#
# A scikit-learn `Pipeline` passes the data through every step but the last: `fit_transform` at fit
# time, `transform` at predict time. A sampler has no `transform`: it has `fit_resample`, which changes the *rows*, and it
# must only ever run while fitting. So scikit-learn's own pipeline rejects it:

# %% tags=["raises-exception"]
X, y = datasets.load("satimage")
from sklearn.pipeline import make_pipeline as sklearn_make_pipeline

sklearn_make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression()).fit(X, y)

# %% [markdown]
# imbalanced-learn's `Pipeline` (and its `make_pipeline`) is the fix: it calls `fit_resample` on
# samplers during `fit` only, and skips them in `predict`, `predict_proba` and `score`. So in
# `cross_val_score` each training fold is resampled and each validation fold is left as it is:

# %%
pipe = make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000))
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
f1 = cross_val_score(pipe, X, y, cv=cv, scoring="f1")
print(f"F1 per fold: {f1.round(3).tolist()}; mean {f1.mean():.3f} (std {f1.std():.3f})")

# %% [markdown]
# ## How wrong is the CV estimate if you resample before cross-validating?
#
# Mistake 1, modelled on imbalanced-learn's "Common pitfalls" page. We split `satimage` once: 75% to
# work with, 25% held out and never touched. Then two ways to estimate the score of SMOTE + a fast
# forest (30 extremely randomised trees):
#
# - **resample, then cross-validate**: SMOTE the whole 75%, then cross-validate on the resampled rows;
# - **resample inside the pipeline**: cross-validate the pipeline on the 75%, so SMOTE sees training folds only.
#
# Each is then fitted on the 75% and scored once on the held-out 25%.

# %%
table = leakage.protocols("satimage")
view = table.pivot(index="metric", columns="protocol", values=["cv_mean", "held_out", "gap"])
view.round(3)

# %% [markdown]
# Read the `gap` columns (CV estimate minus held-out score). Resampling first promised F1 0.979
# and ROC-AUC 0.999, yet the same model scores 0.712 and 0.963 on rows it never saw: gaps of 0.266
# and 0.036. Two things went wrong:
# SMOTE's synthetic minority rows are interpolated between real ones, so a validation fold holds
# near-copies of rows the forest trained on (a forest all but memorises its training rows); and the
# validation folds are balanced 50:50, which flatters precision, F1 and average precision. Inside the
# pipeline the CV estimate is within 0.041 of the held-out score on every metric (slightly below it
# here; each CV model also trained on less data, 80% of the 75%). The fold
# spread (`cv_std`) shows this is no fluke:

# %%
table.pivot(index="metric", columns="protocol", values="cv_std").round(3)

# %% [markdown]
# Toggle the two protocols and watch the CV estimate (blue) and the held-out score (vermillion) move
# apart and together. Every fit ran once, when the demo was built.

# %%
demo = demos.leakage_toggle()
demo

# %%
for protocol in leakage.PROTOCOLS:
    state = demo.update(protocol=protocol)
    print(protocol, {m: round(g, 3) for m, g in state["gaps"].items()})

# %% [markdown]
# ## What does resampling the test set do to the reported metrics?
#
# Mistake 2: resampling the test set too ("so it matches the training data"). We fit the leakage-free
# pipeline on four folds and score the fifth three ways: as it is, after SMOTE, and after random
# undersampling; five times, once per fold. The table lists each metric's mean change against the real
# test fold and its spread across folds:

# %%
scores = leakage.resampled_test_scores("satimage")
change = leakage.inflation_summary(scores)
change.pivot(index="metric", columns="test set", values=["mean change", "std"]).round(3)

# %% [markdown]
# Both resampled test sets make the same model look better. Precision, F1 and average precision jump
# because they depend on how common positives are, and the resampled test fold is 50:50 instead of the
# real 9.7% (precision +0.248 with SMOTE, +0.246 with undersampling;
# F1 +0.165 and +0.100). Recall, ROC-AUC and balanced accuracy do not depend on
# prevalence: undersampling barely moves them (+0.0, +0.003, +0.001). SMOTE on the test set still
# inflates them (recall +0.098, balanced accuracy +0.049) because its synthetic positives sit between real
# positives and are easier to recognise than real ones. A test set must look like the data the model will meet.

# %% [markdown]
# ## Does SMOTE need a reduction step in high dimensions?
#
# Mistake 3: SMOTE interpolates between nearest neighbours, and in many dimensions "nearest" means
# less. `satimage` has 36 correlated features; we compare SMOTE + logistic regression with and without
# a PCA step (10 components) in front of SMOTE, on 10 folds.

# %%
candidates = {
    "SMOTE, 36 features": make_pipeline(StandardScaler(), SMOTE(random_state=42),
                                        LogisticRegression(max_iter=1000)),
    "PCA(10) -> SMOTE": make_pipeline(StandardScaler(), PCA(n_components=10, random_state=42),
                                      SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
}
results, folds = evaluation.compare(candidates, X, y, cv=RepeatedStratifiedKFold(n_splits=5, n_repeats=2,
                                    random_state=42), metrics=["average_precision", "f1"], return_folds=True)
evaluation.summary_table(results)

# %%
evaluation.difference(folds, baseline="SMOTE, 36 features", metric="average_precision").round(3)

# %% [markdown]
# Here the reduction step hurt: average precision fell from 0.211 to 0.165 (paired difference -0.046 over
# the 10 paired folds, 95% CI [-0.058, -0.033]: "worse", a loss of 0.033 to 0.058), and F1 from 0.296 to
# 0.276. PCA keeps the directions of largest variance, which need not be the ones that separate the
# classes. So for this logistic regression on `satimage` the practitioner article's advice to reduce dimensions
# before SMOTE does not hold: 36 features are not too many for SMOTE's neighbour search here. A
# reduction step is worth *trying* when features far outnumber minority rows, and it is judged like any
# other step: inside the pipeline, against the pipeline without it, on the same folds.

# %% [markdown]
# ## How do you tune the sampler and the model together?
#
# In a pipeline, every step's parameters are reachable as `step__parameter`, so a search can tune
# SMOTE's `k_neighbors` and the classifier's `C` together, and every candidate is scored with SMOTE
# inside the folds. `make_pipeline` names the steps after their classes in lower case. On `yeast`
# (1,484 proteins, 35 positives), a grid of 3 x 3 candidates:

# %%
X_y, y_y = datasets.load("yeast")
pipe_y = make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000))
grid = {"smote__k_neighbors": [3, 5, 9], "logisticregression__C": [0.01, 0.1, 1.0]}
cv3 = StratifiedKFold(n_splits=3, shuffle=True, random_state=42)
search = GridSearchCV(pipe_y, grid, cv=cv3, scoring="average_precision").fit(X_y, y_y)
print(search.best_params_, round(float(search.best_score_), 3))

# %% [markdown]
# The best of the 9 grid points reaches an average precision of 0.437 over 3 folds. A randomised search
# draws candidates from distributions instead of walking a grid: the same budget covers continuous
# parameters better (`tuning.plain` only rounds the drawn values for printing):

# %%
from scipy.stats import loguniform

space = {"smote__k_neighbors": [3, 5, 7, 9], "logisticregression__C": loguniform(1e-3, 10)}
rsearch = RandomizedSearchCV(pipe_y, space, n_iter=9, cv=cv3, scoring="average_precision",
                             random_state=42).fit(X_y, y_y)
print(tuning.plain(rsearch.best_params_), round(float(rsearch.best_score_), 3))

# %% [markdown]
# ## Why does successive halving crash with SMOTE, and how do you prevent it?
#
# The article's recipe (`RandomizedSearchCV` over SMOTE + a random forest with up to 300 trees, 50
# candidates, 5 folds) is slow. Successive halving (`HalvingRandomSearchCV`) scores many candidates on a
# small random sample of rows, keeps the best third, triples the rows, and repeats. But a small sample
# holds few minority rows, and SMOTE needs more than `k_neighbors` of them in every training fold. On
# `thyroid` (151 positives in 3,163 rows) a first rung of 150 rows holds about 7 positives, and each
# training fold of it about 5.
#
# `thyroid` has gaps in its numeric columns and categorical columns, so the pipeline starts with the
# `ColumnTransformer` of lesson 02: median imputation and scaling for the numeric columns, most-frequent
# imputation and one-hot encoding for the categorical ones (`make_column_selector` picks them by type).

# %%
X_t, y_t = datasets.load("thyroid")
prepare = ColumnTransformer([
    ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
     make_column_selector(dtype_include="number")),
    ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
     make_column_selector(dtype_exclude="number")),
])
pipe_t = make_pipeline(prepare, SMOTE(random_state=42), LogisticRegression(max_iter=1000))

# %% tags=["raises-exception"]
too_small = HalvingRandomSearchCV(pipe_t, {"smote__k_neighbors": [7, 9]}, min_resources=150, n_candidates=2,
                                  cv=cv3, error_score="raise", random_state=42)
too_small.fit(X_t, y_t)

# %% [markdown]
# The training fold in the message held 4 minority rows; SMOTE with `k_neighbors=7` asked for 8
# neighbours (the row itself included). `tuning.safe_min_resources` computes a first rung that gives every training fold, on average, three
# times the `k_neighbors + 1` minority rows SMOTE needs, and that grows by the halving factor to all the rows.
# `tuning.fast_search` passes it as `min_resources` to a `HalvingRandomSearchCV` over the same kind of
# pipeline: `guide.preprocessor(X)` (which stands for the `prepare` step above), SMOTE, then a
# `HistGradientBoostingClassifier(early_stopping=True)`, scored by F1 on stratified folds:

# %%
print(tuning.safe_min_resources(y_t, k_neighbors=9, n_splits=3))
fast = tuning.fast_search(X_t, y_t, n_candidates=3, n_splits=3, n_jobs=1).fit(X_t, y_t)
print("rows per rung:", fast.n_resources_, "candidates per rung:", fast.n_candidates_)
print(tuning.plain(fast.best_params_), "best CV F1", round(float(fast.best_score_), 3))

# %% [markdown]
# The first rung has 1,054 rows (about 50 positives, so about 33 per training fold against the 10 SMOTE
# needs); the best third of the candidates is then scored on 3,162 of the 3,163 rows. Tell the search *why* it may
# start small, instead of hoping the default is big enough.

# %% [markdown]
# ## How much faster is the fast search than the article's recipe?
#
# `benchmarks/bench_tuning.py` ran both searches on `satimage` (80% of the rows; the other 20% held out),
# on the same 5 folds and the same metric (F1). It takes far too long for a notebook, so here we read
# the figures it wrote to `benchmarks/results_tuning.md`:

# %%
bench = tuning.read_results()
bench

# %%
s = tuning.summarise(bench)
print(f"article recipe {s['seed_seconds']:.0f} s; fast search {s['fast_seconds']:.0f} s (median of {s['fast_runs']} "
      f"runs): {s['speedup']}x faster; fastest run {s['speedup_best']}x, slowest {s['speedup_worst']}x")
print(f"best CV F1: seed {s['seed_best']:.3f}, fast {s['fast_best']:.3f} (difference {s['difference']:+.3f})")

# %% [markdown]
# The article's recipe cross-validated its 50 candidates (251 forest fits) in 788 s on these 5,148 rows;
# the fast search took 37 s before it and 36 s after it, so about 21 times less, on a machine running
# nothing else (its load average of 1.6-2.0 is the benchmark's own two workers; the results file
# records it for every search, because on a busy machine every wall time grows). The fast search's best
# CV F1 was 0.689, the article's recipe's 0.676, and on the held-out rows their winners scored 0.724 and
# 0.691. These are single runs with no interval and no paired test behind them (and a best-of-many CV
# score flatters its winner), so they draw no verdict on which search finds the better model; the
# benchmark's finding is the time. Why is it faster?
#
# - **Successive halving**: 27 candidates, but most of the 196 fits see a ninth or a third of the rows;
#   only the last 3 candidates are scored on all of them. Halving alone, over the article's own forest
#   space, took 156 s and reached 0.673: 5 times faster, not 20.
# - **Cheaper fits**: gradient boosting on binned features stops adding trees once its validation score
#   stalls (`early_stopping=True`); the forest grows up to 300 deep trees on SMOTE-doubled folds.

# %% [markdown]
# ## Key takeaways
#
# - Resample **inside** an imbalanced-learn `Pipeline`, never before the split: resampling first made
#   the CV estimate of F1 overshoot the held-out truth by 0.266 here, against -0.041 inside the pipeline.
# - Never resample a test set: SMOTE on the test fold inflated precision by 0.248 and F1 by 0.165 for the same
#   model. Report prevalence-free metrics (recall, ROC-AUC, balanced accuracy) next to the others.
# - Tune the sampler's parameters together with the model's (`smote__k_neighbors`, `model__...`).
# - Successive halving over an early-stopping booster ran about 21 times faster than the article's recipe
#   (36-37 s against 788 s), with a best CV F1 of 0.689 against 0.676 (one run each: no verdict on
#   quality); set `min_resources` so each training fold keeps enough minority rows for SMOTE
#   (`tuning.safe_min_resources`).
# - Judge a pipeline step (PCA before SMOTE here) by a paired comparison on at least 10 folds: with a
#   logistic regression on `satimage` it cost 0.033 to 0.058 in average precision.

# %% [markdown]
# ## Your turn
#
# **Exercise 1.** Repeat mistake 1 on `yeast` (35 positives): is the leaky CV estimate as far
# from the held-out F1 as on `satimage`, and how close is the pipeline's estimate?

# %%
# Your code here

# %% tags=["solution"]
t = leakage.protocols("yeast")
t.pivot(index="metric", columns="protocol", values=["gap", "cv_std"]).round(3)

# %% [markdown] tags=["solution"]
# The leaky estimate overshoots F1 and average precision even more than on `satimage` (gaps 0.349 and
# 0.426), and is just as sure of itself (fold std of F1 0.007). The pipeline's estimate lands well
# *below* the held-out score (F1 -0.28, balanced accuracy -0.163): with 35 positives, 9 in the held-out
# set and 5 or 6 per validation fold, every number here is noisy (fold std of F1 0.188), the held-out
# score included. Honest estimates on tiny data are wide; leaky ones are precisely wrong.

# %% [markdown]
# **Exercise 2.** Which first rung does `safe_min_resources` choose for `yeast` (35 positives) with
# `k_neighbors=5` and 5 folds? What does that tell you about successive halving on small data?

# %%
# Your code here

# %% tags=["solution"]
try:
    print(tuning.safe_min_resources(y_y, k_neighbors=5))
except ValueError as error:
    print(error)

# %% [markdown] tags=["solution"]
# It refuses, and says why: to give each training fold three times the 6 minority rows SMOTE needs, the
# first rung would need 954 of the 1,484 rows, leaving no room to triple to a second rung. On data this
# small, halving over rows has nothing to save: use `GridSearchCV` or `RandomizedSearchCV` (or halve
# over another resource, such as a booster's `max_iter`, which leaves every fold all its rows).

# %% [markdown]
# ## Next
#
# Measured in this lesson: resampling before cross-validation overstated F1 by 0.266 (inside the
# pipeline the estimate was off by -0.041), and the fast search was about 21 times faster than
# the article's tuning recipe (36-37 s against 788 s; best CV F1 0.689 against 0.676, one run each).
#
# Continue with **[08 · Thresholds and calibration](08_thresholds_and_calibration.ipynb)**: moving the
# decision threshold instead of the data, and what resampling does to predicted probabilities.

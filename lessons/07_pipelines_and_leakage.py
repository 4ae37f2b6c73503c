# %% [markdown]
# # 07 · Pipelines and leakage
#
# *Where does resampling go, and how do I tune it fast?*
#
# Lessons 03-06 always resampled *inside* cross-validation. This notebook shows why, by writing the
# leaky code and the correct code side by side and measuring what each reports, then separating the two
# ways the leak fools you. It then looks at leakage that has nothing to do with resampling, and tunes a
# sampler and a model together: honestly (nested cross-validation), for the costs (a threshold), and fast
# (successive halving).
#
# **In this notebook you will:**
# 1. write "resample, then cross-validate" and "resample inside the pipeline" yourself and compare each
#    cross-validated estimate with a held-out score;
# 2. measure the two mechanisms behind the leak (validation folds that are balanced, and synthetic points
#    next to their parents), and leakage from feature selection fitted outside cross-validation;
# 3. tune `smote__k_neighbors` with the model's parameters, measure how optimistic `best_score_` is with
#    nested cross-validation, then choose the threshold for the costs;
# 4. run successive halving without its crash, and read how much faster it was than the practitioner
#    article's recipe.
#
# **Prerequisites:** [03 · Over-sampling and SMOTE](03_oversampling_smote.ipynb) and
# [02 · Metrics that matter](02_metrics_that_matter.ipynb).

# %%
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import get_scorer
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from helpers import datasets, demos, plotting

_limits = threadpool_limits(limits=1)  # one thread per numeric library: faster and repeatable on a busy 2-core machine

# %% [markdown]
# ## Why does scikit-learn's Pipeline refuse a sampler?
#
# A scikit-learn `Pipeline` passes the data through every step but the last: `fit_transform` at fit
# time, `transform` at predict time. A sampler has no `transform`: it has `fit_resample`, which changes
# the *rows*, and it must only ever run while fitting. So scikit-learn's own pipeline rejects it:

# %% tags=["raises-exception"]
X, y = datasets.load("satimage")
from sklearn.pipeline import make_pipeline as sklearn_make_pipeline

sklearn_make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression()).fit(X, y)

# %% [markdown]
# imbalanced-learn's `Pipeline` (and its `make_pipeline`) is the fix: it calls `fit_resample` on
# samplers during `fit` only, and skips them in `predict`, `predict_proba` and `score`. So inside
# cross-validation each training fold is resampled and each validation fold is left as it is.

# %% [markdown]
# ## How wrong is the estimate if you resample before cross-validating?
#
# The practitioner article's first warning, measured the way imbalanced-learn's "Common pitfalls" page
# does. Split `satimage` (6,435 rows, 9.7% minority) once: 75% to work with, 25% held out and never
# touched until the end. The model is SMOTE + a fast forest (30 extremely randomised trees). Both
# protocols use the same 5 folds and the same four metrics:

# %%
X_work, X_held, y_work, y_held = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
forest = ExtraTreesClassifier(n_estimators=30, random_state=42, n_jobs=2)  # a fast random forest
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
scoring = ["roc_auc", "average_precision", "f1", "balanced_accuracy"]


def held_out_scores(model, X_eval, y_eval):  # a fitted model's scores on rows it never saw
    return {m: get_scorer(m)(model, X_eval, y_eval) for m in scoring}

# %% [markdown]
# **The leaky protocol: resample, then cross-validate.** SMOTE runs once on all 4,826 working rows; the
# folds are then cut from the resampled rows, so every validation fold is 50:50 and holds synthetic
# points made from rows that sit in the training folds.

# %%
X_res, y_res = SMOTE(random_state=42).fit_resample(X_work, y_work)  # the leak: before the split
leaky_cv = cross_validate(forest, X_res, y_res, cv=cv, scoring=scoring)
leaky_model = clone(forest).fit(X_res, y_res)
leaky_held = held_out_scores(leaky_model, X_held, y_held)

# %% [markdown]
# **The correct protocol: resample inside the pipeline.** Cross-validate the pipeline on the working
# rows: in each of the 5 fits SMOTE sees the training folds only, and the validation fold keeps its real
# balance and its real rows.

# %%
pipe = make_pipeline(SMOTE(random_state=42), forest)
right_cv = cross_validate(pipe, X_work, y_work, cv=cv, scoring=scoring)
right_model = clone(pipe).fit(X_work, y_work)
right_held = held_out_scores(right_model, X_held, y_held)

# %%
protocols = {"resample, then cross-validate": (leaky_cv, leaky_held),
             "resample inside the pipeline": (right_cv, right_held)}
rows = [{"protocol": name, "metric": m, "CV estimate": cv_out[f"test_{m}"].mean(), "held-out": held[m]}
        for name, (cv_out, held) in protocols.items() for m in scoring]
leak_table = pd.DataFrame(rows).assign(gap=lambda t: t["CV estimate"] - t["held-out"])
print(f"held-out part: {len(y_held):,} rows, {y_held.sum()} positives")
leak_table.pivot(index="metric", columns="protocol", values=["CV estimate", "held-out", "gap"]).round(3)

# %% [markdown]
# Read the `gap` columns (CV estimate minus held-out score). Resampling first promised an F1 of 0.980
# and a ROC-AUC of 0.999; on rows it never saw, the model scores 0.682 and 0.961. Inside the pipeline the
# CV estimate is within 0.033 of the held-out score on every metric. Notice that the two `held-out` columns are identical: `SMOTE(random_state=42)` on the same
# working rows gives the same training set either way, so both protocols fit *the very same final
# model*. The leak does not change the model you ship; it changes what you believe about it.

# %%
import matplotlib.pyplot as plt

with plotting.kit_style():
    fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    for i, m in enumerate(scoring):
        part = leak_table[leak_table["metric"] == m].set_index("protocol")
        ax.plot([i - 0.3, i + 0.3], [part["held-out"].iloc[0]] * 2, color=plotting.CANDIDATE_COLORS[1], lw=3,
                label="held-out score (the check)" if i == 0 else None)
        for offset, (name, color) in zip((-0.12, 0.12), zip(protocols, ["#E69F00", "#0072B2"])):
            ax.plot(i + offset, part.loc[name, "CV estimate"], "o", color=color, markersize=10,
                    label=f"CV estimate: {name}" if i == 0 else None)
    ax.set_xticks(range(len(scoring)), ["ROC-AUC", "average precision", "F1", "balanced accuracy"])
    ax.set(ylabel="score", ylim=(0.6, 1.02), title="satimage: the leaky estimate promises what the model cannot deliver")
    ax.legend(loc="lower left", fontsize=9)
fig;

# %% [markdown]
# ## Which part of the leak does the damage?
#
# Resampling before the split does two things at once, and each can be measured on its own:
#
# 1. **Balanced validation folds.** Precision, F1 and average precision depend on how common positives
#    are; a 50:50 validation fold flatters them even when nothing else is wrong. To measure this alone,
#    fit correctly (the pipeline, on the training folds) and score each validation fold after randomly
#    under-sampling it to 50:50: real rows only, just a different balance. (Scoring on a SMOTE-resampled
#    validation fold, the article's second warning, adds synthetic rows to the fold as well.)
# 2. **Synthetic points next to their parents.** A synthetic minority point lies on a segment between two
#    real ones; after resampling first, a validation fold's real minority rows have synthetic near-twins
#    in the training folds, which a forest all but memorises. To measure this alone, keep the leaky folds
#    but score only the *real* rows of each validation fold (SMOTE appends its synthetic rows after the
#    real ones), so the fold keeps its real balance.

# %%
assert (X_res.iloc[: len(y_work)].to_numpy() == X_work.to_numpy()).all()  # the real rows come first
is_real = np.arange(len(y_res)) < len(y_work)
near_twins = []
for train, test in cv.split(X_res, y_res):  # the leaky folds
    model = clone(forest).fit(X_res.iloc[train], y_res.iloc[train])
    real_rows = test[is_real[test]]  # this validation fold without its synthetic rows
    near_twins.append(held_out_scores(model, X_res.iloc[real_rows], y_res.iloc[real_rows]))

# %%
balanced, smoted = [], []
for train, test in cv.split(X_work, y_work):  # the correct folds
    model = clone(pipe).fit(X_work.iloc[train], y_work.iloc[train])
    X_val, y_val = X_work.iloc[test], y_work.iloc[test]
    balanced.append(held_out_scores(model, *RandomUnderSampler(random_state=42).fit_resample(X_val, y_val)))
    smoted.append(held_out_scores(model, *SMOTE(random_state=42).fit_resample(X_val, y_val)))

# %%
mechanisms = pd.DataFrame({
    "correct: pipeline, real folds": {m: right_cv[f"test_{m}"].mean() for m in scoring},
    "1. validation folds under-sampled to 50:50": pd.DataFrame(balanced).mean(),
    "1. validation folds SMOTE-resampled": pd.DataFrame(smoted).mean(),
    "2. leaky folds, real validation rows only": pd.DataFrame(near_twins).mean(),
    "1 + 2: resample, then cross-validate": {m: leaky_cv[f"test_{m}"].mean() for m in scoring}}).T
mechanisms.loc["held-out score of the same model (the check)"] = pd.Series(right_held)
mechanisms.round(3)

# %% [markdown]
# - **Balanced validation folds alone** (second row): average precision 0.762 -> 0.945 and F1 0.685 ->
#   0.784, while ROC-AUC (0.953) and balanced accuracy (0.813) stay near the honest 0.961 and 0.824:
#   only the metrics that depend on prevalence are fooled. SMOTE on the validation folds (third row, the
#   article's second warning) adds synthetic rows, which are easier to recognise than real ones, and lifts
#   the prevalence-free metrics too (ROC-AUC 0.974, balanced accuracy 0.877).
# - **Synthetic near-twins alone** (fourth row): with each validation fold at its real balance, the
#   leaky folds still promise ROC-AUC 0.997, average precision 0.973 and balanced accuracy 0.974: the
#   forest recognises real rows whose synthetic neighbours it trained on. This part fools every metric.
# - **Together** they give the leaky protocol's 0.979 to 0.999. Only the honest estimate (first row) is
#   near the held-out score (last row; itself an estimate, from the held-out part's 157 positives printed
#   below the leak table).
#
# This is one split of one dataset with one forest. A model that memorises its training rows less than
# 30 fully grown trees do would be fooled less by the near-twins; the balanced folds fool any model.

# %% [markdown]
# ## The two protocols, live
#
# Toggle the two protocols and watch the CV estimate (blue dots, with the range of the 5 folds) and the
# held-out score (green diamonds) move apart and together. The demo draws the numbers computed above.

# %%
demo = demos.leakage_toggle(leak_table, {name: cv_out for name, (cv_out, _) in protocols.items()})
demo

# %% [markdown]
# Without a kernel, the demo at both settings:

# %%
demo.stills({"protocol": "resample, then cross-validate"}, {"protocol": "resample inside the pipeline"});

# %% [markdown]
# **Try this:** the forest above grows every tree to full depth. Predict: with `max_depth=3` (trees too
# shallow to memorise single rows), which of the two mechanisms would shrink, and which would stay?
# Change `forest` in the setup cell and re-run the cells of the mechanism table to see.

# %% tags=["solution"]
shallow = ExtraTreesClassifier(n_estimators=30, max_depth=3, random_state=42, n_jobs=2)
near_shallow = []
for train, test in cv.split(X_res, y_res):  # the leaky folds, scored on their real rows only
    model = clone(shallow).fit(X_res.iloc[train], y_res.iloc[train])
    real_rows = test[is_real[test]]
    near_shallow.append(held_out_scores(model, X_res.iloc[real_rows], y_res.iloc[real_rows]))
honest_shallow = cross_validate(make_pipeline(SMOTE(random_state=42), shallow), X_work, y_work, cv=cv,
                                scoring=scoring)
balanced_shallow = []  # the other part: honest folds, validation folds under-sampled to 50:50
for train, test in cv.split(X_work, y_work):
    model = clone(make_pipeline(SMOTE(random_state=42), shallow)).fit(X_work.iloc[train], y_work.iloc[train])
    X_val, y_val = RandomUnderSampler(random_state=42).fit_resample(X_work.iloc[test], y_work.iloc[test])
    balanced_shallow.append(held_out_scores(model, X_val, y_val))
pd.DataFrame({"leaky folds, real rows": pd.DataFrame(near_shallow).mean(),
              "validation folds 50:50": pd.DataFrame(balanced_shallow).mean(),
              "honest": {m: honest_shallow[f"test_{m}"].mean() for m in scoring}}).round(3)

# %% [markdown] tags=["solution"]
# The near-twin part all but vanishes: with `max_depth=3`, the leaky folds scored on their real rows give
# ROC-AUC 0.929 and balanced accuracy 0.851, against 0.926 and 0.845 for the honest pipeline.
# Shallow trees cannot recognise a row by its synthetic neighbour. The balanced-fold part stays, and here
# is even larger: scored on validation folds under-sampled to 50:50, average precision rises from 0.632 to
# 0.907 and F1 from 0.483 to 0.835, while ROC-AUC and balanced accuracy stay near the honest values. It
# works through the prevalence of the rows scored, whatever the model, though its size varies with the
# model.

# %% [markdown]
# ## Does leakage only come from resampling?
#
# No: anything fitted on rows that later serve as validation rows leaks. The most dramatic case is
# feature selection. Take 300 rows of 2,000 columns of pure noise and labels drawn at random (10%
# positive): no model can predict them, so an honest ROC-AUC is about 0.5. Select the 20 columns most
# associated with the labels on *all* rows, then cross-validate on those 20, and compare with the same
# selection done inside the pipeline:

# %%
from sklearn.feature_selection import SelectKBest, f_classif

rng = np.random.default_rng(42)
X_noise = rng.normal(size=(300, 2000))
y_noise = (rng.random(300) < 0.1).astype(int)  # labels unrelated to every column
logistic = LogisticRegression(max_iter=1000)
selected = SelectKBest(f_classif, k=20).fit_transform(X_noise, y_noise)  # the leak: chosen on all rows
outside = cross_validate(logistic, selected, y_noise, cv=cv, scoring="roc_auc")["test_score"]
inside = cross_validate(make_pipeline(SelectKBest(f_classif, k=20), logistic), X_noise, y_noise, cv=cv,
                        scoring="roc_auc")["test_score"]
print(f"{y_noise.sum()} positives; ROC-AUC on pure noise: selection outside CV {outside.mean():.3f}, "
      f"inside the pipeline {inside.mean():.3f}")

# %% [markdown]
# Selected on all 300 rows, 20 of the 2,000 noise columns look predictive: a cross-validated ROC-AUC of
# 0.969 for labels that are pure chance. Selected inside the pipeline, on each training fold only, the
# estimate is 0.533, near the truth of 0.5 (with 24 positives, that much is noise).
#
# The same holds, usually more mildly, for every step that learns from data: an imputer's medians, a
# scaler's means, a target or frequency encoding of a category. Put each inside the pipeline and it is
# refitted on each training fold. Two other leaks come from the rows themselves:
#
# - **Duplicates across folds.** The `kddcup` extract has 2,225 rows but only 990 distinct ones, so most
#   validation rows have an exact copy in the training folds:

# %%
X_kdd, y_kdd = datasets.load("kddcup")
row_id = X_kdd.astype(str).agg("|".join, axis=1).factorize()[0]  # one id per distinct row
train, test = next(StratifiedKFold(n_splits=5, shuffle=True, random_state=42).split(X_kdd, y_kdd))
print(f"{len(set(row_id))} distinct rows of {len(row_id)}; {np.isin(row_id[test], row_id[train]).mean():.0%} "
      "of a validation fold's rows have a copy in its training folds")
print(f"distinct minority rows: {len(set(row_id[y_kdd.to_numpy() == 1]))} of {int(y_kdd.sum())}")

# %% [markdown]
# Here every repeat is a majority row (all 22 attacks are distinct), so the copies make the easy
# "normal traffic" rows easier still and cannot hand the model a minority row it has already seen; where
# positives repeat (the same patient, customer or transaction seen twice), they would. When a copy is the
# same case recorded twice, keep copies together by passing the id as `groups` to `StratifiedGroupKFold`,
# which never splits a group across training and validation. (When the model will meet the same repeats
# in use, as recurring network traffic does, random folds are not a leak: they mirror deployment.)

# %%
from sklearn.model_selection import StratifiedGroupKFold

grouped = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=42)
shared = [np.isin(row_id[test], row_id[train]).mean() for train, test in grouped.split(X_kdd, y_kdd, groups=row_id)]
print(f"grouped folds: at most {max(shared):.0%} of a validation fold has a copy in its training folds")

# %% [markdown]
# Pass the same `groups=row_id` to `cross_validate` (or to a search's `fit`) and every fit uses these folds.
#
# - **Groups and time.** Several rows from one patient or one borrower, split across folds, let the
#   model recognise the person rather than the pattern (use `StratifiedGroupKFold` with the person's id).
#   When the model will predict the future, validate on the future: train on the past and test on the
#   most recent part (`TimeSeriesSplit`, or one cut at a date), or the estimate borrows tomorrow's
#   information.
#
# The practitioner article's third warning, to reduce dimensions before SMOTE, is measured in lesson 03
# (section "Does PCA before SMOTE help on high-dimensional data?") with the control it needs, PCA
# without SMOTE: on `satimage` the reduction cost about as much ranking with SMOTE as without it, so what
# it measured was the information PCA drops, not a problem with SMOTE's neighbours.

# %% [markdown]
# ## How do you tune the sampler and the model together?
#
# In a pipeline, every step's parameters are reachable as `step__parameter`, so a search can tune
# SMOTE's `k_neighbors` and the classifier's `C` together, and every candidate is scored with SMOTE
# inside the folds. `make_pipeline` names the steps after their classes in lower case. Tune on a
# *ranking* metric (average precision), not on F1 at the default 0.5: F1 at 0.5 would reward whatever
# setting happens to move the probabilities past 0.5, which is the threshold's job (lesson 02), not the
# model's. On `yeast` (1,484 proteins, 35 positives), a grid of 3 x 3 candidates on 3 folds:

# %%
from sklearn.model_selection import GridSearchCV

X_y, y_y = datasets.load("yeast")
pipe_y = make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000))
grid = {"smote__k_neighbors": [3, 5, 9], "logisticregression__C": [0.01, 0.1, 1.0]}
cv3 = StratifiedKFold(n_splits=3, shuffle=True, random_state=42)
search = GridSearchCV(pipe_y, grid, cv=cv3, scoring="average_precision").fit(X_y, y_y)
print(search.best_params_, f"best_score_ (mean AP over 3 folds) {search.best_score_:.3f}")

# %% [markdown]
# ## How optimistic is `best_score_`?
#
# `best_score_` is the best of 9 noisy estimates on the same folds: the winner won partly by luck, and
# the folds that chose it also scored it (Cawley & Talbot, JMLR 2010, call this selection bias). On the
# noise data above, where every model's true ROC-AUC is 0.5:

# %%
noise_search = GridSearchCV(make_pipeline(SelectKBest(f_classif), LogisticRegression(max_iter=1000)),
                            {"selectkbest__k": [5, 20, 50], "logisticregression__C": [0.1, 1.0, 10.0]},
                            cv=cv3, scoring="roc_auc").fit(X_noise, y_noise)
candidates = noise_search.cv_results_["mean_test_score"]
print(f"9 candidates on pure noise: CV ROC-AUC from {candidates.min():.3f} to {candidates.max():.3f}; "
      f"best_score_ {noise_search.best_score_:.3f}, against a truth of 0.5")

# %% [markdown]
# The 9 candidates' CV scores spread from 0.407 to 0.593 around a truth of 0.5, and the search reports
# the top of that spread. In this one draw the winner looks 0.093 better than it is; another draw of the
# noise would give another spread, so read it as what a best-of-9 on 24 positives *can* report, not as a
# fixed size of the bias. The more candidates and the fewer positives, the further luck reaches.
#
# **Nested cross-validation** estimates the whole procedure instead: an outer loop holds out a fold,
# the complete search runs on the rest (with its own inner folds), and the model it picks is scored on
# the outer fold it never saw. For the yeast search, with 3 outer folds:

# %%
outer = StratifiedKFold(n_splits=3, shuffle=True, random_state=42)
nested = cross_validate(search, X_y, y_y, cv=outer, scoring="average_precision", return_estimator=True)
for inner, score in zip(nested["estimator"], nested["test_score"]):
    print(f"inner best_score_ {inner.best_score_:.3f} -> outer fold {score:.3f}   {inner.best_params_}")
print(f"inner best_score_ averaged {np.mean([e.best_score_ for e in nested['estimator']]):.3f}; "
      f"nested estimate (outer folds averaged) {nested['test_score'].mean():.3f}")

# %% [markdown]
# Each outer fold's search picked its own setting, and in two of the three folds the inner
# `best_score_` promised far more than the outer fold gave (0.540 -> 0.369, 0.547 -> 0.368; the third went
# the other way, 0.417 -> 0.502). On average the inner winners promised 0.501 and delivered 0.413: that
# gap is what nested cross-validation exists to measure. With 3 outer folds and 35 positives it is
# itself uncertain (the outer folds range from 0.368 to 0.502), so report the nested estimate, 0.413,
# for the recipe "search this grid, then refit", with that spread, rather than `best_score_`.

# %% [markdown]
# ## Then choose the threshold for the costs
#
# The search picked the model by how well it ranks; the decision threshold comes last, from the costs
# (here a missed positive costs as much as 10 false alarms). As in lesson 02, `TunedThresholdClassifierCV`
# wraps the tuned pipeline and picks the threshold with the lowest cost on its own cross-validation
# folds, judged by a cost scorer built with `make_scorer` (lower is better, so `greater_is_better=False`;
# lesson 08 takes this step apart):

# %%
from sklearn.metrics import make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV


def cost_per_case(y_true, y_pred):  # a miss costs as much as 10 false alarms
    misses = np.sum((y_true == 1) & (y_pred == 0))
    false_alarms = np.sum((y_true == 0) & (y_pred == 1))
    return (10 * misses + false_alarms) / len(y_true)


cost_scorer = make_scorer(cost_per_case, greater_is_better=False)
decide = TunedThresholdClassifierCV(search.best_estimator_, scoring=cost_scorer, cv=cv3).fit(X_y, y_y)
print(f"threshold chosen for 10:1 costs: {decide.best_threshold_:.3f}; cost per case on its folds "
      f"{-decide.best_score_:.3f}; flagging no one costs {10 * y_y.mean():.3f}")
odds = (1 / 11) / (10 / 11) * (y_y == 0).sum() / y_y.sum()  # 1/11's odds, times N / P (SMOTE's 50:50 world)
print(f"1/11 moved into the 50:50 world of SMOTE's training: {odds / (1 + odds):.3f}")

# %% [markdown]
# The tuner put the line at 0.828, far above the 1/11 = 0.091 the cost rule gives for calibrated
# probabilities: SMOTE trained the model on a 50:50 world, so its probabilities are far too high (lesson
# 03). The size of the move is predictable: multiplying 1/11's odds by N / P, the factor by which SMOTE
# inflated the minority, puts the line at 0.805, next to the 0.828 found (the odds correction of lesson
# 08, exact for random under-sampling, a rough guide after SMOTE). The cost, 0.103 per case, is well
# below flagging no one (0.236), but it was measured on the folds that chose the threshold, after a
# search on the same rows, so it is optimistic; a fully honest estimate nests both.

# %% [markdown]
# ## Why does successive halving crash with SMOTE, and how do you prevent it?
#
# The practitioner article's tuning recipe (a `RandomizedSearchCV` over SMOTE + a random forest with up
# to 300 trees, 50 candidates, 5 folds) is slow. Successive halving (`HalvingRandomSearchCV`) scores many
# candidates on a small random sample of rows (the first **rung**; not stratified), keeps the best third, triples the
# rows (the next rung), and repeats until it reaches all the rows. But a small sample holds few minority
# rows, and SMOTE needs more than `k_neighbors` of them in every
# training fold. On `thyroid` (151 positives in 3,163 rows), a first rung of 150 rows holds about 7
# positives, and each training fold of it about 5.
#
# `thyroid` has gaps in its numeric columns and categorical columns, so the pipeline starts with the
# `ColumnTransformer` of lesson 02: median imputation and scaling for the numeric columns, most-frequent
# imputation and one-hot encoding for the categorical ones.

# %%
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.experimental import enable_halving_search_cv  # noqa: F401  (switches the halving searches on)
from sklearn.impute import SimpleImputer
from sklearn.model_selection import HalvingRandomSearchCV
from sklearn.preprocessing import OneHotEncoder

X_t, y_t = datasets.load("thyroid")
prepare = ColumnTransformer([
    ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
     make_column_selector(dtype_include="number")),
    ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
     make_column_selector(dtype_exclude="number")),
])

# %% tags=["raises-exception"]
pipe_t = make_pipeline(prepare, SMOTE(random_state=42), LogisticRegression(max_iter=1000))
too_small = HalvingRandomSearchCV(pipe_t, {"smote__k_neighbors": [7, 9]}, min_resources=150, n_candidates=2,
                                  cv=cv3, error_score="raise", random_state=42)
too_small.fit(X_t, y_t)

# %% [markdown]
# The training fold in the message held 4 minority rows; SMOTE with `k_neighbors=7` asked for 8
# neighbours (the row itself included). So choose the first rung from what SMOTE needs: with the largest
# `k_neighbors` you will try, each training fold should hold, on average, a few times `k_neighbors + 1`
# minority rows (three times, here). A training fold is (n_splits − 1) / n_splits of the rung, and the
# rung holds positives in the data's proportion:

# %%
import math

k_max, n_splits, margin = 9, 3, 3  # largest k_neighbors searched, folds, safety factor
need_per_fold = margin * (k_max + 1)  # minority rows each training fold should hold
share_per_row = y_t.mean() * (n_splits - 1) / n_splits  # minority rows per rung row, inside a training fold
first_rung = math.ceil(need_per_fold / share_per_row)
print(f"first rung: {first_rung} rows (about {first_rung * y_t.mean():.0f} positives)")

# %% [markdown]
# Now the fast search: successive halving from that rung, over SMOTE + `HistGradientBoostingClassifier`
# with early stopping (it stops adding trees once its own validation score stalls), scored by average
# precision. Three candidates here, to keep the notebook quick; the benchmark below ran 27.

# %%
from scipy.stats import loguniform
from sklearn.ensemble import HistGradientBoostingClassifier

booster = HistGradientBoostingClassifier(early_stopping=True, random_state=42)
space = {"smote__k_neighbors": [3, 5, 7, 9], "histgradientboostingclassifier__learning_rate": loguniform(0.05, 0.3),
         "histgradientboostingclassifier__max_leaf_nodes": [15, 31, 63]}
fast = HalvingRandomSearchCV(make_pipeline(prepare, SMOTE(random_state=42), booster), space, n_candidates=3,
                             factor=3, min_resources=first_rung, cv=cv3, scoring="average_precision",
                             random_state=42).fit(X_t, y_t)
print("rows per rung:", fast.n_resources_, "candidates per rung:", fast.n_candidates_)
print(f"best_score_ (AP, last rung) {fast.best_score_:.3f}; k_neighbors {fast.best_params_['smote__k_neighbors']}")

# %% [markdown]
# The first rung has 943 rows (about 45 positives, so about 30 in each training fold against the 10
# SMOTE needs with `k_neighbors=9`); the best third of the candidates (here one) moves on to 2,829 rows.
# With 3 candidates the search stops after two rungs; the benchmark's 27 made three. Tell the search
# *why* it may start small, instead of hoping the default is big enough.

# %% [markdown]
# ## How much faster is the fast search than the article's recipe?
#
# `benchmarks/bench_tuning.py` ran both searches on `satimage` (80% of the rows; the other 20% held out),
# on the same 5 folds and the article's metric, F1 (this benchmark predates the choice above of a ranking
# metric: what it measures is the time). It takes far too long for a notebook; here is the table it wrote
# to `benchmarks/results_tuning.md`:

# %%
from helpers import course_file

results_file = course_file("benchmarks/results_tuning.md")  # in the course folder, or installed with the helpers
first_table = next(block for block in results_file.read_text().split("\n\n") if block.startswith("| search"))
rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in first_table.splitlines()
        if not line.startswith("|-")]  # skip the |---| line under the header
bench = pd.DataFrame(rows[1:], columns=rows[0]).set_index("search").rename(
    index={"seed recipe": "the article's recipe", "halving, seed's forest space": "halving, the article's forest space"})
bench[["model", "candidates", "fits", "seconds"]]

# %% [markdown]
# The article's recipe cross-validated its 50 candidates (251 forest fits) in 788 s on these 5,148
# rows; the fast search took 37 s and 36 s in two runs, about 21 times less, on the 2-core machine the
# file describes (possibly shared: it records the load during every run, because on a busy machine every
# wall time grows). The
# file also records each winner's F1, the article's metric; those are single runs with no interval, and a
# best-of-many CV score flatters its winner (above), so they draw no verdict on which search finds the
# better model. Why is it faster?
#
# - **Successive halving**: 27 candidates, but most of the 196 fits see a ninth or a third of the rows;
#   only the last 3 candidates are scored on all of them. Halving alone, over the article's own forest
#   space, took 156 s: 5 times faster, not 21.
# - **Cheaper fits**: gradient boosting on binned features stops adding trees once its validation score
#   stalls (`early_stopping=True`); the forest grows up to 300 deep trees on SMOTE-doubled folds.

# %% [markdown]
# ## Key takeaways
#
# - Resample **inside** an imbalanced-learn `Pipeline`, never before the split. Both protocols fitted
#   the same final model; resampling first only made its cross-validated F1 look 0.298 too high.
# - The leak has two parts: balanced validation folds inflate the prevalence-dependent metrics
#   (precision, F1, average precision); synthetic near-twins of validation rows in the training folds
#   inflate every metric, ROC-AUC and balanced accuracy included. Never resample a validation or test set.
# - Every step that learns from data belongs inside the pipeline: feature selection fitted on all rows
#   made pure noise look predictable (ROC-AUC 0.969 against 0.533). Keep duplicates, people and time on one side
#   of each split (`StratifiedGroupKFold`, a split by date).
# - Tune sampler and model together on a ranking metric, estimate the tuned recipe with nested
#   cross-validation (`best_score_` is optimistic), then choose the threshold for the costs.
# - Successive halving needs a first rung with enough minority rows for SMOTE; with it, the fast search
#   ran about 21 times faster than the article's recipe on `satimage` (one run each: no verdict
#   on which finds the better model).

# %% [markdown]
# ## Your turn
#
# Each exercise has a cell that ends with `exN.check(answer)`: replace the `...` with your answer and run
# the cell. `check` says "Correct!" or gives a hint, never the answer; `exN.hint()` prints a hint before
# you start. A worked solution sits collapsed below each exercise.

# %%
from helpers.exercises import lesson07

folds5 = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)  # the folds both exercises use
ex1 = lesson07.bug_hunt(X_y, y_y, folds5)
ex2 = lesson07.first_rung(y_y)

# %% [markdown]
# **Exercise 1: find the leaks.** A colleague reports this cross-validated average precision for a
# SMOTE + logistic regression model on `yeast`, with the five most useful features selected first:
#
# ```python
# X_scaled = StandardScaler().fit_transform(X_y)
# X_bal, y_bal = SMOTE(random_state=42).fit_resample(X_scaled, y_y)
# X_top = SelectKBest(f_classif, k=5).fit_transform(X_bal, y_bal)
# scores = cross_validate(LogisticRegression(max_iter=1000), X_top, y_bal, cv=folds5,
#                         scoring="average_precision")["test_score"]
# ```
#
# Run it and note the number. How many of its steps learn from rows they later score (`n_leaky_steps`)?
# Rewrite it as one imbalanced-learn pipeline with the same steps in the same order, cross-validate it on
# `X_y, y_y` with `folds5`, and answer the pipeline, its mean average precision and your count. Before
# running, predict: will the honest number be higher or lower, and by how much?

# %%
# My prediction (before running):
fixed = ...  # one imbalanced-learn pipeline
answer = {"model": fixed, "average_precision": ..., "n_leaky_steps": ...}
ex1.check(answer)

# %% tags=["solution"]
X_scaled = StandardScaler().fit_transform(X_y)  # the colleague's code, to see their number
X_bal, y_bal = SMOTE(random_state=42).fit_resample(X_scaled, y_y)
X_top = SelectKBest(f_classif, k=5).fit_transform(X_bal, y_bal)
leaky = cross_validate(LogisticRegression(max_iter=1000), X_top, y_bal, cv=folds5, scoring="average_precision")
fixed = make_pipeline(StandardScaler(), SMOTE(random_state=42), SelectKBest(f_classif, k=5),
                      LogisticRegression(max_iter=1000))
honest = cross_validate(fixed, X_y, y_y, cv=folds5, scoring="average_precision")
answer = {"model": fixed, "average_precision": honest["test_score"].mean(), "n_leaky_steps": 3}
ex1.check(answer)
print(f"colleague's AP {leaky['test_score'].mean():.3f}; honest AP {honest['test_score'].mean():.3f} "
      f"(folds {honest['test_score'].min():.3f} to {honest['test_score'].max():.3f})")
scaler_outside = make_pipeline(SMOTE(random_state=42), SelectKBest(f_classif, k=5), LogisticRegression(max_iter=1000))
print(f"only the scaler fitted outside: "
      f"{cross_validate(scaler_outside, X_scaled, y_y, cv=folds5, scoring='average_precision')['test_score'].mean():.3f}")

# %% [markdown] tags=["solution"]
# Three of the four steps learn from the rows they see, and all three saw the validation rows: the
# scaler (its means and spreads), SMOTE (the folds were cut from resampled rows: balanced validation
# folds with synthetic near-twins) and SelectKBest (it chose the columns using every label). The
# colleague's number, 0.948, is more than twice the honest 0.425 (folds from 0.344 to 0.474). The scaler's
# leak is the mild one: moving only it back outside the pipeline gives 0.424. In the pipeline every step
# is refitted on each training fold, and the validation fold keeps its real rows and its real balance.

# %% [markdown]
# **Exercise 2: the first rung on a small dataset.** You want to tune `smote__k_neighbors` up to 5 on
# `yeast` with successive halving, 5-fold cross-validation and `factor=3`. With the rule above (each
# training fold should hold on average three times `k_neighbors + 1` minority rows), what is the
# smallest first rung, and how many rungs (the first one included) fit into yeast's 1,484 rows, each
# rung 3 times the last? Predict first: is halving worth it here?

# %%
# My prediction (before running):
answer = {"first_rung": ..., "n_rungs": ...}
ex2.check(answer)

# %% tags=["solution"]
need = 3 * (5 + 1)  # minority rows per training fold
share = y_y.mean() * (5 - 1) / 5  # minority rows per rung row, inside a training fold
first = math.ceil(need / share)
n_rungs = 1 + math.floor(math.log(len(y_y) / first, 3))  # rungs of first, 3 x first, ... up to all rows
answer = {"first_rung": first, "n_rungs": n_rungs}
ex2.check(answer)
print(answer)

# %% [markdown] tags=["solution"]
# Each training fold should hold 3 x 6 = 18 minority rows; a training fold gets 4/5 of the rung, of
# which 2.4% are positives, so the rung needs 954 rows: two thirds of `yeast`. The next rung would be
# 2,862 rows, more than there are, so only one rung fits and successive halving has nothing to save: use
# `GridSearchCV` or `RandomizedSearchCV` on data this small (or halve over another resource, such as a
# booster's `max_iter`, which leaves every fold all its rows).

# %% [markdown]
# ## Next
#
# Continue with **[08 · Thresholds and calibration](08_thresholds_and_calibration.ipynb)**: the strong
# learner, the cost-tuned threshold and the calibration check, end to end, and what resampling does to
# predicted probabilities.

# %% [markdown]
# # 09 · The decision guide: from rules of thumb to measurement
#
# The practical guide this course grew from ends with a "when to use what" list and a four-step
# strategy: understand the data, start simple, experiment systematically, fine-tune the winner. This
# notebook turns both into code (`helpers.guide`) and then does what the practitioner article could not:
# it checks the rules against measurement on the kit's own data.
#
# **In this notebook you will:**
# 1. profile a dataset (size, imbalance, dimension, missing values, class overlap, label noise) and look at it;
# 2. get a rule-based shortlist of techniques with reasons, each a pipeline ready for `evaluation.compare`;
# 3. compare the shortlist with a plain model on the same folds, read the paired verdicts (what they show and
#    what they rule out), and fine-tune the top pick's threshold.
#
# **Prerequisites:** lessons 02 (metrics, confidence intervals), 03-06 (SMOTE, under-sampling, combined
# methods, balanced ensembles) and ideally 08 (thresholds). About 25 minutes.

# %%
import pandas as pd
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import datasets, demos, evaluation, guide, plotting

pd.set_option("display.width", 150)
pd.set_option("display.max_colwidth", 100)  # show the verdicts' readings in full
NAMES = ["yeast", "kddcup", "page_blocks"]
data = {name: datasets.load(name) for name in NAMES}

# %% [markdown]
# ## Step 1: what does the data look like?
#
# `guide.profile` measures what the rules need. Most fields are counts. Two are proxies, computed on
# the scaled, one-hot encoded features with 5 nearest neighbours: **overlap** is the share of minority
# rows whose neighbours are mostly majority rows, and **noise** is the share of rows whose label
# disagrees with all 5 neighbours (`help(guide.profile)` has the details).

# %%
profiles = pd.concat([guide.profile(*data[name]).rename(name) for name in NAMES], axis=1)
profiles

# %% [markdown]
# Three different problems: `yeast` is small with heavily overlapping classes, `kddcup` has categorical
# columns and 100:1 imbalance but little overlap, `page_blocks` is extremely imbalanced with only 28
# minority rows. A picture helps: the first two principal components of the preprocessed features.
#
# Every model below starts with the same preprocessing, written out once here as in lesson 02. `kddcup`
# has categorical columns, so it is a `ColumnTransformer`: numeric columns (picked by type with
# `make_column_selector`) get median imputation and scaling, categorical ones most-frequent imputation
# and one-hot encoding. On the all-numeric `yeast` and `page_blocks` the categorical branch selects no
# column and is skipped.

# %%
prepare = ColumnTransformer([
    ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
     make_column_selector(dtype_include="number")),
    ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
     make_column_selector(dtype_exclude="number")),
])

# %%
fig, axes = plotting.plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
for ax, name in zip(axes, NAMES):
    X, y = data[name]
    Z = PCA(n_components=2, random_state=42).fit_transform(prepare.fit_transform(X))
    for label, key, size in ((0, "majority", 6), (1, "minority", 22)):
        ax.scatter(*Z[y.to_numpy() == label].T, s=size, alpha=0.5 if label == 0 else 0.9,
                   color=plotting.PALETTE[key], label=key)
    ax.set(title=f"{name}: overlap {profiles.loc['overlap', name]}", xticks=[], yticks=[], xlabel="PC 1")
axes[0].legend(loc="upper right")
title = fig.suptitle("yeast's minority mixes with the majority (highest overlap), kddcup's stands apart")
fig;

# %% [markdown]
# ## Step 2: what does a simple model already do?
#
# Start with the plainest model: `prepare`, then a logistic regression with no resampling. Its average
# precision (AP) is the bar every technique must clear. We use the guide's folds, `guide.default_cv()`:
# `RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)`, 10 scores per metric, the fewest
# the kit draws a verdict from. One row per dataset:

# %%
plain_model = make_pipeline(prepare, LogisticRegression(max_iter=1000))
METRICS = ["average_precision", "recall", "precision"]
plain = pd.concat([evaluation.summary_table(evaluation.compare({name: plain_model}, *data[name],
                   cv=guide.default_cv(), metrics=METRICS, progress=False)) for name in NAMES])
plain

# %% [markdown]
# The bar to clear: an AP of 0.526 on `yeast`, 0.955 on `kddcup` and 0.585 on `page_blocks`. On one of
# `yeast`'s 10 folds the plain model flagged no row at all, so its precision there is undefined (0/0): it
# is left out of the mean, not counted as 0.
#
# ## What do the rules recommend, and why?
#
# `guide.recommend` applies the practitioner article's rules to the profile and returns 2-5 candidates, top pick
# first, each with its reasons. The two no-resampling baselines, class weights and a tuned threshold,
# are always on the list: studies since the practitioner article found resampling gave a strong learner little
# or nothing over them (Elor & Averbuch-Elor, 2022; van den Goorbergh et al., JAMIA 2022; lessons 03 and
# 08). Each candidate is a pipeline that starts with `guide.preprocessor(X)`, shorthand for the `prepare`
# step above (it adds the median imputer only where numeric columns have gaps); the resampling candidates
# end in the same logistic regression. We ask about `page_blocks`, the dataset measured in step 3, with a
# 30-tree forest (the default is 100) to keep the notebook fast; the last line shows one candidate in full.

# %%
recs = guide.recommend(*data["page_blocks"], n_estimators=30)
for cand in recs:
    print(f"{cand.name}:\n  - " + "\n  - ".join(cand.reasons))
recs[1].estimator

# %% [markdown]
# The rules, as written in `guide.RULES`: a balanced random forest for 1k-100k rows; SMOTE below 20:1
# with at least 50 minority rows and at most 100 columns; random under-sampling above 100:1 or beyond
# 100k rows; SMOTE-Tomek when overlap is at least 30%, SMOTE-ENN when noise is at least 5%;
# EasyEnsemble for extreme imbalance on huge data.
#
# ## Step 3: does the rules' top pick win the measurement?
#
# The shortlist and the plain model, on the same 10 folds of `page_blocks`, so that every difference can
# be taken fold by fold. (`guide.evaluate(X, y)` runs recommend + compare in one call, but without the
# plain model and without the fold scores, so here we call `evaluation.compare` ourselves.) With 10
# folds instead of 3 this is the slowest step of the notebook, so it runs on one dataset: 5 candidates x
# 10 folds = 50 fits. The same three lines run on `yeast` or `kddcup`.

# %%
candidates = {**guide.candidates(recs), "plain": plain_model}
results, folds = evaluation.compare(candidates, *data["page_blocks"], cv=guide.default_cv(), metrics=METRICS,
                                    progress=False, return_folds=True)
evaluation.summary_table(results)

# %%
fig = plotting.comparison(results, metrics=["average_precision", "recall"], baseline="balanced random forest",
                          title="page_blocks: each candidate's own interval (dashed: the top pick's mean)")
fig;

# %% [markdown]
# Each bar is one candidate's own interval, and they overlap a lot. That does not settle anything: all
# candidates were scored on the same folds, and a fold that is hard for one candidate tends to be hard
# for the others. So we take each candidate minus the rules' top pick, fold by fold. `evaluation.difference` gives the mean
# difference a corrected 95% interval and p-value, and adjusts the p-values for the 8 comparisons in
# the table (Holm). The verdict is "better" or "worse" only when the interval excludes 0 *and* the
# adjusted p-value is below 0.05; `reading` says what the interval rules out.

# %%
verdicts = evaluation.difference(folds, baseline=recs[0].name, metric=["average_precision", "recall"])
verdicts[["candidate", "metric", "difference", "ci_low", "ci_high", "p_holm", "verdict", "reading"]].round(3)

# %% [markdown]
# Read it plainly (each row is a candidate minus the 30-tree forest, on `page_blocks`):
# - **Average precision: the forest is better than two candidates, and not detectably different from the
#   plain model.** Random under-sampling's AP is lower by 0.127 to 0.599 and class weights' by 0.107 to
#   0.496 (Holm-adjusted p-value 0.040 for both, just under 0.05). Against the plain model the interval
#   runs from -0.414 to 0.084: it rules out the plain model ranking better than the forest by more than
#   0.084 AP, but not the forest ranking better by up to 0.414. The tuned threshold's row is the plain
#   model's: moving a threshold does not change a ranking. 10 folds with 28 minority rows cannot say more.
# - **Recall at 0.5: the plain model finds fewer minority rows** (a loss of 0.288 to 0.792 against the
#   forest). Under-sampling found every one on every fold, as the forest did ("identical on every fold":
#   not judged, there is nothing to judge), and class weights shows no detectable difference. The tuned
#   threshold's interval lies below 0 (`reading`: a loss of 0.054 to 0.659), but its Holm-adjusted p-value
#   is 0.103, so among the 7 judged comparisons that is no verdict.
#   Recall at the default 0.5 says more about the threshold than about the model (lesson 08): step 4.
# - **These verdicts are about `page_blocks` and this forest.** On `lending_club` (notebook 10) the
#   forest is the top pick too, and there the paired comparison finds no detectable difference from the
#   plain model in AP while the plain model's probabilities are clearly better.

# %% [markdown]
# ## Step 4: how do you fine-tune the top pick?
#
# Whatever its ranking, the forest's decisions depend on the threshold. Fit the rules' top pick on 75% of
# `thyroid` (151 minority rows, enough for a test set; its numeric columns have gaps, so here
# `guide.preprocessor` includes the median imputer), then compare the default 0.5 threshold with one tuned
# by cross-validation for F1, on the untouched 25%.

# %%
X, y = datasets.load("thyroid")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
print(f"{int(y.sum())} minority rows of {len(y):,}; {int(y_test.sum())} of them in the test split")
forest = guide.recommend(X_train, y_train, n_estimators=30)[0].estimator
tuned = TunedThresholdClassifierCV(forest, scoring="f1", cv=3, random_state=42)
for label, model in (("threshold 0.5", forest), ("tuned threshold", tuned)):
    model.fit(X_train, y_train)
    s = evaluation.scores(y_test, model.predict(X_test))
    print(f"{label}: precision {s['precision']:.3f}, recall {s['recall']:.3f}, f1 {s['f1']:.3f}")
print(f"tuned threshold = {tuned.best_threshold_:.3f}")

# %% [markdown]
# Each tree of a balanced forest saw a 50:50 sample, so its probabilities run high and 0.5 flags many
# rows. The tuned threshold is higher (0.768): on this test split precision went from 0.649 to 0.944 and
# recall from 0.974 to 0.895. That is one split of 38 minority rows, with no interval: lesson 10 shows how
# to put intervals on test-set numbers and compare two decisions on the same resamples.

# %% [markdown]
# ## How do the rules react to a different dataset?
#
# The live demo runs the rules alone (nothing is fitted), so it updates at once: set the minority count,
# imbalance ratio, columns, overlap and noise, and read the shortlist and its reasons.

# %%
demo = demos.guide_rules()
demo

# %%
for setting in ({"minority": 500, "ratio": 9}, {"minority": 2_000, "ratio": 500, "overlap": 0.5}):
    state = demo.update(**setting)
    print(setting, "->", state["rows"], "rows:", state["names"])

# %% [markdown]
# ## Your turn
#
# **Exercise 1.** Profile `satimage` and get its shortlist. Which rule put SMOTE on it, and which put
# SMOTE-Tomek on it?

# %%
# Your code here

# %% tags=["solution"]
X_s, y_s = datasets.load("satimage")
print(guide.profile(X_s, y_s)[["rows", "imbalance_ratio", "minority", "encoded_columns", "overlap"]].to_dict())
for cand in guide.recommend(X_s, y_s):
    print(cand.name, "|", cand.reasons[0])

# %% [markdown] tags=["solution"]
# SMOTE: moderate imbalance (9.3:1, under 20:1) with 626 minority rows and 36 columns. SMOTE-Tomek: the overlap
# proxy (0.317) is above the 30% rule.

# %% [markdown]
# **Exercise 2.** The verdicts above looked at AP and recall. Is the rules' top pick also the most
# *precise* candidate (at the default threshold) on `page_blocks`? Use `evaluation.difference` on the same
# `folds`, with the forest as the baseline and `metric="precision"`.

# %%
# Your code here

# %% tags=["solution"]
precision = evaluation.difference(folds, baseline=recs[0].name, metric="precision")
precision[["candidate", "difference", "ci_low", "ci_high", "p_holm", "verdict", "reading"]].round(3)

# %% [markdown] tags=["solution"]
# No. The plain model at 0.5 is more precise than the forest, by 0.352 to 0.854 (Holm-adjusted over these
# 4 comparisons). Under-sampling, class weights and the tuned threshold show no detectable difference from
# the forest: their intervals rule out gains in precision larger than 0.015, 0.061 and 0.499, and losses
# larger than 0.220, 0.133 and 0.172. A balanced forest at 0.5 over-flags the minority, which costs
# precision: the reason for step 4.

# %% [markdown]
# ## Key takeaways
#
# - Profile first: size, imbalance, minority count, dimension and class overlap decide which techniques make sense.
# - The practitioner article's rules give a sensible shortlist; always keep class weights and a tuned threshold on it.
# - The rules are a hypothesis, not an answer. On `page_blocks` the rules' top pick, a balanced random
#   forest, had a better AP than under-sampling and class weights, but 10 paired folds could not tell it
#   from the plain model; on `lending_club` (lesson 10) the plain model's probabilities were clearly better.
# - Judge candidates by paired differences on the same folds (at least 10), Holm-adjusted when there are
#   many; overlapping intervals of single candidates decide nothing. Recall at 0.5 rewards whichever model
#   has the most inflated probabilities.
# - Fine-tune the winner's threshold for the cost of your mistakes; the default 0.5 is rarely right.
#
# ## Next
#
# Continue with **[10 · Case study](10_case_study.ipynb)**: the whole workflow, end to end, on the credit data.

# %% [markdown]
# # Balancing Act: learning from imbalanced data
#
# Welcome. This course teaches you to build classifiers when the class you care about is rare: the
# fraudulent payment, the sick patient, the loan that defaults, the intrusion in a million connections.
#
# **In this notebook you will:**
# 1. find your way around the course: what each notebook answers and how to work through it;
# 2. check that your environment has the versions the course was tested with;
# 3. meet the six real datasets the lessons use, and see how rare their minority classes are.
#
# **Prerequisites:** basic Python and pandas, and `fit` / `predict` in scikit-learn. No earlier notebook.

# %% [markdown]
# ## What will this course teach me?
#
# Imbalanced-learn's classic toolbox (SMOTE and its variants, under-sampling, combinations, balanced
# ensembles), how to evaluate it honestly (metrics, pipelines without leakage), and the cheaper
# alternatives: class weights, a decision threshold chosen from the costs of mistakes, and a strong
# learner with no resampling at all. Published studies give a differentiated picture that the lessons
# check on their own data: balancing the classes can help weak learners, rarely helps strong ones,
# distorts predicted probabilities, and a threshold chosen for the costs often does the same job.

# %% [markdown]
# ## Which advice does the course put to the test?
#
# Many lessons start from a popular blog post, a practitioner's guide to imbalanced-learn:
#
# > "Imbalanced-learn (imblearn): Handle Imbalanced Datasets Like a Pro"
#
# We call it **the practitioner article**. Here are its main rules, in our words, and the lesson that
# tests each:
#
# | The article's rule, restated | Tested in |
# |---|---|
# | Accuracy misleads on a rare class: count the classes and compute the imbalance ratio before anything else. | 01 |
# | Judge a model by precision, recall and F1 (its favourite), with ROC-AUC, and the area under the precision-recall curve when the imbalance is extreme. | 02 |
# | SMOTE is better than copying minority rows because it invents new ones between neighbours; if it disappoints, try BorderlineSMOTE. | 03 |
# | SMOTE backfires on noisy, high-dimensional or overlapping data and with minority outliers; on wide data, reduce the dimensions (PCA) before SMOTE. | 03, 07 |
# | Under-sample when there is data to spare or the imbalance is extreme; Tomek links and ENN clean up the class boundary. | 04 |
# | For noisy classes that overlap, combine SMOTE with a cleaning step (SMOTEENN, SMOTETomek). | 05 |
# | Start with `BalancedRandomForest`; balanced bagging and EasyEnsemble are the other balanced ensembles to try. | 06 |
# | Resample the training data only, inside an imbalanced-learn `Pipeline` (never before the split, never the test set), and tune the sampler together with the model. | 07 |
# | Behind all of these: a model needs balanced classes to learn the minority. | 08, against class weights and a cost-based threshold |
# | Its "when to use what" list and four-step strategy: understand the data, start simple, compare systematically, tune the winner. | 09, rule by rule on the course's 20 datasets (10 and 11 apply the guide that replaces it) |
#
# Each lesson first teaches the technique properly, then measures the rule on its datasets and learners,
# and says where the measurement agrees with it, where it does not, and where it cannot tell. A result
# holds for the data and learners it was measured on: it is evidence about a rule, not a verdict for
# every dataset.
#
# The course holds itself to one rule: a claim about a result is written next to the output that shows
# it, computed in the notebook you are reading, with the spread across folds where one number could be
# luck; and a test checks each lesson's central claims, so a library upgrade that breaks one fails the
# build. A sentence without the output behind it is a bug: please report it.

# %% [markdown]
# ## How is the course organised?
#
# Work through the notebooks in order; each answers one question.
#
# | # | Notebook | The question it answers | Techniques |
# |---|---|---|---|
# | 00 | [Start here](00_start_here.ipynb) | How does the course work, and what data does it use? | environment check, dataset tour |
# | 01 | [The accuracy trap](01_accuracy_trap.ipynb) | Why can 99% accuracy mean a useless model? | class counts, `DummyClassifier`, confusion matrix |
# | 02 | [Metrics that matter](02_metrics_that_matter.ipynb) | What should I measure instead, and at which threshold? | precision, recall, F-beta, balanced accuracy, MCC, G-mean, ROC vs PR curves, thresholds, costs, Brier score and log loss, the bar to beat |
# | 03 | [Over-sampling and SMOTE](03_oversampling_smote.ipynb) | What does SMOTE invent, and does it help? | RandomOverSampler, SMOTE, ADASYN, BorderlineSMOTE, SVMSMOTE, KMeansSMOTE, SMOTENC |
# | 04 | [Under-sampling](04_undersampling.ipynb) | What do under-samplers throw away, and at what cost? | RandomUnderSampler, TomekLinks, ENN, NearMiss, CNN, OSS, IHT, ClusterCentroids |
# | 05 | [Combined sampling](05_combined_sampling.ipynb) | Does cleaning after SMOTE help? | SMOTEENN, SMOTETomek |
# | 06 | [Imbalanced ensembles](06_ensembles.ipynb) | Should I start with a balanced ensemble? | BalancedRandomForest, BalancedBagging, EasyEnsemble, RUSBoost, their plain twins |
# | 07 | [Pipelines and leakage](07_pipelines_and_leakage.ipynb) | How do I resample without fooling myself, and tune fast? | imblearn `Pipeline`, leakage, nested CV, successive halving |
# | 08 | [Thresholds and calibration](08_thresholds_and_calibration.ipynb) | Can I skip resampling altogether? | class weights, `TunedThresholdClassifierCV`, calibration, prior shift, decision curves |
# | 09 | [The decision guide](09_decision_guide.ipynb) | Which technique should I try first on *my* data? | minority types (safe to outlier), the article's rules measured, `helpers.guide`: shortlist with code, paired comparison, a selection rule |
# | 10 | [Case study: credit risk](10_case_study.ipynb) | What does the whole workflow look like, end to end? | a test set touched once, a stated choice rule, calibration, a cost-tuned threshold, a paired bootstrap, the lender's caveats |
# | 11 | [Your own data](11_your_own_data.ipynb) | What should I do with my own CSV tomorrow? | a template: one parameters cell, the whole workflow, a stakeholder summary |
#
# The course's terms are collected in the [glossary](glossary.md), each with the lesson that teaches it.

# %% [markdown]
# ## How do I use a notebook?
#
# - **On your own:** run the cells in order (Shift+Enter, or *Run → Run All Cells*) and read the text
#   between them: it tells you what each output shows. Each lesson ends with **Your turn** exercises.
#   Their solutions are in cells whose code is folded away: click the three dots (…) under the
#   exercise to reveal one once you have tried.
# - **In a workshop on Binder:** nothing to install, and every notebook runs in seconds. A Binder
#   session is temporary: use *File → Download* to keep anything you change.
# - **Instructors:** each lesson has live demos started by a one-line cell (`demos.…`); move the
#   sliders in front of the room. `INSTRUCTORS.md` lists which cell starts which demo.

# %% [markdown]
# ## Is my environment the one the course was tested with?
#
# The course pins exact versions in `requirements.txt`. The table compares them with what this kernel
# has installed.

# %%
import helpers
from helpers import datasets, plotting

helpers.environment.report()

# %% [markdown]
# Every row should say `ok`. If one says `differs`, the notebooks will probably still run, but numbers
# may not match the text. Run `./kit lab` from the course folder to get the tested versions in a
# private environment (see `README.md`).

# %% [markdown]
# ## Which real datasets will we use?
#
# Six small real datasets ship with the course, so everything runs offline. `datasets.catalog()`
# describes them; provenance and licences are in `datasets/README.md`.

# %%
catalog = datasets.catalog()
catalog

# %% [markdown]
# Read the table from left to right. The datasets come from remote sensing, medicine, biology, document
# analysis, network security and credit. They range from 8 features (`yeast`) to 41 (`kddcup`), and
# `thyroid`, `lending_club` and `kddcup` mix numbers with categories; `thyroid` also has real missing values.
# The `imbalance_ratio` column (majority rows per minority row) runs from 9.3 (`satimage`, moderate)
# through 41.4 (`yeast`, severe) to 194.4 (`page_blocks`, extreme).

# %% [markdown]
# ## How rare is the minority class?

# %%
labels = {name: datasets.load(name)[1] for name in datasets.names()}
plotting.class_balance(labels, title="The minority class is 0.5% to 10% of the rows");

# %% [markdown]
# In `page_blocks` the minority is 28 rows out of 5,472: if you split it 5 ways for cross-validation,
# each test fold holds only 5 or 6 of them, so any score on that class is noisy. That is why the lessons
# show the spread across folds (an interval) wherever a single number could be luck. Three datasets have
# only a few dozen minority rows (`kddcup` 22, `page_blocks` 28, `yeast` 35): on them a comparison can
# reveal a large difference but cannot rule out a small one, so "no clear difference" there means only
# that.

# %% [markdown]
# ## What does a dataset look like up close?
#
# `datasets.load` returns `X` (a DataFrame) and `y` (1 = minority). Here are the first patients of
# `thyroid`: categorical columns have the `category` dtype and missing lab values are `NaN`.

# %%
X, y = datasets.load("thyroid")
X.iloc[:5, [0, 1, 2, 14, 16, 24]]

# %%
y.value_counts().to_dict()

# %% [markdown]
# 151 of 3,163 patients (4.8%) are hypothyroid. A model that ignores them entirely would still be right
# about 95% of the time, and that is exactly the trap the next notebook opens with.

# %% [markdown]
# ## Key takeaways
#
# - The course is a sequence of questions, 01 to 10; run each notebook top to bottom.
# - Each lesson teaches a technique, then tests the practitioner article's rule about it on real data.
# - Six real datasets span moderate (9:1) to extreme (194:1) imbalance, numeric and mixed data.
# - With a few dozen minority rows, every score is noisy: always look at the spread, not one number.

# %% [markdown]
# ## Your turn
#
# Each exercise has a cell that ends with `exN.check(answer)`: replace the `...` with your answer and run
# the cell. `check` says "Correct!" or gives a hint, never the answer; `exN.hint()` prints a hint before
# you start (`exN.hint(2)` says more). Where an exercise asks for a prediction, write it in the comment
# first: a prediction made after seeing the output teaches nothing. A worked solution sits folded below
# each exercise.
#
# Both exercises are about **cross-validation**, which every later lesson uses to score a model: the rows
# are cut into 5 parts (*folds*), and 5 times over, the model is trained on 4 folds and tested on the
# fifth, so every row is tested once by a model that never saw it. scikit-learn's
# `StratifiedKFold(n_splits=5, shuffle=True, random_state=42)` cuts the folds so that each keeps the
# dataset's class balance; its `.split(X, y)` gives, for each of the 5 rounds, a pair `(train, test)` of
# row positions (use them with `y.iloc[test]`).

# %%
from sklearn.model_selection import StratifiedKFold

from helpers.exercises import lesson00

ex1, ex2 = lesson00.exercises(labels)  # checkers bound to the six datasets' labels loaded above

# %% [markdown]
# **Exercise 1: what is left to test on?** Load `kddcup` (network connections, where the minority is a
# rare kind of attack), split it with `StratifiedKFold` as above, and count the minority rows (`y == 1`)
# in each of the 5 test folds. Set `answer` to the list of the 5 counts. Before running, predict from the
# catalog: how many minority rows will the smallest test fold hold?

# %%
# My prediction (before running):
X_kdd, y_kdd = datasets.load("kddcup")
answer = ...  # a list: the number of minority rows in each of the 5 test folds
ex1.check(answer)

# %% tags=["solution"]
X_kdd, y_kdd = datasets.load("kddcup")
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
answer = [int(y_kdd.iloc[test].sum()) for train, test in folds.split(X_kdd, y_kdd)]
ex1.check(answer)
smallest = min(answer)
print(f"minority rows per test fold: {answer}; each test fold has {len(y_kdd) // 5} rows")
print(f"recall on the smallest fold can only be one of {[round(i / smallest, 2) for i in range(smallest + 1)]}")

# %% [markdown] tags=["solution"]
# The 22 rare attacks are split 4, 4, 4, 5 and 5 among test folds of 445 connections each. On a fold
# with 4 of them, recall (the share of the minority a model finds, lesson 01) can only be 0, 0.25, 0.5,
# 0.75 or 1: one attack more or less found moves it by 0.25. That is why the lessons report the spread
# across folds, not one number.

# %% [markdown]
# **Exercise 2: a rare share, or few rows?** Two numbers describe how rare a minority is: its *share* of
# the rows, and its *count*. For the six datasets in `labels`, find (a) the dataset on which a model that
# always answers "no" (0) is most accurate, and (b) the dataset whose smallest test fold, in a stratified
# 5-fold split, holds the fewest minority rows. Before running, predict: is it the same dataset?

# %%
# My prediction (before running):
answer = {"most_accurate_always_no": ..., "fewest_minority_per_fold": ...}  # two dataset names
ex2.check(answer)

# %% tags=["solution"]
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
always_no = {name: float((y_d == 0).mean()) for name, y_d in labels.items()}  # right on every majority row
fewest = {name: min(int(y_d.iloc[test].sum()) for _, test in folds.split(y_d, y_d))
          for name, y_d in labels.items()}
answer = {"most_accurate_always_no": max(always_no, key=always_no.get),
          "fewest_minority_per_fold": min(fewest, key=fewest.get)}
ex2.check(answer)
for name in labels:
    print(f"{name:>12}: 'always no' accuracy {always_no[name]:.3f}, smallest test fold {fewest[name]} minority rows")

# %% [markdown] tags=["solution"]
# Two different datasets. "Always no" is most accurate on `page_blocks` (0.995), where the minority's
# share is smallest; but the noisiest minority scores come from `kddcup`, whose smallest test fold
# holds 4 minority rows against `page_blocks`' 5, because kddcup has fewer minority rows in all (22
# against 28). The share sets how flattering accuracy is; the count sets how noisy every score on the
# minority is. Lesson 01 starts from the first; the second is why, on datasets with few minority rows,
# the lessons show every score with its interval.

# %% [markdown]
# ## Next
#
# Continue with **[01 · The accuracy trap](01_accuracy_trap.ipynb)**: why a model that is 99% accurate
# can be useless.
#
# Already at home with recall, precision and average precision? The resampling lessons start at
# [03 · Over-sampling and SMOTE](03_oversampling_smote.ipynb).

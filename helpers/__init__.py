"""Balancing Act helpers: the small package every notebook imports.

It holds what scikit-learn and imbalanced-learn lack, and never one lesson's models (those are written
out in the lesson; ``tests/unit/test_helpers_hide_no_models.py`` checks it). Modules:
- ``helpers.datasets``: the shipped real datasets (``catalog``, ``load``) and a synthetic 2-D generator.
- ``helpers.evaluation``: ``scores`` for one set of predictions; ``compare`` (``cross_validate`` for many
  candidates on the same folds, one tidy table), ``summary_table`` and paired ``difference`` verdicts.
- ``helpers.stats``: intervals, corrected paired differences, Holm, Wilson, the paired bootstrap.
- ``helpers.plotting``: the kit's colour-blind-safe plots.
- ``helpers.demos``: live ipywidgets demos for instructors (one module per lesson).
- ``helpers.exercises``: offline ``check()`` / ``hint()`` for the lessons' exercises.
- ``helpers.resampling``: what a sampler kept, removed or invented (``trace``, ``counts``).
- ``helpers.metrics``: counts and costs at every threshold, minority-share sweeps (lessons 01-02).
- ``helpers.guide``: the decision guide for a learner's own data (profile, shortlist, evaluate).
- ``helpers.owndata``: lesson 11's checks of a learner's own CSV (path, target, positive label, costs, split).
- ``helpers.evidence``: reads the evidence grid's committed results (``benchmarks/evidence/``) for the
  lessons: ``tally``, ``pairs``, ``plot``, ``cell``.
"""

from . import datasets, environment, evaluation, plotting, stats
from ._files import path as course_file  # a file of the course (e.g. a benchmark table), in a clone or installed

RANDOM_STATE = 42
__version__ = "0.1.0"
__all__ = ["datasets", "environment", "evaluation", "plotting", "stats", "course_file", "RANDOM_STATE"]

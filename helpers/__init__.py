"""Balancing Act helpers: the small package every notebook imports.

Modules (each readable in one screen):
- ``helpers.datasets``: the shipped real datasets (``catalog``, ``load``) and a synthetic 2-D generator.
- ``helpers.evaluation``: ``scores`` for one set of predictions, ``compare`` for cross-validated
  comparisons with confidence intervals.
- ``helpers.plotting``: the kit's colour-blind-safe plots.
- ``helpers.demos``: live ipywidgets demos for instructors.
- ``helpers.metrics``: out-of-fold scores, counts and costs at every threshold, minority-share sweeps
  (lessons 01-02).
"""

from . import datasets, environment, evaluation, plotting

RANDOM_STATE = 42
__version__ = "0.1.0"
__all__ = ["datasets", "environment", "evaluation", "plotting", "RANDOM_STATE"]

"""Live demos for instructors: move a control, the picture and the numbers follow at once.

``from helpers import demos`` gives every builder as ``demos.<name>()``. Modules:
- ``_live``: the machinery (``LiveDemo``, ``_BlittedDemo``, ``new_figure``, shared legend helpers).
- ``lesson01_accuracy_trap``: ``accuracy_trap``, accuracy climbs while minority recall collapses.
- ``lesson02_threshold_costs``: ``threshold_costs``, a decision threshold and what its mistakes cost.
- ``lesson03_smote_neighbours``: ``smote_neighbours``, how SMOTE places a synthetic point.
- ``lesson04_nearmiss_versions``: ``nearmiss_versions``, which majority points NearMiss 1, 2, 3 keep.
- ``lesson05_smote_cleaning``: ``smote_cleaning``, what Tomek links or ENN remove after SMOTE.
- ``lesson06_balanced_forest_strategy``: ``balanced_forest_strategy``, a balanced forest's sampling_strategy.
- ``lesson07_leakage_toggle``: ``leakage_toggle``, resampling before or inside cross-validation.
- ``lesson08_undersampling_calibration``: ``undersampling_calibration``, under-sampling and calibration.
- ``lesson09_guide_rules``: ``guide_rules``, the decision guide's shortlist (lesson 09).
"""

from ._live import PNG_COMPRESS_LEVEL, PROJECTOR_CSS, LiveDemo, _BlittedDemo, new_figure
from .lesson01_accuracy_trap import accuracy_trap
from .lesson02_threshold_costs import threshold_costs
from .lesson03_smote_neighbours import smote_neighbours
from .lesson04_nearmiss_versions import NEARMISS_RULES, nearmiss_versions
from .lesson05_smote_cleaning import smote_cleaning
from .lesson06_balanced_forest_strategy import FOREST_STRATEGIES, balanced_forest_strategy
from .lesson07_leakage_toggle import leakage_toggle
from .lesson08_undersampling_calibration import undersampling_calibration
from .lesson09_guide_rules import guide_rules

__all__ = [
    "FOREST_STRATEGIES", "NEARMISS_RULES", "PNG_COMPRESS_LEVEL", "PROJECTOR_CSS", "LiveDemo", "_BlittedDemo",
    "new_figure", "accuracy_trap", "threshold_costs", "smote_neighbours", "nearmiss_versions",
    "smote_cleaning", "balanced_forest_strategy", "leakage_toggle", "undersampling_calibration", "guide_rules",
]

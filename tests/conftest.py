"""Shared test set-up: a non-interactive matplotlib backend and the kit's paths.

(The offline guard that every kernel of the test session runs with is set up in ../conftest.py.)
"""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def strict(monkeypatch):
    """Exercise checks raise on a wrong answer, as in the test session's kernels (KIT_STRICT_CHECKS=1)."""
    from helpers.exercises import STRICT_ENV

    monkeypatch.setenv(STRICT_ENV, "1")


@pytest.fixture
def lenient(monkeypatch):
    """Exercise checks print their hint on a wrong answer, as for a learner."""
    from helpers.exercises import STRICT_ENV

    monkeypatch.delenv(STRICT_ENV, raising=False)

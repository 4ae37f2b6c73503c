"""helpers keeps what the libraries lack; it does not hide a lesson's models.

A lesson builds every estimator, sampler, pipeline, search, threshold tuner and calibrator it is about in
visible cells. So no helpers module constructs one (a call to a scikit-learn or imbalanced-learn class
that has ``fit``), except the decision guide (which builds candidates for a learner's own data, each
with its code shown) and the live demos (whose fits are precomputed for instant sliders). Issues 13 and 14
removed the last temporary exceptions (metrics, ensembles, leakage, tuning, calibration); none may return.
"""

import ast
import importlib
from pathlib import Path

import pytest

from conftest import ROOT

HELPERS = ROOT / "helpers"
ALLOWED = {"guide", "demos"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(HELPERS).with_suffix("")
    return rel.parts[0]


def _imported_classes(tree: ast.Module) -> dict[str, object]:
    """Names bound by ``from sklearn... / imblearn... import X`` anywhere in the module, to their objects."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in {"sklearn", "imblearn"}:
            mod = importlib.import_module(node.module)
            for alias in node.names:
                obj = getattr(mod, alias.name, None)
                if isinstance(obj, type):
                    found[alias.asname or alias.name] = obj
    return found


def _is_lesson_model(cls: type) -> bool:
    """A model a lesson is about: anything that predicts (classifiers, pipelines, searches, threshold
    tuners, calibrators), a sampler, or a composition of steps (Pipeline, ColumnTransformer). Unsupervised
    instruments a plot uses to draw (PCA for a 2-D view, NearestNeighbors for Tomek links) are not."""
    names = {"Pipeline", "ColumnTransformer", "FeatureUnion"}
    return hasattr(cls, "predict") or hasattr(cls, "fit_resample") or cls.__name__ in names


def constructions(path: Path) -> list[str]:
    """``file:line Class(...)`` for every lesson model the module constructs."""
    tree = ast.parse(path.read_text())
    classes = _imported_classes(tree)
    return [f"{path.name}:{n.lineno} {n.func.id}(...)" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in classes
            and _is_lesson_model(classes[n.func.id])]


MODULES = sorted(HELPERS.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_no_helpers_module_builds_a_lesson_model(path):
    name = _module_name(path)
    if name in ALLOWED:
        return
    found = constructions(path)
    assert not found, ("helpers must not build the models a lesson is about; write them in the notebook "
                       f"(or, for the learner's own data, in helpers.guide): {found}")


def test_the_check_sees_a_construction(tmp_path):
    """The check itself works: it finds a model built in a module, and ignores a plotting instrument."""
    sample = tmp_path / "sample.py"
    sample.write_text("from sklearn.linear_model import LogisticRegression\n"
                      "from sklearn.decomposition import PCA\n"
                      "model = LogisticRegression()\nview = PCA(2)\n")
    assert constructions(sample) == ["sample.py:3 LogisticRegression(...)"]

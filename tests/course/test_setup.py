"""The set-up a newcomer meets: pinned requirements, the two README commands, CI and Binder."""

import os
import re
import stat

from conftest import ROOT


def requirement_lines(path):
    return [l.strip() for l in path.read_text().splitlines() if l.strip() and not l.startswith("#")]


def test_every_requirement_is_pinned_exactly():
    for line in requirement_lines(ROOT / "requirements.txt"):
        assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+!-]+", line), line
    for line in requirement_lines(ROOT / "requirements-dev.txt"):
        assert line == "-r requirements.txt" or "==" in line, line


def test_the_stack_named_in_the_guide_is_pinned():
    names = {l.split("==")[0].lower() for l in requirement_lines(ROOT / "requirements.txt")}
    assert {"jupyterlab", "ipywidgets", "numpy", "pandas", "scikit-learn", "imbalanced-learn", "matplotlib",
            "nbval", "pytest"} <= names


def test_binder_installs_the_same_pins_on_python_311():
    assert requirement_lines(ROOT / "binder" / "requirements.txt") == requirement_lines(ROOT / "requirements.txt")
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    start = (ROOT / "binder" / "start").read_text()
    for var in ("OMP_NUM_THREADS=2", "OPENBLAS_NUM_THREADS=2", "MKL_NUM_THREADS=2"):
        assert f"export {var}" in start
    assert 'exec "$@"' in start
    assert "/lab/tree/notebooks/00_start_here.ipynb" in (ROOT / "binder" / "postBuild").read_text()
    for script in ("start", "postBuild"):
        assert os.stat(ROOT / "binder" / script).st_mode & stat.S_IXUSR, f"binder/{script} must be executable"


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text()
    assert "./kit lab" in readme and "./kit test" in readme
    assert "pip install -r requirements.txt" in readme
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec \./kit test$", ci, re.M), ".ci/run must run exactly the README's test command"
    assert "Never disable it" in readme  # token authentication stays on
    assert not re.search(r"token\s*=\s*(''|\"\")", readme) and "0.0.0.0" not in readme


def test_kit_script_opens_the_first_notebook_and_keeps_token_auth():
    kit = (ROOT / "kit").read_text()
    assert "jupyter\" lab --ServerApp.root_dir=\"$PWD\" notebooks/00_start_here.ipynb" in kit
    assert "token=''" not in kit and "--ServerApp.token" not in kit and "--ip" not in kit
    assert os.stat(ROOT / "kit").st_mode & stat.S_IXUSR

"""Each notebook runs on Google Colab: its Colab cell (inserted by tools/build.py after the title, tagged
``colab``) pip-installs the helpers and their datasets when it finds ``google.colab`` imported, and does
nothing anywhere else.

Colab is simulated: a fresh interpreter outside the repository (helpers not importable) runs 00's Colab cell
in a real IPython shell, first as it is, then with a stand-in ``google.colab`` module, with the repository's
URL replaced by a ``git+file://`` URL of a commit of the working tree. pip runs offline: the options the
learner's cell leaves out come from pip's environment variables (no index, no dependencies, no build
isolation, a --target folder), as in test_install.py, whose snapshot and helpers this reuses.
"""

import json
import os
import sys
import types

import pytest
from IPython.core.inputtransformer2 import TransformerManager
from test_install import _env, _git_repository, _offline_snapshot, _run

from conftest import NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build  # noqa: E402

COLAB = NOTEBOOKS[0]  # 00_start_here, where a learner lands


def colab_cells(path):
    return [c for c in json.loads(path.read_text())["cells"] if build.COLAB_TAG in c["metadata"].get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_the_colab_cell_before_its_first_code(path):
    cells = json.loads(path.read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert len(colab_cells(path)) == 1, f"run `./kit build {path.stem[:2]}`"
    first = 1 if "parameters" in code[0]["metadata"].get("tags", []) else 0  # papermill's cell stays first
    assert build.COLAB_TAG in code[first]["metadata"].get("tags", []), "the Colab cell comes before other code"
    assert "".join(code[first]["source"]) == build.COLAB_CELL
    assert code[first]["outputs"] == [], "outside Colab the cell prints nothing"


class Recorder:
    """Stands in for get_ipython(): records the magics the transformed cell calls instead of running them."""

    def __init__(self):
        self.calls = []

    def run_line_magic(self, name, line):
        self.calls.append((name, line))


@pytest.mark.parametrize("on_colab", [False, True], ids=["elsewhere", "on-colab"])
def test_the_cell_calls_pip_only_on_colab(on_colab, monkeypatch):
    """What IPython makes of the cell: %pip inside the if runs on Colab only, with the repository's URL."""
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    shell = Recorder()
    exec(TransformerManager().transform_cell(build.COLAB_CELL), {"get_ipython": lambda: shell})
    expected = [("pip", f'install --quiet "git+{build.REPOSITORY}"')]
    assert shell.calls == (expected if on_colab else [])


# A fresh interpreter: the repository's folder and the editable install's finder are removed from the import
# system, the Colab cell runs in a real IPython shell (which runs %pip as `python -m pip ...` through
# shell.system), first as it is, then with google.colab in sys.modules; then helpers loads a dataset.
SIMULATE = r"""
import importlib.util, json, sys, types
from pathlib import Path
repo, cell = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).read_text()
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != repo]
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
commands, system = [], shell.system
shell.system = lambda cmd: (commands.append(cmd), system(cmd))[1]
out = {"before": importlib.util.find_spec("helpers") is not None}
shell.run_cell(cell).raise_error()
out["elsewhere"] = list(commands)
sys.modules["google.colab"] = types.ModuleType("google.colab")  # what a Colab kernel has imported
shell.run_cell(cell).raise_error()
out.update(on_colab=commands[len(out["elsewhere"]):], exit_code=shell.user_ns.get("_exit_code"))
shell.run_cell("from helpers import datasets\nX, y = datasets.load('yeast')").raise_error()
ns = shell.user_ns
out.update(helpers=ns["datasets"].__file__, shape=list(ns["X"].shape), minority=int(ns["y"].sum()))
print(json.dumps(out))
"""


def test_on_simulated_colab_the_cell_installs_helpers_with_the_data(tmp_path_factory):
    repo = _git_repository(_offline_snapshot(tmp_path_factory), tmp_path_factory)
    (cell,) = colab_cells(COLAB)
    source = "".join(cell["source"])
    assert source.count(build.REPOSITORY) == 1
    cell_file = tmp_path_factory.mktemp("cell") / "colab_cell.py"
    cell_file.write_text(source.replace(build.REPOSITORY, repo.as_uri()))
    target = tmp_path_factory.mktemp("site")  # stands in for Colab's site-packages
    env = _env(PYTHONPATH=os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")])), MPLBACKEND="Agg",
               PIP_TARGET=str(target), PIP_NO_INDEX="1", PIP_NO_DEPS="1", PIP_NO_CACHE_DIR="1",
               PIP_NO_BUILD_ISOLATION="0")  # sic: pip reads this as build_isolation=0, i.e. --no-build-isolation
    done = _run([sys.executable, "-s", "-P", "-c", SIMULATE, str(ROOT), str(cell_file)], env=env,
                cwd=tmp_path_factory.mktemp("content"))
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert not out["before"], "helpers was importable before the install: the simulation is not isolated"
    assert out["elsewhere"] == [], "outside Colab the cell must not run pip"
    assert len(out["on_colab"]) == 1 and " -m pip install " in out["on_colab"][0], out["on_colab"]
    assert f"git+{repo.as_uri()}" in out["on_colab"][0] and out["exit_code"] == 0, done.stdout + done.stderr
    assert os.path.realpath(out["helpers"]).startswith(os.path.realpath(target))
    assert (out["shape"], out["minority"]) == ([1484, 8], 35)

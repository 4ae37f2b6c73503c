"""Using the kit outside this folder: ``pip install <clone>`` and ``pip install git+file://<clone>`` (and an
sdist of the clone) give a ``helpers`` that carries its data and works from any folder, with the repository
not importable.

``setup.py`` copies the course's data (the datasets with their checksums, the evidence grid's results and
per-fold scores, requirements.txt) into ``helpers/_data/`` when it builds the wheel; ``helpers/_files.py``
looks there first, then in the clone. The three installs are built from a snapshot of the working tree (the
files git tracks or would track, uncommitted edits included) in a temporary folder, because a build writes
``build/`` and ``*.egg-info/`` next to its sources, which must not happen in the repository while the suite
runs. pip runs offline: no index, no dependencies, no build isolation (this environment's setuptools,
pinned in requirements-dev.txt, builds the wheel).
"""

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import datasets, environment

SHIPPED = (["datasets/SHA256SUMS"]
           + [f"datasets/{line.split()[1]}" for line in (ROOT / "datasets" / "SHA256SUMS").read_text().splitlines()
              if line.strip()]
           + ["benchmarks/evidence/results.csv", "benchmarks/evidence/folds.csv.gz", "benchmarks/evidence/profiles.csv",
              "benchmarks/results_lessons_03_05.md", "benchmarks/results_tuning.md", "requirements.txt"])

# Run in a fresh interpreter whose only route to helpers is the install folder: the repository's own path
# and the editable install's finder (pip install -e . puts one in this environment) are removed first.
CHECK = r"""
import json, sys
from pathlib import Path
repo, target = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != repo]
import importlib.util
found = [p for p in sys.path if Path(p or ".").resolve() == target]
sys.path[:] = [p for p in sys.path if p not in found]
elsewhere = importlib.util.find_spec("helpers")  # None: only the install folder has it
sys.path[:0] = found
import helpers
from helpers import datasets, environment, evidence
loaded = {}
for name in datasets.names():
    X, y = datasets.load(name)  # checks the file against SHA256SUMS
    loaded[name] = [len(X), X.shape[1], int(y.sum())]
print(json.dumps({
    "helpers": helpers.__file__, "data_dir": str(datasets.DATA_DIR), "results": str(evidence.RESULTS),
    "datasets": loaded, "results_rows": len(evidence.load()), "folds_rows": len(evidence.load_folds()),
    "numpy_tested": environment.pinned_versions()["numpy"],
    "elsewhere": elsewhere and elsewhere.origin,
}))
"""


def _builds_wheels_offline() -> str:
    """'' if this environment can build the wheel without build isolation, else what is missing."""
    try:
        setuptools = version("setuptools")
    except PackageNotFoundError:
        return "setuptools is not installed"
    major_minor = tuple(int(part) for part in setuptools.split(".")[:2])
    if major_minor >= (70, 1):  # bdist_wheel is part of setuptools from 70.1
        return ""
    try:
        version("wheel")
        return ""
    except PackageNotFoundError:
        return f"setuptools {setuptools} needs the wheel package to build a wheel"


def _env(**extra) -> dict[str, str]:
    """This environment without pip's configuration (offline, nothing from the machine's pip.conf), git's user
    configuration or warnings turned into errors (tools/check_latest_stack.py sets some: pip's own are not ours)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "GIT_")) and k != "PYTHONWARNINGS"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", **extra)
    return env


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


def _snapshot(folder: Path) -> Path:
    """The working tree as a clone would have it (with uncommitted edits), copied to folder/course."""
    source = folder / "course"
    listed = _run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                  env=_env()) if shutil.which("git") else None
    if listed is not None and listed.returncode == 0:
        for name in filter(None, listed.stdout.split("\0")):
            if (ROOT / name).is_file():  # a tracked file deleted in the working tree is left out
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, source / name)
    else:  # not a git checkout (an unpacked archive): everything but environments and build products
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".ipynb_checkpoints", "artifacts"))
    return source


def _offline_snapshot(tmp_path_factory) -> Path:
    """The snapshot, or a skip (a failure in CI) when this environment cannot build the wheel offline."""
    missing = _builds_wheels_offline()
    if missing:
        message = f"cannot build the helpers wheel offline here: {missing}; install requirements-dev.txt"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return _snapshot(tmp_path_factory.mktemp("snapshot"))


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return _offline_snapshot(tmp_path_factory)


def _pip_install(spec: str, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("installed")
    done = _run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                 "--no-cache-dir", "--target", str(target), spec], env=_env(), cwd=tmp_path_factory.mktemp("cwd"))
    assert done.returncode == 0, f"pip install {spec} failed:\n{done.stdout}\n{done.stderr}"
    return target


@pytest.fixture(scope="module")
def from_path(snapshot, tmp_path_factory):
    """pip install <path of a clone>"""
    return _pip_install(str(snapshot), tmp_path_factory)


def _git_repository(snapshot: Path, tmp_path_factory) -> Path:
    """The snapshot committed to a fresh git repository (what pip clones for a git+file:// URL)."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("git") / "course"
    shutil.copytree(snapshot, repo, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    env = _env(GIT_AUTHOR_NAME="kit", GIT_AUTHOR_EMAIL="kit@localhost", GIT_COMMITTER_NAME="kit",
               GIT_COMMITTER_EMAIL="kit@localhost")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "snapshot"]):
        done = _run(["git", *args], cwd=repo, env=env)
        assert done.returncode == 0, done.stderr
    return repo


@pytest.fixture(scope="module")
def from_git(snapshot, tmp_path_factory):
    """pip install git+file://<a clone>: the snapshot committed to a fresh repository, which pip clones."""
    return _pip_install(f"git+{_git_repository(snapshot, tmp_path_factory).as_uri()}", tmp_path_factory)


@pytest.fixture(scope="module")
def from_sdist(snapshot, tmp_path_factory):
    """pip install of an sdist built from the clone (python -m build, a package index): MANIFEST.in must put
    the data in it."""
    out = tmp_path_factory.mktemp("sdist")
    done = _run([sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})"],
                cwd=snapshot, env=_env())
    assert done.returncode == 0, done.stderr
    (sdist,) = out.glob("*.tar.gz")
    return _pip_install(str(sdist), tmp_path_factory)


@pytest.fixture(params=["path", "git", "sdist"])
def installed(request):
    """The helpers package installed with pip --target from the clone's path, from git+file:// of it, or from
    an sdist of it."""
    return request.getfixturevalue(f"from_{request.param}")


def _check(target: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = _env(PYTHONPATH=str(target), MPLBACKEND="Agg")
    # -s: no user site-packages; -P: neither the current folder nor a script's folder on sys.path
    return _run([sys.executable, "-s", "-P", "-c", CHECK, str(ROOT), str(target)], env=env, cwd=cwd)


def test_the_installed_package_carries_every_module_and_the_data(installed):
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py")}
    assert {p.relative_to(installed).as_posix() for p in (installed / "helpers").rglob("*.py")} == modules
    data = installed / "helpers" / "_data"
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()) == sorted(SHIPPED)
    for name in SHIPPED:
        assert (data / name).read_bytes() == (ROOT / name).read_bytes(), name
    top = {p.name for p in installed.iterdir()}
    assert top == {"helpers", f"balancing_act_helpers-{version('balancing-act-helpers')}.dist-info"}, top


def test_the_installed_helpers_loads_its_data_from_any_folder(installed, tmp_path):
    done = _check(installed, tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["elsewhere"] is None, f"helpers is importable from {out['elsewhere']}, not only from the install"
    assert Path(out["helpers"]).resolve() == (installed / "helpers" / "__init__.py").resolve()
    assert Path(out["data_dir"]).resolve() == (installed / "helpers" / "_data" / "datasets").resolve()
    assert Path(out["results"]).resolve().is_relative_to(installed.resolve())
    expected = {}
    for name in datasets.names():
        X, y = datasets.load(name)
        expected[name] = [len(X), X.shape[1], int(y.sum())]
    assert out["datasets"] == expected
    assert out["datasets"]["yeast"] == [1484, 8, 35] and out["datasets"]["thyroid"] == [3163, 25, 151]
    assert out["results_rows"] > 10_000 and out["folds_rows"] > 10_000
    assert out["numpy_tested"] == environment.pinned_versions()["numpy"]  # requirements.txt travels too


def test_without_its_data_the_installed_helpers_says_how_to_reinstall(from_path, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(from_path / "helpers", bare / "helpers", ignore=shutil.ignore_patterns("_data"))
    done = _check(bare, tmp_path)
    assert done.returncode != 0
    assert "was installed without the course's data" in done.stderr, done.stderr
    assert "pip install --force-reinstall --no-deps <path of a clone of the course>" in done.stderr


def test_the_repository_keeps_one_copy_of_the_data():
    """The data is copied into the package only in a build: never into helpers/ in the repository, where it
    would be a second copy in git and would shadow the real files in an editable install."""
    assert not (ROOT / "helpers" / "_data").exists()
    assert datasets.DATA_DIR == ROOT / "datasets"

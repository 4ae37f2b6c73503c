"""Loaded by pytest for every run inside this repository (whole suite or a single notebook).

The offline guard: every process the test session starts (the nbval kernels that run the notebooks,
their joblib workers, the browser test's JupyterLab server and its kernels) imports
``tests/offline_guard.py`` as ``sitecustomize`` and cannot open a connection off this machine, so a
notebook that touches the network fails its nbval run. ``tests/offline_probe.ipynb`` proves it.

It also makes a single-notebook run (``pytest notebooks/01_x.ipynb``) behave like the whole suite:
nbval switches its kernels to ``%matplotlib inline`` itself, and a kernel that also starts with the
inline backend shows every figure twice, so kernels start with ``MPLBACKEND=Agg`` (as they do when
tests/conftest.py is loaded first).

Exercise checkers run in strict mode in every kernel the session starts (``KIT_STRICT_CHECKS=1``, see
``helpers/exercises``): a wrong answer raises instead of printing "Not yet", so a worked solution that
no longer produces a correct answer fails its notebook's test.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def _install_offline_guard() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kit-offline-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copy(Path(__file__).parent / "tests" / "offline_guard.py", folder / "sitecustomize.py")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return folder


OFFLINE_GUARD_DIR = _install_offline_guard()
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("KIT_STRICT_CHECKS", "1")

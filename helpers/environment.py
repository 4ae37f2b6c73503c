"""Is this the environment the kit was tested in? Compare installed versions with requirements.txt.

>>> table = report()
>>> list(table.columns)
['installed', 'tested', 'status']
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from . import _files

#: The pins: inside the installed package, or requirements.txt in a clone.
REQUIREMENTS = _files.path("requirements.txt")
STACK = ("jupyterlab", "ipywidgets", "numpy", "pandas", "scikit-learn", "imbalanced-learn", "matplotlib",
         "nbval", "pytest")


def pinned_versions(path: Path = REQUIREMENTS) -> dict[str, str]:
    """Package name -> version pinned in requirements.txt."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing, so the tested versions are unknown. "
                                + _files.restore("requirements.txt"))
    pins = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, ver = line.split("==", 1)
            pins[name.strip().lower()] = ver.strip()
    return pins


def report(packages: tuple[str, ...] = STACK) -> pd.DataFrame:
    """One row per package of the stack: installed version, tested (pinned) version, and a status.

    Status is "ok" when they match, "differs" when another version is installed (the notebooks will
    probably still run, but printed numbers may differ), "missing" when it is not installed.
    """
    pins = pinned_versions()
    rows = {"python": {"installed": f"{sys.version_info.major}.{sys.version_info.minor}", "tested": "3.11"}}
    for name in packages:
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "-"
        rows[name] = {"installed": installed, "tested": pins.get(name, "?")}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["status"] = [
        "missing" if r.installed == "-" else "ok" if r.installed == r.tested else "differs"
        for r in table.itertuples()
    ]
    return table

"""Where the course's files are, whether ``helpers`` runs from a clone of the course or was installed.

The helpers read a few files the course keeps in its own folders: the shipped datasets (``datasets/``), the
evidence grid's results (``benchmarks/evidence/``) and the tested versions (``requirements.txt``). Building
the package (``pip install <clone>``, ``pip install git+<url>``) copies them into ``helpers/_data/`` with
the same relative paths (``setup.py`` does it); an editable install (``pip install -e .``) and a clone used
without installing read them where they are. ``path`` looks in the installed package first, then in the
clone.

>>> path("datasets").name
'datasets'
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The course's files inside an installed (built) package; absent in a clone and in an editable install.
INSTALLED = PACKAGE / "_data"
#: The folder above the package: the course's repository when helpers runs from a clone.
CLONE = PACKAGE.parent


def _is_course_clone(folder: Path) -> bool:
    # A clone's pyproject.toml names this package; an installed helpers sits in site-packages (or a --target
    # folder), which has none, and whose other packages (such as one called "datasets") are not the course's.
    try:
        return 'name = "balancing-act-helpers"' in (folder / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False


IN_CLONE = _is_course_clone(CLONE)


def path(relative: str) -> Path:
    """The course file or folder ``relative`` (its path in the repository, e.g. ``"datasets"``).

    The installed package's copy if there is one, else the clone's. If neither exists, the path where it
    should be (the clone's in a clone, else the package's), so the caller can say which file is missing.
    """
    candidates = [INSTALLED / relative] + ([CLONE / relative] if IN_CLONE else [])
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[-1]


def restore(relative: str, rebuild: str = "") -> str:
    """What to do when the course file ``relative`` is missing or damaged, for the way helpers was installed.

    ``rebuild`` is a second way to make the file in a clone (a script that regenerates it), if there is one.
    """
    if IN_CLONE and not INSTALLED.is_dir():
        rebuild = f"; {rebuild}" if rebuild else ""
        return f"Restore it with `git checkout -- {relative}` (or re-clone the kit){rebuild}."
    reinstall = ("`pip install --force-reinstall --no-deps <path of a clone of the course>` or "
                 "`pip install --force-reinstall --no-deps git+<the course's repository URL>`")
    if INSTALLED.is_dir():
        return (f"This installed helpers ({PACKAGE}) has a missing or damaged copy of the course's {relative}: "
                f"reinstall it with {reinstall}.")
    return (f"This helpers ({PACKAGE}) was installed without the course's data, and is not in a clone of the "
            f"course either, so {relative} is in neither place. Reinstall it with {reinstall}: building the "
            "package puts the data inside it (copying the helpers/ folder alone leaves the data behind). Or work "
            "in a clone of the course.")

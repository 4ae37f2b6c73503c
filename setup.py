"""The one build step pyproject.toml cannot declare: put the course's data inside the built package.

The helpers read files the course keeps in its own folders (``datasets/``, ``benchmarks/evidence/``,
``requirements.txt``). Building a wheel (``pip install <clone>``, ``pip install git+<url>``) copies them
into ``helpers/_data/`` with the same relative paths, where ``helpers/_files.py`` looks first, so an
installed helpers works outside the course folder. Git keeps one copy of each file, where it always was.
An editable install (``pip install -e .``, what requirements.txt and ``./kit`` do) copies nothing: the
helpers read the clone's files. MANIFEST.in puts the same files in an sdist.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def course_data() -> list[str]:
    """The files to ship, relative to the repository: every dataset listed in datasets/SHA256SUMS with the
    checksums themselves, the evidence grid's results, per-fold scores and dataset profiles, and the tested pins."""
    sums = HERE / "datasets" / "SHA256SUMS"
    listed = [line.split()[1] for line in sums.read_text().splitlines() if line.strip()] if sums.exists() else []
    return (["datasets/SHA256SUMS"] + [f"datasets/{name}" for name in listed]
            + ["benchmarks/evidence/results.csv", "benchmarks/evidence/folds.csv.gz",
               "benchmarks/evidence/profiles.csv", "benchmarks/results_lessons_03_05.md",
               "benchmarks/results_tuning.md", "requirements.txt"])


class BuildPyWithCourseData(build_py):
    """build_py, then a copy of the course's data into helpers/_data/ (not in editable mode)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        missing = [name for name in course_data() if not (HERE / name).is_file()]
        if missing:
            raise FileNotFoundError(f"Cannot build helpers without the course's data: {missing} missing from "
                                    f"{HERE}. Build from a complete clone of the course (git status shows what "
                                    "was deleted).")
        for name in course_data():
            target = Path(self.build_lib) / "helpers" / "_data" / name
            self.mkpath(str(target.parent))
            self.copy_file(str(HERE / name), str(target), preserve_mode=False)


setup(cmdclass={"build_py": BuildPyWithCourseData})

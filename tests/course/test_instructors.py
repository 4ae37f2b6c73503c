"""INSTRUCTORS.md says which cell starts which demo, and names every demo builder that exists."""

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import instructors  # noqa: E402

TEXT = (ROOT / "INSTRUCTORS.md").read_text()


def test_generated_tables_are_up_to_date():
    assert instructors.updated_text(TEXT) == TEXT, (
        "INSTRUCTORS.md's demo and timing tables are out of date: run `python tools/instructors.py` "
        "(or `python benchmarks/run_benchmarks.py`, which measures the timings and then runs it)")


def test_every_demo_builder_and_demo_notebook_is_named():
    for name in instructors.demo_builders():
        assert f"demos.{name}()" in TEXT, f"INSTRUCTORS.md does not mention demos.{name}()"
    for path in instructors.notebooks():
        if instructors.demo_cells(path):
            assert f"`{path.name}`" in TEXT


def test_builder_discovery_follows_the_house_rule():
    """Public, annotated -> LiveDemo, no required argument (what the benchmark and this guide rely on)."""
    import types

    from helpers.demos import LiveDemo

    module = types.ModuleType("fake_demos")
    module.LiveDemo = LiveDemo
    source = ("def good() -> LiveDemo: ...\n"
              "def with_default(dataset='yeast') -> LiveDemo: ...\n"
              "def needs_argument(demo) -> LiveDemo: ...\n"
              "def _private() -> LiveDemo: ...\n"
              "def not_a_demo() -> int: ...\n")
    exec(compile(source, "fake_demos", "exec"), module.__dict__)
    for func in vars(module).values():
        if callable(func) and getattr(func, "__code__", None):
            func.__module__ = "fake_demos"
    assert sorted(instructors.demo_builders(module)) == ["good", "with_default"]

"""The live demos of lessons 03-05, driven without a browser: every setting works and moves the right way."""

import pytest

from helpers import demos


@pytest.fixture(scope="module")
def smote_demo():
    return demos.smote_neighbours()


def test_smote_neighbours_every_setting(smote_demo):
    points = list(smote_demo.controls["point"].options)
    assert len(points) == 3
    for point in points:
        reach = []
        for k in smote_demo.controls["k_neighbors"].options:
            s = smote_demo.update(point=point, k_neighbors=k)
            assert s["n_neighbours"] == k and len(s["neighbours"]) == k
            assert 0 <= s["n_on_segments_in_majority"] <= s["n_on_segments"] <= s["n_synthetic"]
            reach.append(s["reach"])
        assert reach == sorted(reach), "more neighbours reach at least as far"
    assert smote_demo.errors == []


def test_smote_neighbours_outlier_seeds_points_in_the_majority(smote_demo):
    core = smote_demo.update(point="A: in the core of the minority", k_neighbors=5)
    outlier = smote_demo.update(point="C: an outlier among the majority", k_neighbors=5)
    assert core["n_on_segments"] > 0 and core["n_on_segments_in_majority"] == 0
    assert outlier["n_on_segments"] > 0 and outlier["n_on_segments_in_majority"] == outlier["n_on_segments"]
    assert outlier["reach"] > 3 * core["reach"]


def test_smote_neighbours_picture_and_readout_follow(smote_demo):
    smote_demo.update(point="A: in the core of the minority", k_neighbors=2)
    png, text = smote_demo.image.value, smote_demo.readout.value
    state = smote_demo.update(k_neighbors=8)
    assert smote_demo.image.value != png and smote_demo.readout.value != text
    assert f"<b>{state['n_on_segments']}</b>" in smote_demo.readout.value


def test_nearmiss_versions():
    demo = demos.nearmiss_versions()
    for k in demo.controls["n_neighbors"].options:
        one, two, three = (demo.update(version=v, n_neighbors=k) for v in (1, 2, 3))
        assert one["kept"] == two["kept"] == one["n_minority"], "versions 1 and 2 balance exactly"
        assert one["warning"] == two["warning"] == ""
        assert three["kept"] <= three["n_minority"]
        if three["kept"] < three["n_minority"]:
            assert three["warning"] and "not balanced" in demo.readout.value
        assert len(three["kept_xy"]) + len(three["removed_xy"]) == len(one["kept_xy"]) + len(one["removed_xy"])
    assert demo.update(version=1, n_neighbors=3)["kept_xy"].tolist() != demo.update(version=3)["kept_xy"].tolist()
    assert demo.errors == []


def test_smote_cleaning():
    demo = demos.smote_cleaning()
    overlaps = demo.controls["overlap"].options
    enn = [demo.update(method="SMOTEENN", overlap=o)["removed"] for o in overlaps]
    tomek = [demo.update(method="SMOTETomek", overlap=o)["removed"] for o in overlaps]
    assert all(demo.update(method="SMOTE only", overlap=o)["removed"] == 0 for o in overlaps)
    assert all(e >= t for e, t in zip(enn, tomek)), "ENN removes at least as much as Tomek links"
    assert enn[-1] > 5 * max(enn[0], 1) and tomek[-1] > tomek[0], "more overlap, more cleaning"
    s = demo.update(method="SMOTETomek", overlap=0.8)
    assert s["removed_by_class"][0] == s["removed_by_class"][1], "a Tomek link has one point of each class"
    assert s["after_smote"] == [s["before"][0]] * 2
    assert s["after"] == [a - r for a, r in zip(s["after_smote"], s["removed_by_class"])]
    assert "after SMOTE" in demo.readout.value and demo.errors == []


@pytest.mark.parametrize("builder", [demos.smote_neighbours, demos.nearmiss_versions, demos.smote_cleaning])
def test_blitted_picture_matches_a_full_render(builder):
    """The demos of lessons 03-05 redraw only what changes; the picture must equal a full redraw."""
    import io

    import numpy as np
    from PIL import Image

    demo = builder()
    first = demo.image.value
    for name, control in demo.controls.items():  # move every control to its last option
        demo.update(**{name: list(control.options)[-1] if not isinstance(control.options[0], tuple)
                       else control.options[-1][1]})
    assert demo.image.value != first
    blitted = np.asarray(Image.open(io.BytesIO(demo.image.value)).convert("RGB"), dtype=float)
    for artist in demo._dynamic:
        artist.set_animated(False)
    buf = io.BytesIO()
    demo.figure.savefig(buf, format="png", dpi=demo.figure.dpi)
    full = np.asarray(Image.open(buf).convert("RGB"), dtype=float)
    assert blitted.shape == full.shape
    assert np.abs(blitted - full).mean() < 1.0, "only drawing order may differ, by a few pixels"

"""Lesson 09's live demo, driven without a browser: the shortlist follows the characteristics."""

from helpers import demos


def test_characteristics_move_the_shortlist_the_way_the_rules_say():
    demo = demos.guide_rules()
    moderate = demo.update(minority=500, ratio=9, columns=20, overlap=0.1, noise=0.0)
    assert moderate["names"] == ["balanced random forest", "SMOTE", "class weights", "tuned threshold"]
    assert moderate["rows"] == 5000
    assert "SMOTE" not in demo.update(minority=500, ratio=40)["names"]          # beyond ~20:1
    assert "SMOTE" not in demo.update(minority=30, ratio=9)["names"]            # under 50 minority rows
    assert "SMOTE" not in demo.update(minority=500, ratio=9, columns=300)["names"]  # too many columns
    extreme = demo.update(minority=2_000, ratio=500, columns=20)
    assert extreme["names"][:2] == ["EasyEnsemble", "random under-sampling"]
    assert "SMOTE-Tomek" in demo.update(minority=500, ratio=9, overlap=0.5)["names"]
    assert "SMOTE-ENN" in demo.update(noise=0.1)["names"]
    assert demo.errors == []


def test_baselines_always_listed_and_readout_gives_reasons():
    demo = demos.guide_rules()
    for minority in (10, 150, 10_000):
        for ratio in (2, 19, 150):
            state = demo.update(minority=minority, ratio=ratio)
            assert state["names"][-2:] == ["class weights", "tuned threshold"] and 2 <= len(state["names"]) <= 5
            assert all(state["reasons"])
    assert "Top pick" in demo.readout.value and "baseline without resampling" in demo.readout.value


def test_moving_a_slider_in_the_browser_updates_picture_and_readout():
    demo = demos.guide_rules()
    before = demo.image.value
    demo.controls["ratio"].value = 500
    assert demo.last_state["ratio"] == 500 and demo.errors == []
    assert demo.image.value != before and "(500:1)" in demo.readout.value


def test_every_control_changes_the_readout():
    """Each control is echoed in the readout, so moving any of them visibly answers (the browser test needs it)."""
    demo = demos.guide_rules()
    for name, control in demo.controls.items():
        values = [value for _, value in control.options]
        demo.update(**{name: values[0]})
        before = demo.readout.value
        demo.update(**{name: values[-1]})
        assert demo.readout.value != before, name

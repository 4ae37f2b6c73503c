"""helpers.exercises.lesson09: right answers pass (in strict mode too), each recognised mistake gets its own hint,
placeholders never raise, and no message gives the expected value away."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from helpers import datasets, guide
from helpers.exercises import STRICT_ENV, lesson09


def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


@pytest.fixture(scope="module")
def thyroid():
    X, y = datasets.load("thyroid")
    return guide.prepare().fit_transform(X), y.to_numpy()


def _share(Z, y, rows, self_included=False):
    nn = NearestNeighbors(n_neighbors=5).fit(Z[rows])
    _, nb = nn.kneighbors(Z[rows]) if self_included else nn.kneighbors()
    return float(np.mean((y[rows][nb] == 1).sum(axis=1)[y[rows] == 1] >= 4))


def _view(y, seed):
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    return np.r_[pos, np.random.default_rng(seed).choice(neg, len(pos), replace=False)]


def test_ex1_accepts_the_seeded_view(capsys, monkeypatch, thyroid):
    monkeypatch.setenv(STRICT_ENV, "1")
    Z, y = thyroid
    lesson09.balanced_safe_share().check(_share(Z, y, _view(y, 7)))
    assert "Correct!" in capsys.readouterr().out


def test_ex1_recognises_each_mistake(capsys, lenient, thyroid):
    Z, y = thyroid
    ex1 = lesson09.balanced_safe_share()
    assert "as they are" in printed(capsys, ex1, _share(Z, y, np.arange(len(y))))
    assert "own neighbours" in printed(capsys, ex1, _share(Z, y, _view(y, 7), self_included=True))
    assert "guide.profile's value" in printed(capsys, ex1, float(guide.profile(*datasets.load("thyroid"))["safe"]))
    other = next(v for v in (_share(Z, y, _view(y, seed)) for seed in range(1, 20)) if abs(v - _share(Z, y, _view(y, 7))) > 0.01)
    assert "not the draw" in printed(capsys, ex1, other)
    assert "not what one balanced view gives" in printed(capsys, ex1, 0.3)
    assert "No answer yet" in printed(capsys, ex1, ...)


def test_ex1_refuses_what_is_not_a_share(capsys, lenient):
    ex1 = lesson09.balanced_safe_share()
    assert printed(capsys, ex1, 84.8).startswith("Not yet")
    assert printed(capsys, ex1, "0.85").startswith("Not yet")


def _models():
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline as make_imb_pipeline
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import TunedThresholdClassifierCV
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def cost(c_miss):
        def f(y_true, y_pred):
            return (c_miss * np.sum((y_true == 1) & (y_pred == 0)) + np.sum((y_true == 0) & (y_pred == 1))) / len(y_true)
        return f

    def tuned(inner, c_miss=10, greater=False):
        return TunedThresholdClassifierCV(inner, scoring=make_scorer(cost(c_miss), greater_is_better=greater), cv=5)

    return {
        "right": tuned(make_imb_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier())),
        "no tuner": make_imb_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier()),
        "no smote": tuned(make_imb_pipeline(StandardScaler(), KNeighborsClassifier())),
        "smote first": tuned(make_imb_pipeline(SMOTE(random_state=42), StandardScaler(), KNeighborsClassifier())),
        "sklearn pipeline": tuned(make_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier())),
        "other cost": tuned(make_imb_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier()), 5),
        "not negated": tuned(make_imb_pipeline(StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier()),
                             greater=True),
    }


def test_ex2_accepts_the_model(capsys, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    lesson09.knn_smote_model().check(_models()["right"])
    assert "Correct!" in capsys.readouterr().out


def test_ex2_recognises_each_mistake(capsys, lenient):
    ex2, m = lesson09.knn_smote_model(), _models()
    assert "decides at 0.5" in printed(capsys, ex2, m["no tuner"])
    assert "no SMOTE step" in printed(capsys, ex2, m["no smote"])
    assert "SMOTE comes first" in printed(capsys, ex2, m["smote first"])
    assert "imbalanced-learn's" in printed(capsys, ex2, m["sklearn pipeline"])
    assert "10 false alarms" in printed(capsys, ex2, m["other cost"])
    assert "10 false alarms" in printed(capsys, ex2, m["not negated"])
    assert "not a str" in printed(capsys, ex2, "TunedThresholdClassifierCV")
    assert "No answer yet" in printed(capsys, ex2, None)

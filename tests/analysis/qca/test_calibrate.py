"""Calibration: the anchors land where R puts them, directions mirror, errors are R's."""

import math

import pytest

from analysis.qca import QCAError, calibrate, errors, parse_thresholds

X = [float(v) for v in range(300, 1101, 25)]


def test_parse_thresholds_reads_named_and_plain_forms():
    assert parse_thresholds("e=350, c=550, i=900") == {"e": 350.0, "c": 550.0, "i": 900.0}
    assert parse_thresholds("550,850") == [550.0, 850.0]


def test_parse_thresholds_rejects_text():
    with pytest.raises(QCAError) as caught:
        parse_thresholds("low,high")
    assert str(caught.value) == errors.THRESHOLDS_NOT_NUMERIC.format("low,high")


def test_logistic_anchors_are_the_inclusion_degrees():
    scores = calibrate([350, 550, 900], type="fuzzy", thresholds={"e": 350, "c": 550, "i": 900})
    assert scores[0] == pytest.approx(0.05)
    assert scores[1] == pytest.approx(0.5)
    assert scores[2] == pytest.approx(0.95)


def test_idm_moves_the_anchor_membership():
    scores = calibrate([350, 900], type="fuzzy", thresholds=[350, 550, 900], idm=0.99)
    assert scores == pytest.approx([0.01, 0.99])


def test_named_thresholds_are_reordered_like_r():
    named = calibrate(X, type="fuzzy", thresholds={"i": 900, "e": 350, "c": 550})
    assert named == calibrate(X, type="fuzzy", thresholds=[350, 550, 900])


def test_decreasing_logistic_mirrors_increasing():
    up = calibrate(X, type="fuzzy", thresholds=[350, 550, 900])
    down = calibrate(X, type="fuzzy", thresholds=[900, 550, 350])
    assert all(math.isclose(a + b, 1, abs_tol=1e-12) for a, b in zip(up, down, strict=True))


def test_scores_are_rounded_to_zero_and_one_at_the_extremes():
    scores = calibrate([-1e6, 1e6], type="fuzzy", thresholds=[350, 550, 900])
    assert scores == [0.0, 1.0]


def test_linear_direct_method_is_piecewise_linear():
    scores = calibrate(
        [350, 450, 550, 725, 900, 1000], type="fuzzy", thresholds=[350, 550, 900], logistic=False
    )
    assert scores == pytest.approx([0, 0.25, 0.5, 0.75, 1, 1])


def test_bell_shape_with_six_thresholds():
    thresholds = {"e1": 300, "c1": 400, "i1": 500, "i2": 700, "c2": 800, "e2": 900}
    scores = calibrate([300, 400, 600, 800, 900, 1000], type="fuzzy", thresholds=thresholds)
    assert scores == pytest.approx([0, 0.5, 1, 0.5, 0, 0])


def test_crisp_cut_points_give_levels():
    assert calibrate([1, 5, 10], type="crisp", thresholds=[5]) == [0, 1, 1]
    assert calibrate([1, 5, 7, 10], type="crisp", thresholds=[8, 5]) == [0, 1, 1, 2]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type": "crisp", "thresholds": [0]}, errors.THRESHOLDS_OUTSIDE),
        ({"type": "crisp", "thresholds": {"c": 5}}, errors.THRESHOLDS_NAMED_CRISP),
        ({"type": "fuzzy", "thresholds": [1, 2]}, errors.THRESHOLDS_COUNT_FUZZY),
        ({"type": "fuzzy", "thresholds": [1, 5, 9], "idm": 0.4}, errors.IDM_RANGE),
        (
            {"type": "fuzzy", "thresholds": [1, 5, 9], "logistic": False, "above": 0},
            errors.ABOVE_BELOW_POSITIVE,
        ),
        ({"type": "fuzzy", "thresholds": [1, 5, 4, 6, 8, 9]}, errors.FIRST_CROSSOVER),
        ({"type": "other", "thresholds": [5]}, errors.CALIBRATION_TYPE.format("other")),
    ],
)
def test_impossible_options_are_refused_with_rs_message(kwargs, message):
    with pytest.raises(QCAError) as caught:
        calibrate([1, 5, 10], **kwargs)
    assert str(caught.value) == message

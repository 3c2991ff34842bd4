"""CSV loading: case names, number parsing, and the errors a researcher's file can provoke."""

import pytest

from analysis.qca import QCAError, errors, read_csv


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_case_column_and_kinds_of_sets(tmp_path):
    data = read_csv(write(tmp_path, "case,A,M,F\nx,1,2,0.25\ny,0,0,0.75\n"))
    assert data.cases == ["x", "y"]
    assert data.columns == ["A", "M", "F"]
    assert (data.noflevels("A"), data.noflevels("M"), data.noflevels("F")) == (2, 3, 2)
    assert data.is_fuzzy("F") and not data.is_fuzzy("M")


def test_a_text_first_column_names_the_cases_like_rs_row_names(tmp_path):
    data = read_csv(write(tmp_path, '"",A\n"AU",1\n"BE",0\n'))
    assert data.cases == ["AU", "BE"]


def test_without_names_the_cases_are_numbered(tmp_path):
    assert read_csv(write(tmp_path, "A,B\n1,0\n0,1\n")).cases == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("case,A\n", errors.FILE_EMPTY),
        ("case,A,A\nx,1,0\n", errors.DUPLICATE_COLUMN.format("A")),
        ("case,A\nx,1,0\n", errors.RAGGED_ROW.format(2, 3, 2)),
    ],
)
def test_bad_files(tmp_path, text, message):
    path = write(tmp_path, text)
    if message == errors.FILE_EMPTY:
        message = message.format(path)
    with pytest.raises(QCAError) as caught:
        read_csv(path)
    assert str(caught.value) == message


def test_a_text_column_is_refused_only_when_it_is_used(tmp_path):
    # R ignores a column the analysis does not use, whatever it holds (issue 18: EBA holding "-").
    data = read_csv(write(tmp_path, "case,A,EBA,Y\nx,1,-,1\ny,0,high,0\n"))
    assert data.check_set("A") == [1.0, 0.0]
    assert not data.is_numeric("EBA")
    with pytest.raises(QCAError) as caught:
        data.check_set("EBA")
    assert str(caught.value) == errors.NOT_NUMERIC.format("EBA", "-")


def test_missing_scores_are_named(tmp_path):
    data = read_csv(write(tmp_path, "case,A\nx,1\ny,NA\n"))
    with pytest.raises(QCAError) as caught:
        data.check_set("A")
    assert str(caught.value) == errors.MISSING_VALUE.format("A", "y")

"""The matrix selectors give exactly the figures worked out by hand for the study in conftest.py."""

import pytest

from analysis.matrices import selectors as matrices


def grid(matrix):
    """{row label: {column label: value}} for readable assertions."""
    return {
        row.label: {column.label: matrix.value(row.id, column.id) for column in matrix.columns}
        for row in matrix.rows
    }


def case_code(study, **options):
    return grid(matrices.case_code_matrix(project=study.project, **options))


def test_columns_are_codes_in_tree_order_labelled_by_path(study):
    matrix = matrices.case_code_matrix(project=study.project)
    assert [column.label for column in matrix.columns] == ["A", "A > A1", "B"]
    assert [row.label for row in matrix.rows] == ["X", "Y"]


def test_case_code_counts_codings_and_leaves_out_documents_without_a_case(study):
    assert case_code(study, measure="count") == {
        "X": {"A": 2, "A > A1": 2, "B": 2},
        "Y": {"A": 1, "A > A1": 0, "B": 1},
    }


def test_presence_is_one_where_there_is_any_coding(study):
    assert case_code(study, measure="presence") == {
        "X": {"A": 1, "A > A1": 1, "B": 1},
        "Y": {"A": 1, "A > A1": 0, "B": 1},
    }


def test_coded_characters_count_overlapping_spans_of_one_code_once(study):
    # X/A: [0,5) ∪ [3,8) = 8; X/A1: 4 + 2; X/B: 8 + 10.
    assert case_code(study, measure="characters") == {
        "X": {"A": 8, "A > A1": 6, "B": 18},
        "Y": {"A": 3, "A > A1": 0, "B": 10},
    }


def test_share_divides_by_all_the_text_of_the_case(study):
    # X has 20 + 10 characters, Y 30.
    assert case_code(study, measure="share") == {
        "X": {"A": 0.2667, "A > A1": 0.2, "B": 0.6},
        "Y": {"A": 0.1, "A > A1": 0, "B": 0.3333},
    }


def test_documents_counts_documents_with_the_code(study):
    assert case_code(study, measure="documents") == {
        "X": {"A": 1, "A > A1": 2, "B": 2},
        "Y": {"A": 1, "A > A1": 0, "B": 1},
    }


def test_a_subtree_column_gathers_the_codings_of_its_descendants(study):
    assert case_code(study, measure="count", subtree=True)["X"] == {"A": 4, "A > A1": 2, "B": 2}
    # d1: [0,8) ∪ [10,14) = 12, d2: 2.
    assert case_code(study, measure="characters", subtree=True)["X"] == {"A": 14, "A > A1": 6, "B": 18}
    assert case_code(study, measure="documents", subtree=True)["X"] == {"A": 2, "A > A1": 2, "B": 2}


def test_coders_filter_the_codings(study, coder, second_coder):
    assert case_code(study, coder_ids=[coder.pk]) == {
        "X": {"A": 2, "A > A1": 2, "B": 1},
        "Y": {"A": 0, "A > A1": 0, "B": 1},
    }
    assert case_code(study, coder_ids=[second_coder.pk]) == {
        "X": {"A": 0, "A > A1": 0, "B": 1},
        "Y": {"A": 1, "A > A1": 0, "B": 0},
    }
    both = case_code(study, coder_ids=[coder.pk, second_coder.pk])
    assert both == case_code(study)


def test_code_ids_choose_the_columns(study):
    matrix = matrices.case_code_matrix(project=study.project, code_ids=[study.b.pk])
    assert [column.label for column in matrix.columns] == ["B"]


def test_document_code_matrix_has_every_document(study):
    assert grid(matrices.document_code_matrix(project=study.project, measure="characters")) == {
        "d1": {"A": 8, "A > A1": 4, "B": 8},
        "d2": {"A": 0, "A > A1": 2, "B": 10},
        "d3": {"A": 3, "A > A1": 0, "B": 10},
        "d4": {"A": 4, "A > A1": 0, "B": 0},
    }
    share = grid(matrices.document_code_matrix(project=study.project, measure="share"))
    assert share["d1"] == {"A": 0.4, "A > A1": 0.2, "B": 0.4}
    assert share["d4"]["A"] == 0.4


def test_adjacent_spans_are_counted_once_each(project, owner, coder):
    from tests.factories import make_code, make_coding, make_document

    code = make_code(project, name="C")
    document = make_document(project, owner, title="t", text="字" * 50)
    for start, end in [(0, 10), (10, 20), (2, 5), (30, 40), (35, 45), (31, 33)]:
        make_coding(document, code, coder, start, end)
    matrix = matrices.document_code_matrix(project=project, measure="characters")
    assert matrix.value(document.pk, code.pk) == 20 + 15


def test_cooccurrence_counts_overlapping_pairs_in_the_same_document(study):
    assert grid(matrices.cooccurrence_matrix(project=study.project)) == {
        "A": {"A": None, "A > A1": 0, "B": 2},
        "A > A1": {"A": 0, "A > A1": None, "B": 2},
        "B": {"A": 2, "A > A1": 2, "B": None},
    }
    documents = grid(matrices.cooccurrence_matrix(project=study.project, measure="documents"))
    assert documents["B"] == {"A": 1, "A > A1": 2, "B": None}


def test_cooccurrence_near_reaches_across_a_gap_of_n_characters(study):
    # d1: A [3,8) and A1 [10,14) are 2 characters apart; d3: A [0,3) and B [20,30) are 17 apart.
    near1 = grid(matrices.cooccurrence_matrix(project=study.project, mode="near", distance=1))
    assert near1["A"]["A > A1"] == 0
    near2 = grid(matrices.cooccurrence_matrix(project=study.project, mode="near", distance=2))
    assert near2["A"]["A > A1"] == 1 and near2["A > A1"]["A"] == 1
    assert near2["A"]["B"] == 2
    near17 = grid(matrices.cooccurrence_matrix(project=study.project, mode="near", distance=17))
    assert near17["A"]["B"] == 3


def test_cooccurrence_with_subtrees_never_pairs_a_coding_with_itself(study):
    matrix = grid(matrices.cooccurrence_matrix(project=study.project, subtree=True))
    assert matrix["A"] == {"A": None, "A > A1": 0, "B": 4}


def test_cooccurrence_by_one_coder(study, coder):
    matrix = grid(matrices.cooccurrence_matrix(project=study.project, coder_ids=[coder.pk]))
    assert matrix["A > A1"]["B"] == 1  # only d2: B in d1 is the second coder's


def test_code_by_attribute_value_follows_the_allowed_values(study):
    matrix = matrices.code_attribute_matrix(project=study.project, attribute=study.district)
    assert [column.label for column in matrix.columns] == ["东区", "西区", "北区", "(no value)"]
    assert grid(matrix) == {
        "A": {"东区": 2, "西区": 1, "北区": 0, "(no value)": 1},
        "A > A1": {"东区": 2, "西区": 0, "北区": 0, "(no value)": 0},
        "B": {"东区": 2, "西区": 1, "北区": 0, "(no value)": 0},
    }
    cases = grid(
        matrices.code_attribute_matrix(project=study.project, attribute=study.district, measure="cases")
    )
    assert cases["B"] == {"东区": 1, "西区": 1, "北区": 0, "(no value)": 0}


@pytest.mark.parametrize(
    ("attribute_type", "values", "labels"),
    [
        ("number", ["12", "1,200.5"], ["12", "1200.5"]),
        ("boolean", ["是", "no"], ["no", "yes"]),
        ("date", ["2016-07-10", "2015-11-03"], ["2015-11-03", "2016-07-10"]),
    ],
)
def test_typed_attribute_values_become_sorted_column_labels(study, attribute_type, values, labels):
    from cases import services as case_services
    from tests.factories import make_attribute

    attribute = make_attribute(study.project, name=attribute_type, type=attribute_type)
    case_services.attribute_value_set(case=study.x, attribute=attribute, value=values[0])
    case_services.attribute_value_set(case=study.y, attribute=attribute, value=values[1])
    matrix = matrices.code_attribute_matrix(project=study.project, attribute=attribute)
    assert [column.label for column in matrix.columns][:2] == labels


def test_a_project_without_codes_gives_an_empty_matrix(project):
    assert list(matrices.case_code_matrix(project=project).table()) == [["Case"]]
    assert list(matrices.cooccurrence_matrix(project=project).table()) == [["Code"]]

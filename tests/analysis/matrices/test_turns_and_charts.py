"""Co-occurrence within a speaker turn, and the SVG charts."""

from analysis.matrices import charts
from analysis.matrices import selectors as matrices
from coding.models import SpeakerTurn
from tests.analysis.matrices.test_matrices import grid
from tests.factories import make_coding, make_document


def test_codings_that_start_in_the_same_turn_co_occur(study, owner, coder):
    document = make_document(study.project, owner, title="d5", text="问：甲乙丙丁\n答：戊己庚辛\n")
    SpeakerTurn.objects.create(document=document, index=0, start=0, end=7, speaker="问")
    SpeakerTurn.objects.create(document=document, index=1, start=7, end=14, speaker="答")
    make_coding(document, study.a, coder, 0, 3)
    make_coding(document, study.b, coder, 4, 5)
    make_coding(document, study.b, coder, 5, 8)  # starts in the question, runs into the answer
    make_coding(document, study.a1, coder, 7, 9)
    matrix = grid(matrices.cooccurrence_matrix(project=study.project, mode="turn"))
    # Documents without turns (d1-d4) never count.
    assert matrix == {
        "A": {"A": None, "A > A1": 0, "B": 2},
        "A > A1": {"A": 0, "A > A1": None, "B": 0},
        "B": {"A": 2, "A > A1": 0, "B": None},
    }
    subtree = grid(matrices.cooccurrence_matrix(project=study.project, mode="turn", subtree=True))
    assert subtree["A"]["B"] == 2


def test_the_heat_map_escapes_labels_and_shades_by_value(project, owner, coder):
    from tests.factories import make_code

    code = make_code(project, name='<script>alert("x")</script>')
    document = make_document(project, owner, title="A & B")
    make_coding(document, code, coder, 0, 2)
    svg = charts.heat_map(matrices.document_code_matrix(project=project), title="t")
    assert svg.startswith("<svg") and "<script>" not in svg
    assert "&lt;script&gt;" in svg and "A &amp; B" in svg
    assert 'fill-opacity="1.000"' in svg


def test_bars_are_as_long_as_their_values(study):
    matrix = matrices.case_code_matrix(project=study.project, measure="characters")
    svg = charts.column_bars(matrix, study.b.pk, title="B")
    # X has 18 coded characters of B, Y 10: the longest bar is the full 360 units.
    assert 'width="360.0"' in svg and 'width="200.0"' in svg

"""Two coders on one document of 30 code points (𠮷 at 0, one code point) and one code tree.

A (parent), A1 child of A, B
coder:        A [0,10)   B [20,25)
second_coder: A [0,8)    A1 [12,15)
"""

from types import SimpleNamespace

import pytest

from tests.factories import make_code, make_coding, make_document


@pytest.fixture
def pair(project, owner, coder, second_coder):
    a = make_code(project, name="A")
    a1 = make_code(project, name="A1", parent=a)
    b = make_code(project, name="B", order=1)
    doc = make_document(project, owner, title="d1", text="𠮷" + "字" * 29)
    return SimpleNamespace(
        a=a,
        a1=a1,
        b=b,
        doc=doc,
        ca=make_coding(doc, a, coder, 0, 10),
        cb=make_coding(doc, b, coder, 20, 25),
        sa=make_coding(doc, a, second_coder, 0, 8),
        sa1=make_coding(doc, a1, second_coder, 12, 15),
    )

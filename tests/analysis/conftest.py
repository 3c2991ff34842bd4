"""A small hand-built study whose every figure is worked out by hand in the tests.

Codes: A, A > A1, B. Cases: X (d1 of 20 characters, d2 of 10), Y (d3 of 30); d4 (10) has no case.
Category attribute "district": X = 东区, Y = 西区 (北区 allowed, unused).

    d1  A [0,5) and [3,8) by coder (union 8); A1 [10,14) by coder; B [4,12) by second_coder
    d2  A1 [0,2) by coder; B [0,10) by coder
    d3  A [0,3) by second_coder; B [20,30) by coder
    d4  A [0,4) by coder
"""

from types import SimpleNamespace

import pytest

from cases import services as case_services
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document


@pytest.fixture
def study(project, owner, coder, second_coder):
    a = make_code(project, name="A")
    a1 = make_code(project, name="A1", parent=a)
    b = make_code(project, name="B", order=1)
    x = make_case(project, name="X")
    y = make_case(project, name="Y")
    district = make_attribute(project, name="district", type="category", choices=["东区", "西区", "北区"])
    case_services.attribute_value_set(case=x, attribute=district, value="东区")
    case_services.attribute_value_set(case=y, attribute=district, value="西区")
    d1 = make_document(project, owner, title="d1", text="一" * 20, case=x)
    d2 = make_document(project, owner, title="d2", text="二" * 10, case=x)
    d3 = make_document(project, owner, title="d3", text="三" * 30, case=y)
    d4 = make_document(project, owner, title="d4", text="四" * 10)
    make_coding(d1, a, coder, 0, 5, memo='=HYPERLINK("http://evil")')
    make_coding(d1, a, coder, 3, 8)
    make_coding(d1, a1, coder, 10, 14)
    make_coding(d1, b, second_coder, 4, 12)
    make_coding(d2, a1, coder, 0, 2)
    make_coding(d2, b, coder, 0, 10)
    make_coding(d3, a, second_coder, 0, 3)
    make_coding(d3, b, coder, 20, 30)
    make_coding(d4, a, coder, 0, 4)
    return SimpleNamespace(
        project=project, a=a, a1=a1, b=b, x=x, y=y, district=district, d1=d1, d2=d2, d3=d3, d4=d4
    )

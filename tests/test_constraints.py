"""Each database constraint, violated once behind the services' back, is refused by the database."""

import pytest
from django.db import IntegrityError, transaction

from cases.models import Attribute, AttributeValue, Case
from coding.models import Code, Coding, Membership
from tests.factories import make_attribute, make_case, make_code, make_document


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_user_is_a_member_of_a_project_once(project, coder):
    refused(lambda: Membership.objects.create(project=project, user=coder, role="viewer"))


def test_a_role_must_be_one_of_the_four(project, outsider):
    refused(lambda: Membership.objects.create(project=project, user=outsider, role="admin"))


def test_sibling_codes_have_distinct_names(project):
    parent = make_code(project, name="互动陷阱")
    make_code(project, name="合谋化", parent=parent)
    refused(lambda: Code.objects.create(project=project, parent=parent, name="合谋化"))


def test_top_level_codes_have_distinct_names(project):
    make_code(project, name="资源依赖")
    refused(lambda: Code.objects.create(project=project, name="资源依赖"))


def test_the_same_name_may_appear_under_different_parents(project):
    for parent_name in ("互动陷阱", "合作关系"):
        make_code(project, name="其他", parent=make_code(project, name=parent_name))
    assert Code.objects.filter(name="其他").count() == 2


def test_a_code_is_not_its_own_parent(project):
    code = make_code(project)
    code.parent_id = code.pk
    refused(lambda: code.save())


def test_a_code_name_is_not_empty(project):
    refused(lambda: Code.objects.create(project=project, name=""))


@pytest.fixture
def document_and_code(project, owner):
    return make_document(project, owner), make_code(project)


def test_a_coding_starts_at_zero_or_later(document_and_code, coder):
    document, code = document_and_code
    refused(
        lambda: Coding.objects.create(document=document, code=code, coder=coder, start=-1, end=2, quote="")
    )


def test_a_coding_ends_after_it_starts(document_and_code, coder):
    document, code = document_and_code
    refused(
        lambda: Coding.objects.create(document=document, code=code, coder=coder, start=3, end=3, quote="")
    )


def test_a_coder_codes_a_span_with_a_code_once(document_and_code, coder):
    document, code = document_and_code
    Coding.objects.create(document=document, code=code, coder=coder, start=0, end=2, quote="问：")
    refused(
        lambda: Coding.objects.create(document=document, code=code, coder=coder, start=0, end=2, quote="问：")
    )


def test_case_names_are_unique_in_a_project(project):
    make_case(project, name="G区")
    refused(lambda: Case.objects.create(project=project, name="G区"))


def test_a_case_name_is_not_empty(project):
    refused(lambda: Case.objects.create(project=project, name=""))


def test_attribute_names_are_unique_in_a_project(project):
    make_attribute(project, name="year", type="number")
    refused(lambda: Attribute.objects.create(project=project, name="year", type="text"))


def test_an_attribute_type_is_one_of_the_five(project):
    refused(lambda: Attribute.objects.create(project=project, name="x", type="colour"))


def test_an_attribute_name_is_not_empty(project):
    refused(lambda: Attribute.objects.create(project=project, name="", type="text"))


def test_a_case_has_one_value_per_attribute(project):
    case, attribute = make_case(project), make_attribute(project)
    AttributeValue.objects.create(case=case, attribute=attribute, text_value="W区")
    refused(lambda: AttributeValue.objects.create(case=case, attribute=attribute, text_value="G区"))


def test_a_value_sits_in_exactly_one_typed_column(project):
    case, attribute = make_case(project), make_attribute(project)
    refused(lambda: AttributeValue.objects.create(case=case, attribute=attribute))
    refused(
        lambda: AttributeValue.objects.create(case=case, attribute=attribute, text_value="a", number_value=1)
    )

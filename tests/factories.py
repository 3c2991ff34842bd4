"""Small builders for test data, going through the services like the app does."""

from cases import services as case_services
from coding.codebook import services as codebook_services
from coding.codings import services as coding_services
from coding.documents import services as document_services


def make_document(
    project, user, text="问：你们和街道怎么合作？\n答：主要靠项目制。", title="访谈一", **fields
):
    return document_services.document_create(project=project, title=title, text=text, created_by=user, **fields)


def make_code(project, name="合谋化", **fields):
    return codebook_services.code_create(project=project, name=name, **fields)


def make_coding(document, code, coder, start=0, end=2, memo=""):
    return coding_services.coding_create(document=document, code=code, coder=coder, start=start, end=end, memo=memo)


def make_case(project, name="W区居家养老"):
    return case_services.case_create(project=project, name=name)


def make_attribute(project, name="district", type="text", choices=None):  # noqa: A002 - mirrors the field
    return case_services.attribute_create(project=project, name=name, type=type, choices=choices)

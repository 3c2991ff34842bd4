"""Reads for projects, documents, the codebook and codings, as single SQL queries."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Length

from coding.models import Code, Coding, Document, Membership, Project


def project_list_for_user(*, user):
    """The user's projects, each annotated with the user's role."""
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    return (
        Project.objects.filter(memberships__user=user).annotate(my_role=Subquery(role)).order_by("name", "id")
    )


def membership_list(*, project):
    return Membership.objects.filter(project=project).select_related("user").order_by("user__username")


def document_list(*, project):
    """Documents without their text, with length in code points and number of codings."""
    return (
        Document.objects.filter(project=project)
        .defer("text")
        .select_related("created_by")
        .annotate(length=Length("text"), codings_count=Count("codings"))
        .order_by("title", "id")
    )


def code_list(*, project):
    return (
        Code.objects.filter(project=project)
        .annotate(codings_count=Count("codings"))
        .order_by("parent_id", "order", "name", "id")
    )


def coding_list(*, project, document_id=None, code_id=None, coder_id=None):
    codings = Coding.objects.filter(document__project=project).select_related("coder")
    if document_id is not None:
        codings = codings.filter(document_id=document_id)
    if code_id is not None:
        codings = codings.filter(code_id=code_id)
    if coder_id is not None:
        codings = codings.filter(coder_id=coder_id)
    return codings.order_by("document_id", "start", "end", "id")

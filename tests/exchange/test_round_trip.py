"""The demo project, exported and imported again, compared field by field."""

import io

import pytest
from django.core.management import call_command

from cases.models import Attribute, AttributeValue, Case
from coding.models import Code, Coding, Document, Project
from exchange import selectors, services


def code_paths(project):
    codes = {code.pk: code for code in Code.objects.filter(project=project)}

    def path(code):
        parts = []
        while code is not None:
            parts.append(code.name)
            code = codes.get(code.parent_id)
        return " > ".join(reversed(parts))

    return {
        code.pk: (
            path(code),
            code.color,
            code.definition,
            code.inclusion_criteria,
            code.exclusion_criteria,
            code.example,
        )
        for code in codes.values()
    }


def sibling_order(project, paths):
    order = {}
    for code in Code.objects.filter(project=project).order_by("order", "name", "id"):
        parent = paths[code.parent_id][0] if code.parent_id else ""
        order.setdefault(parent, []).append(code.name)
    return order


def snapshot(project):
    paths = code_paths(project)
    documents = {d.pk: d for d in Document.objects.filter(project=project).select_related("case")}
    return {
        "name": project.name,
        "description": project.description,
        "codes": sorted(paths.values()),
        "sibling_order": sibling_order(project, paths),
        "documents": sorted((d.title, d.text, d.case.name if d.case else None) for d in documents.values()),
        "codings": sorted(
            (
                documents[c.document_id].title,
                paths[c.code_id][0],
                c.coder.username,
                c.start,
                c.end,
                c.quote,
                c.memo,
            )
            for c in Coding.objects.filter(document__project=project).select_related("coder")
        ),
        "cases": sorted((c.name, c.description) for c in Case.objects.filter(project=project)),
        "attributes": sorted(
            (a.name, a.type, tuple(a.choices)) for a in Attribute.objects.filter(project=project)
        ),
        "values": sorted(
            (v.case.name, v.attribute.name, str(v.value))
            for v in AttributeValue.objects.filter(case__project=project).select_related("case", "attribute")
        ),
    }


@pytest.fixture
def demo(db, settings):
    call_command("load_demo", stdout=io.StringIO())
    return Project.objects.order_by("-id").first()


def test_the_demo_survives_a_round_trip(demo):
    data = selectors.project_export(project=demo)
    owner = demo.memberships.filter(role="owner").first().user
    copy, report = services.project_import(user=owner, data=data)
    assert report["skipped"] == []
    before, after = snapshot(demo), snapshot(copy)
    for field in before:
        assert after[field] == before[field], field
    assert len(before["codings"]) > 100


def test_the_demo_survives_a_utf16_round_trip_too(demo):
    data = selectors.project_export(project=demo, offsets="utf16")
    owner = demo.memberships.filter(role="owner").first().user
    copy, _report = services.project_import(user=owner, data=data)
    assert snapshot(copy)["codings"] == snapshot(demo)["codings"]

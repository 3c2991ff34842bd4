"""Agreement pages: the scope form and table; one document's disagreements with consensus.

Thin: `access_project` / `access_document` (404 to outsiders), serializers for the scope,
selectors for figures; the disagreement page ships its data as JSON for static/js/agreement/.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from analysis.agreement import compute, selectors
from analysis.agreement.disagreements import BOUNDARY, DIFFERENT_CODE, MISSING
from analysis.agreement.exports import measure_labels
from analysis.agreement.serializers import scope_from_params
from cases.models import Case
from coding.models import Code, Document, Role, role_at_least
from coding.permissions import access_document, access_project

TABLE_MEASURES = [
    compute.PERCENT_CHARACTERS,
    compute.PERCENT_SEGMENTS,
    compute.KAPPA,
    compute.ALPHA_NOMINAL,
    compute.ALPHA_UNITIZED_BINARY,
    compute.ALPHA_CU,
]
KIND_LABELS = {MISSING: _("Missing"), BOUNDARY: _("Boundary"), DIFFERENT_CODE: _("Different code")}


def _cell(measure):
    if measure is None:
        return None
    return {
        "value": None if measure.value is None else f"{measure.value:.3f}",
        "units": measure.units,
        "observed": "" if measure.observed is None else f"{measure.observed:.4f}",
        "expected": "" if measure.expected is None else f"{measure.expected:.4f}",
    }


@login_required
def agreement_page(request, project_id):
    project, _membership = access_project(request.user, project_id)
    coders = selectors.project_coders(project=project)
    tree = _code_tree(project)
    has_children = {code.parent_id for code, _depth in tree}
    codes = [
        {"id": c.id, "name": c.name, "depth": depth, "parent": c.id in has_children} for c, depth in tree
    ]
    context = {
        "project": project,
        "coders": coders,
        "documents": Document.objects.filter(project=project).only("id", "title"),
        "cases": Case.objects.filter(project=project).only("id", "name"),
        "codes": codes,
        # Only a code with children has a subtree worth choosing.
        "parent_codes": [c for c in codes if c["parent"]],
        "chosen_subtree_codes": [int(c) for c in request.GET.getlist("subtree_code") if c.isdigit()],
        "params": request.GET,
        "chosen_coders": [int(c) for c in request.GET.getlist("coder") if c.isdigit()],
        "chosen_documents": [int(c) for c in request.GET.getlist("document") if c.isdigit()],
        "chosen_cases": [int(c) for c in request.GET.getlist("case") if c.isdigit()],
        "chosen_codes": [int(c) for c in request.GET.getlist("code") if c.isdigit()],
        "labels": [measure_labels()[m] for m in TABLE_MEASURES],
        "query": request.GET.urlencode(),
    }
    if "coder" in request.GET:
        try:
            scope = scope_from_params(request.GET, project=project)
        except ValidationError as exc:
            context["errors"] = [m for ms in exc.message_dict.values() for m in ms]
        else:
            categories, result = selectors.agreement_table(project=project, scope=scope)
            names = {c["id"]: c["name"] for c in coders}
            context.update(
                result=result,
                rows=[
                    {
                        "category": c,
                        "cells": [_cell(result.per_category[c.id].get(m)) for m in TABLE_MEASURES],
                    }
                    for c in categories
                ],
                overall=[_cell(result.overall.get(m)) for m in TABLE_MEASURES],
                overall_cu=_cell(result.overall[compute.ALPHA_CU_DOMAINS]),
                pair=scope.coder_ids[:2],
                pair_names=[names.get(c, c) for c in scope.coder_ids[:2]],
                scope_documents=list(
                    Document.objects.filter(
                        project=project,
                        **({"pk__in": scope.document_ids} if scope.document_ids else {}),
                        **({"case_id__in": scope.case_ids} if scope.case_ids else {}),
                    ).values("id", "title")
                ),
            )
    return render(request, "analysis/agreement/table.html", context)


def _code_tree(project):
    codes = list(Code.objects.filter(project=project).order_by("order", "name", "id"))
    children = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    out = []

    def walk(parent, depth):
        for code in children.get(parent, []):
            out.append((code, depth))
            walk(code.id, depth + 1)

    walk(None, 0)
    return out


@login_required
def disagreements_page(request, project_id, document_id):
    document = access_document(request.user, project_id, document_id)
    project = document.project
    _project, membership = access_project(request.user, project_id)
    coders = selectors.project_coders(project=project)
    ids = [c["id"] for c in coders]
    coder_a = int(request.GET.get("coder_a", 0) or 0)
    coder_b = int(request.GET.get("coder_b", 0) or 0)
    if coder_a not in ids or coder_b not in ids or coder_a == coder_b:
        coder_a, coder_b = (ids + [None, None])[:2]
    a, b, found = selectors.document_disagreements(document=document, coder_a=coder_a, coder_b=coder_b)
    codes = list(Code.objects.filter(project=project).values("id", "name", "color"))
    data = {
        "api": f"/api/projects/{project.id}/agreement/",
        "document": document.id,
        "text": document.text,
        "coder_a": coder_a,
        "coder_b": coder_b,
        "a": [{"id": c.id, "code": c.code, "start": c.start, "end": c.end} for c in a],
        "b": [{"id": c.id, "code": c.code, "start": c.start, "end": c.end} for c in b],
        "codes": codes,
        "disagreements": [d.to_json() for d in found],
        "can_resolve": role_at_least(membership.role, Role.EDITOR),
    }
    names = {c["id"]: c["name"] for c in coders}
    return render(
        request,
        "analysis/agreement/document.html",
        {
            "project": project,
            "document": document,
            "coders": coders,
            "coder_a": coder_a,
            "coder_b": coder_b,
            "name_a": names.get(coder_a, ""),
            "name_b": names.get(coder_b, ""),
            "data": data,
            "kinds": list(KIND_LABELS.items()),
            "codes": codes,
        },
    )

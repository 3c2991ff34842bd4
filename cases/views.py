"""Pages for cases: the case × attribute grid, a case's page, and the grid's import and export.

Thin: access helpers for permission; services, selectors and cases/attribute_table.py for the rest.
The grid's cells save themselves through the API (static/js/case_grid.js).
"""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases import attribute_table, organise, services
from cases.models import AttributeType
from cases.permissions import access_case
from cases.selectors import attribute_list, case_list
from coding.documents import selectors as document_selectors
from coding.models import Coding, Document, Role, role_at_least
from coding.page_access import page
from coding.permissions import access_project

IMPORT_SESSION_KEY = "case-import-{project_id}"


def _flash_errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _grid_cells(case, attributes):
    values = {value.attribute_id: value.value for value in case.attribute_values.all()}
    return [(attribute, attribute_table.display(values.get(attribute.pk))) for attribute in attributes]


def _grid_post(request, project):
    action = request.POST.get("action")
    try:
        if action == "add-case":
            case = services.case_create(project=project, name=request.POST.get("name", ""))
            messages.success(request, _("Case “%(name)s” created.") % {"name": case.name})
        elif action == "add-attribute":
            choices = [
                c.strip() for c in request.POST.get("choices", "").replace("，", ",").split(",") if c.strip()
            ]
            attribute = services.attribute_create(
                project=project,
                name=request.POST.get("name", ""),
                type=request.POST.get("type", AttributeType.TEXT),
                choices=choices,
            )
            messages.success(request, _("Attribute “%(name)s” created.") % {"name": attribute.name})
        elif action == "from-metadata":
            made, assigned = organise.cases_from_metadata(
                project=project, field=request.POST.get("field", "")
            )
            messages.success(
                request,
                _("%(cases)d cases created, %(documents)d documents assigned.")
                % {"cases": len(made), "documents": assigned},
            )
    except ValidationError as exc:
        _flash_errors(request, exc)


@page
def case_grid(request, project_id):
    project, membership = access_project(request.user, project_id)
    if request.method == "POST":
        project, membership = access_project(request.user, project_id, role=Role.EDITOR)
        _grid_post(request, project)
        return redirect("case-grid", project_id=project.pk)
    attributes = list(attribute_list(project=project))
    cases = list(case_list(project=project))
    return render(
        request,
        "cases/grid.html",
        {
            "project": project,
            "membership": membership,
            "can_edit": role_at_least(membership.role, Role.EDITOR),
            "attributes": attributes,
            "rows": [(case, _grid_cells(case, attributes)) for case in cases],
            "attribute_types": AttributeType.choices,
            "metadata_fields": _field_choices(organise.metadata_fields(project=project)),
        },
    )


@page
def case_detail(request, project_id, case_id):
    project, membership = access_project(request.user, project_id)
    case = access_case(request.user, project_id, case_id)
    documents = document_selectors.with_length_and_codings(case.documents.defer("text")).order_by("title", "id")
    codes = (
        Coding.objects.filter(document__case=case)
        .values("code_id", "code__name", "code__color")
        .annotate(codings=Count("id"), documents=Count("document", distinct=True))
        .order_by("-codings", "code__name")
    )
    attributes = list(attribute_list(project=project))
    values = {value.attribute_id: value.value for value in case.attribute_values.all()}
    return render(
        request,
        "cases/detail.html",
        {
            "project": project,
            "membership": membership,
            "case": case,
            "documents": documents,
            "codes": codes,
            "attributes": [(a, _shown(values.get(a.pk))) for a in attributes],
        },
    )


def _field_choices(fields):
    """(field, label): built-in fields by their translated names, free fields as the team wrote them."""
    return [
        (field, capfirst(Document._meta.get_field(field).verbose_name) if field in organise.BUILT_IN_FIELDS else field)
        for field in fields
    ]


def _shown(value):
    """A value as a reader reads it: yes/no in the interface language (files keep true/false)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return attribute_table.display(value)


@page
def case_export(request, project_id, file_format):
    project, _membership = access_project(request.user, project_id)
    if file_format == "xlsx":
        content = attribute_table.export_xlsx(project=project)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = attribute_table.export_csv(project=project)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cases-{project.pk}.{file_format}"'
    return response


@page
def case_import(request, project_id):
    """Upload → preview of the changes (or the errors) → apply; nothing is written before apply."""
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    key = IMPORT_SESSION_KEY.format(project_id=project.pk)
    context = {"project": project, "membership": membership, "plan": None}
    if request.method == "POST" and request.POST.get("action") == "apply":
        stored = request.session.get(key)
        if stored is None:
            return redirect("case-import", project_id=project.pk)
        try:
            rows = attribute_table.read_table(stored["filename"], base64.b64decode(stored["data"]))
            plan = attribute_table.apply_import(project=project, rows=rows)
        except ValidationError as exc:
            _flash_errors(request, exc)
            return redirect("case-import", project_id=project.pk)
        del request.session[key]
        messages.success(
            request,
            _("Imported: %(cases)d new cases, %(changes)d values changed.")
            % {"cases": len(plan.new_cases), "changes": len(plan.changes)},
        )
        return redirect("case-grid", project_id=project.pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a .csv or .xlsx file."))
            return redirect("case-import", project_id=project.pk)
        data = upload.read()
        try:
            rows = attribute_table.read_table(upload.name, data)
        except ValidationError as exc:
            context["read_errors"] = exc.messages
        else:
            plan = attribute_table.plan_import(project=project, rows=rows)
            context.update(plan=plan, filename=upload.name)
            if not plan.errors:
                request.session[key] = {"filename": upload.name, "data": base64.b64encode(data).decode()}
    return render(request, "cases/import.html", context)

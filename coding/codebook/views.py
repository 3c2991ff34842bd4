"""Codebook pages: the tree, a code, its operations, history and file import. Thin views over services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coding.codebook import errors as codebook_errors
from coding.codebook import files, history, restore, selectors, services
from coding.codebook.forms import CodeEditForm, CodeForm, ImportForm, MoveForm
from coding.models import Code, CodebookChange, Coding, Role, role_at_least
from coding.page_access import page, posted_id, show_refusal
from coding.permissions import access_code, access_project
from coding.script_json import json_for_script


def _strings():
    # Texts the page script shows, translated here (see static/js/codebook.js).
    return {"noMatch": _("No code matches."), "confirmDrop": _("Move “{name}” here?")}


@page
def codebook_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    can_edit = role_at_least(membership.role, Role.EDITOR)
    form = CodeForm(project=project)
    if request.method == "POST":
        project, membership = access_project(request.user, project_id, role=Role.EDITOR)
        form = CodeForm(request.POST, project=project)
        if form.is_valid():
            try:
                code = services.codebook_code_create(project=project, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                show_refusal(request, exc)
            else:
                messages.success(request, _("Code “%(name)s” created.") % {"name": code.name})
                return redirect("codebook-page", project_id=project.pk)
    show = request.GET.get("show", "active")
    query = request.GET.get("q", "").strip()
    codes = selectors.codebook_tree(project=project)
    shown = _filter(codes, query, show)
    return render(
        request,
        "coding/codebook.html",
        {
            "project": project,
            "membership": membership,
            "can_edit": can_edit,
            "codes": [code for code in codes if code.pk in shown],
            "query": query,
            "show": show,
            "form": form,
            "strings_json": json_for_script(_strings()),
        },
    )


def _filter(codes, query, show):
    """Ids of the codes to show: those matching the search and the status filter, with their
    ancestors so that each match keeps its place in the tree."""
    by_id = {code.pk: code for code in codes}
    needle = query.casefold()
    shown = set()
    for code in codes:
        if show == "active" and not code.is_active or show == "archived" and code.is_active:
            continue
        text = " ".join(
            [code.name, code.definition, code.inclusion_criteria, code.exclusion_criteria, code.example]
        )
        if needle and needle not in text.casefold():
            continue
        while code is not None and code.pk not in shown:
            shown.add(code.pk)
            code = by_id.get(code.parent_id)
    return shown


@page
def code_page(request, project_id, code_id):
    """One code: its definition (editable, with optimistic locking), operations and history."""
    project, membership = access_project(request.user, project_id)
    code = access_code(request.user, project_id, code_id)
    can_edit = role_at_least(membership.role, Role.EDITOR)
    status, theirs = 200, None
    form = CodeEditForm(initial={**history.code_state(code)}, project=project)
    if request.method == "POST":
        code = access_code(request.user, project_id, code_id, write=True)
        form = CodeEditForm(request.POST, project=project)
        if form.is_valid():
            try:
                services.codebook_code_update(code=code, user=request.user, **form.cleaned_data)
            except services.CodeVersionConflict as exc:
                # Keep what this editor typed, show what the other saved, and let them save again
                # on top of it: the form now carries the current version.
                status, theirs = 409, exc.current
                messages.error(request, str(exc.message))
                data = request.POST.copy()
                data["version"] = exc.current.version
                form = CodeEditForm(data, project=project)
            except ValidationError as exc:
                show_refusal(request, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("codebook-code", project_id=project.pk, code_id=code.pk)
    code.refresh_from_db()
    index, siblings = selectors.sibling_index(code)
    subtree = selectors.subtree_ids(code)
    others = selectors.code_choices(project=project, active_only=False, exclude_ids=subtree)
    return render(
        request,
        "coding/codebook_code.html",
        {
            "project": project,
            "membership": membership,
            "can_edit": can_edit,
            "code": code,
            "form": form,
            "theirs": theirs,
            "up": index - 1 if index > 0 else None,
            "down": index + 1 if index + 1 < siblings else None,
            "move_form": MoveForm(
                initial={"parent": code.parent_id, "version": code.version}, project=project, exclude=subtree
            ),
            "merge_targets": others,
            "split_targets": selectors.code_choices(project=project, active_only=False, exclude_ids=[code.pk]),
            "codings": selectors.code_codings(code=code),
            "history": selectors.code_history(project=project, code_ref=code.pk)[:100],
        },
        status=status,
    )


def _back(code):
    return redirect("codebook-code", project_id=code.project_id, code_id=code.pk)


@page
@require_POST
def code_move(request, project_id, code_id):
    project, _membership = access_project(request.user, project_id, role=Role.EDITOR)
    code = access_code(request.user, project_id, code_id, write=True)
    form = MoveForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return _back(code)
    try:
        services.code_move(code=code, user=request.user, **form.cleaned_data)
    except services.CodeVersionConflict as exc:
        messages.error(request, str(exc.message))
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Moved."))
    if request.POST.get("next") == "codebook":
        return redirect("codebook-page", project_id=project.pk)
    return _back(code)


@page
@require_POST
def code_example(request, project_id, code_id):
    """Make one of the code's codings its example."""
    code = access_code(request.user, project_id, code_id, write=True)
    coding = (
        Coding.objects.select_related("document")
        .filter(code=code, pk=posted_id(request.POST.get("coding")))
        .first()
    )
    if coding is None:
        raise Http404
    # An absolute link, so that it stays a link in exports and printed codebooks.
    base_url = request.build_absolute_uri("/").rstrip("/")
    services.example_from_coding(code=code, coding=coding, user=request.user, base_url=base_url)
    messages.success(request, _("Example set."))
    return _back(code)


@page
@require_POST
def code_merge(request, project_id, code_id):
    code = access_code(request.user, project_id, code_id, write=True)
    target = Code.objects.filter(project_id=project_id, pk=request.POST.get("target") or None).first()
    if target is None:
        messages.error(request, _("Choose the code to merge into."))
        return _back(code)
    try:
        services.code_merge(source=code, target=target, user=request.user)
    except ValidationError as exc:
        show_refusal(request, exc)
        return _back(code)
    messages.success(
        request, _("“%(source)s” merged into “%(target)s”.") % {"source": code.name, "target": target.name}
    )
    return _back(target)


@page
@require_POST
def code_split(request, project_id, code_id):
    code = access_code(request.user, project_id, code_id, write=True)
    target = Code.objects.filter(project_id=project_id, pk=request.POST.get("target") or None).first()
    try:
        target = services.code_split(
            source=code,
            coding_ids=request.POST.getlist("codings"),
            target=target,
            new_name=request.POST.get("name", ""),
            user=request.user,
        )
    except (ValidationError, ValueError) as exc:
        if isinstance(exc, ValueError):
            exc = ValidationError(codebook_errors.SPLIT_NOT_OF_CODE)
        show_refusal(request, exc)
        return _back(code)
    messages.success(request, _("Codings moved to “%(name)s”.") % {"name": target.name})
    return _back(code)


@page
@require_POST
def code_archive(request, project_id, code_id):
    code = access_code(request.user, project_id, code_id, write=True)
    service = services.code_unarchive if request.POST.get("restore") else services.code_archive
    service(code=code, user=request.user)
    messages.success(
        request, _("Restored from the archive.") if request.POST.get("restore") else _("Archived.")
    )
    return _back(code)


@page
def code_delete(request, project_id, code_id):
    """A confirmation that shows what would go; deleting keeps it all in history to restore."""
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    code = access_code(request.user, project_id, code_id, write=True)
    if request.method == "POST":
        change = services.codebook_code_delete(code=code, user=request.user)
        messages.success(
            request,
            _("“%(name)s” deleted. It can be restored from the history.") % {"name": change.code_name},
        )
        return redirect("codebook-page", project_id=project.pk)
    return render(
        request,
        "coding/codebook_delete.html",
        {
            "project": project,
            "membership": membership,
            "code": code,
            "preview": selectors.code_delete_preview(code=code),
        },
    )


@page
def history_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    return render(
        request,
        "coding/codebook_history.html",
        {
            "project": project,
            "membership": membership,
            "can_edit": role_at_least(membership.role, Role.EDITOR),
            "history": selectors.project_history(project=project)[:300],
        },
    )


@page
@require_POST
def change_restore(request, project_id, change_id):
    project, _membership = access_project(request.user, project_id, role=Role.EDITOR)
    change = CodebookChange.objects.filter(project=project, pk=change_id).first()
    if change is None:
        raise Http404
    try:
        code = restore.change_restore(change=change, user=request.user)
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect("codebook-history-page", project_id=project.pk)
    messages.success(request, _("“%(name)s” restored.") % {"name": code.name})
    return _back(code)


@page
def import_page(request, project_id):
    """Upload a CSV or JSON codebook: Preview shows what would be created or changed; Import applies it."""
    project, membership = access_project(request.user, project_id, role=Role.EDITOR)
    form, result, problems = ImportForm(), None, []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            dry_run = "preview" in request.POST
            try:
                result = files.import_file(
                    project=project, upload=form.cleaned_data["file"], user=request.user, dry_run=dry_run
                )
            except ValidationError as exc:
                problems = exc.messages
            else:
                if not dry_run:
                    messages.success(
                        request,
                        _("Imported: %(created)d created, %(changed)d changed.")
                        % {"created": result["created"], "changed": result["changed"]},
                    )
                    return redirect("codebook-page", project_id=project.pk)
    return render(
        request,
        "coding/codebook_import.html",
        {"project": project, "membership": membership, "form": form, "result": result, "problems": problems},
    )

"""Server-rendered pages: search with keyword-in-context lines and auto-coding, word frequencies,
the dictionary. Thin: access helpers for permission, the API's serializers for input, selectors
and services for the rest, so the pages and the API cannot disagree.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError as ApiValidationError

from cases.models import Attribute, Case
from coding.codebook.selectors import code_choices
from coding.errors import NOT_YOUR_CODING, ROLE_TOO_LOW
from coding.models import Document, Role, role_at_least
from coding.permissions import access_project
from search import autocoding, charts, services
from search.api import (
    PREVIEW_LIMIT,
    autocoding_options,
    autocoding_passages,
    autocoding_query,
    dictionary_status,
    frequencies_for,
    run_search,
)
from search.models import AutoCodingRun, DictionaryTerm, StopWord
from search.serializers import AutoCodingInput, FrequencyInput, SearchInput


def _require(membership, role):
    """check_role for pages: Django's PermissionDenied, which plain views answer with 403."""
    if not role_at_least(membership.role, role):
        raise PermissionDenied(ROLE_TOO_LOW.format(role=Role(membership.role).label, needed=Role(role).label))


def _messages_of(exc):
    detail = exc.detail if isinstance(exc, ApiValidationError) else exc.message_dict
    if isinstance(detail, dict):
        return [
            str(m) for values in detail.values() for m in (values if isinstance(values, list) else [values])
        ]
    return [str(m) for m in detail]


def _choices(project):
    return {
        "cases": Case.objects.filter(project=project).order_by("name"),
        "attributes": Attribute.objects.filter(project=project).order_by("order", "name"),
        # Filters may name an archived code (its codings are kept); auto-coding offers only active ones.
        "codes": code_choices(project=project, active_only=False),
        "autocoding_codes": code_choices(project=project),
    }


@login_required
def search_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    context = {"project": project, "membership": membership, **_choices(project)}
    context["can_code"] = role_at_least(membership.role, Role.CODER)
    params = request.POST if request.method == "POST" else request.GET
    # Every field the forms show, so the templates never look up a missing key.
    fields = ("q", "exact", "case", "attribute", "value", "coded_with", "not_coded_with", "extent", "speaker")
    context["form"] = {name: params.get(name, "") for name in fields}
    context["q"] = context["form"]["q"]
    if params.get("q"):
        data = SearchInput(data=params, context={"project": project})
        try:
            data.is_valid(raise_exception=True)
            result = run_search(project=project, data=data.validated_data)
            context["result"] = result
            page = data.validated_data["page"]
            context["pages"] = {
                "current": page,
                "previous": page - 1,
                "next": page + 1,
                "has_next": result.has_next,
            }
        except ApiValidationError as exc:
            context["errors"] = _messages_of(exc)
    if request.method == "POST":
        _require(membership, Role.CODER)
        return _autocoding(request, project, context)
    context["runs"] = AutoCodingRun.objects.filter(project=project).select_related("created_by")[:10]
    return render(request, "search/search.html", context)


def _autocoding(request, project, context):
    data = AutoCodingInput(data=request.POST, context={"project": project})
    try:
        data.is_valid(raise_exception=True)
        values = data.validated_data
        passages = autocoding_passages(project=project, data=values)
        if request.POST.get("action") == "apply":
            run = autocoding.autocoding_apply(
                project=project,
                code=values["code"],
                coder=request.user,
                passages=passages,
                query=autocoding_query(values),
                options=autocoding_options(values),
            )
            messages.success(
                request,
                _("Coded %(count)d passages with “%(code)s”.")
                % {"count": run.codings_count, "code": run.code_name},
            )
            return redirect(reverse("search-page", args=[project.pk]) + "?" + request.POST.urlencode())
        passages = autocoding.mark_existing(passages, code=values["code"], coder=request.user)
        context["preview"] = {
            "passages": passages[:PREVIEW_LIMIT],
            "count": sum(1 for p in passages if not p.exists),
            "shown": min(len(passages), PREVIEW_LIMIT),
            "total": len(passages),
            "code": values["code"],
        }
    except (ApiValidationError, DjangoValidationError) as exc:
        context["autocoding_errors"] = _messages_of(exc)
    context["runs"] = AutoCodingRun.objects.filter(project=project).select_related("created_by")[:10]
    return render(request, "search/search.html", context)


@login_required
def autocoding_undo_page(request, project_id, run_id):
    project, membership = access_project(request.user, project_id)
    if request.method != "POST":
        raise Http404
    _require(membership, Role.CODER)
    run = AutoCodingRun.objects.filter(project=project, pk=run_id).first()
    if run is None:
        raise Http404
    if run.created_by_id != request.user.pk and not role_at_least(membership.role, Role.EDITOR):
        raise PermissionDenied(NOT_YOUR_CODING)
    try:
        count = autocoding.autocoding_undo(run=run, user=request.user)
        messages.success(request, _("Undone: %(count)d codings removed.") % {"count": count})
    except DjangoValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    return redirect("search-page", project.pk)


@login_required
def frequencies_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    context = {
        "project": project,
        "membership": membership,
        "documents": Document.objects.filter(project=project).defer("text").order_by("title"),
        "can_edit": role_at_least(membership.role, Role.EDITOR),
        **_choices(project),
    }
    if request.method == "POST":
        _require(membership, Role.EDITOR)
        try:
            if request.POST.get("remove"):
                entry = StopWord.objects.filter(project=project, pk=request.POST["remove"]).first()
                if entry is not None:
                    services.stop_word_remove(stop_word=entry)
            else:
                services.stop_word_add(project=project, word=request.POST.get("word", ""))
        except DjangoValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        return redirect(reverse("search-frequencies", args=[project.pk]) + "?" + request.GET.urlencode())
    data = FrequencyInput(data=request.GET, context={"project": project})
    if data.is_valid():
        counts = frequencies_for(project=project, data=data.validated_data)
        context["counts"] = counts
        context["chart"] = charts.bar_chart(counts[:30], label=_("Word frequencies"))
        context["csv_url"] = (
            reverse("word-frequencies-csv", args=[project.pk]) + "?" + request.GET.urlencode()
        )
    else:
        context["errors"] = _messages_of(ApiValidationError(data.errors))
    context["stop_words"] = StopWord.objects.filter(project=project).order_by("word")
    context["selected"] = {key: request.GET.get(key, "") for key in ("document", "case", "code", "limit")}
    return render(request, "search/frequencies.html", context)


@login_required
def dictionary_page(request, project_id):
    project, membership = access_project(request.user, project_id)
    if request.method == "POST":
        _require(membership, Role.EDITOR)
        try:
            if request.POST.get("remove"):
                entry = DictionaryTerm.objects.filter(project=project, pk=request.POST["remove"]).first()
                if entry is not None:
                    services.dictionary_term_remove(entry=entry)
            else:
                services.dictionary_term_add(
                    project=project, term=request.POST.get("term", ""), created_by=request.user
                )
        except DjangoValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        return redirect("search-dictionary", project.pk)
    services.reindex_ensure(project=project)
    status = dictionary_status(project=project)
    running = status["documents_current"] < status["documents"]
    return render(
        request,
        "search/dictionary.html",
        {
            "project": project,
            "membership": membership,
            "terms": DictionaryTerm.objects.filter(project=project).order_by("term"),
            "status": status,
            "running": running,
            "can_edit": role_at_least(membership.role, Role.EDITOR),
        },
    )

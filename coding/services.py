"""Writes for projects, membership, documents, the codebook and codings.

Every service is atomic, takes keyword arguments only, checks the rules that span rows and raises
django.core.exceptions.ValidationError with a field name, so that the API answers 400 naming it.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from coding import errors
from coding.models import Code, Coding, Document, Membership, Project, Role
from coding.offsets import content_hash, normalize_text
from config.validation import field_error, required_text


@transaction.atomic
def project_create(*, name, description="", owner) -> Project:
    project = Project(name=required_text("name", name), description=description, created_by=owner)
    project.full_clean()
    project.save()
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    return project


@transaction.atomic
def project_update(*, project, **fields) -> Project:
    if "name" in fields:
        fields["name"] = required_text("name", fields["name"])
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    return project


def user_find(*, username_or_email):
    """A user by exact username, or else by e-mail (case-insensitive)."""
    User = get_user_model()
    user = User.objects.filter(username=username_or_email).first()
    if user is None and "@" in username_or_email:
        user = User.objects.filter(email__iexact=username_or_email).first()
    if user is None:
        raise field_error("username", errors.USER_NOT_FOUND.format(username=username_or_email))
    return user


@transaction.atomic
def membership_add(*, project, user, role) -> Membership:
    if Membership.objects.filter(project=project, user=user).exists():
        raise field_error("username", errors.USER_ALREADY_MEMBER.format(username=user.get_username()))
    membership = Membership(project=project, user=user, role=role)
    membership.full_clean()
    membership.save()
    return membership


def _check_keeps_an_owner(membership, new_role=None):
    if membership.role != Role.OWNER or new_role == Role.OWNER:
        return
    others = Membership.objects.filter(project_id=membership.project_id, role=Role.OWNER).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise field_error("role", errors.LAST_OWNER)


@transaction.atomic
def membership_change_role(*, membership, role) -> Membership:
    # Lock the project's owner rows so two owners demoting each other at once cannot leave none.
    list(Membership.objects.select_for_update().filter(project_id=membership.project_id, role=Role.OWNER))
    _check_keeps_an_owner(membership, new_role=role)
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership) -> None:
    list(Membership.objects.select_for_update().filter(project_id=membership.project_id, role=Role.OWNER))
    _check_keeps_an_owner(membership)
    membership.delete()


def _check_case_in_project(case, project):
    if case is not None and case.project_id != project.id:
        raise field_error("case", errors.CASE_OTHER_PROJECT)


@transaction.atomic
def document_create(
    *,
    project,
    title,
    text,
    created_by,
    language="",
    original_filename="",
    interview_id="",
    interview_date=None,
    place="",
    interviewee_role="",
    extra_metadata=None,
    case=None,
    index_for_search=True,
) -> Document:
    """Create a document; `index_for_search=False` leaves segmenting it to the search app's
    background job (see search.services.reindex_ensure), for imports of many large files."""
    stored_text = normalize_text(text or "")
    if not stored_text.strip():
        raise field_error("text", errors.TEXT_EMPTY)
    _check_case_in_project(case, project)
    document = Document(
        project=project,
        title=required_text("title", title),
        text=stored_text,
        language=language,
        original_filename=original_filename,
        content_hash=content_hash(stored_text),
        interview_id=interview_id,
        interview_date=interview_date,
        place=place,
        interviewee_role=interviewee_role,
        extra_metadata=extra_metadata or {},
        case=case,
        created_by=created_by,
    )
    document.full_clean()
    document.save()
    if index_for_search:
        _search_index(document)
    return document


def _search_index(document):
    # Imported here: search.services imports coding's models and services (auto-coding), so a
    # module-level import would be circular. Segmenting once here keeps queries fast.
    from search.services import document_index

    document_index(document=document)


def _search_feed_code(code):
    from search.services import dictionary_feed_code

    dictionary_feed_code(code=code)


DOCUMENT_EDITABLE_FIELDS = {
    "title",
    "language",
    "interview_id",
    "interview_date",
    "place",
    "interviewee_role",
    "extra_metadata",
    "case",
}


@transaction.atomic
def document_update(*, document, **fields) -> Document:
    """Change a document's title, metadata or case; the text itself is not editable here."""
    unknown = set(fields) - DOCUMENT_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "title" in fields:
        fields["title"] = required_text("title", fields["title"])
    if "case" in fields:
        _check_case_in_project(fields["case"], document.project)
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_delete(*, document) -> None:
    document.delete()


def _check_parent(project, parent, code=None):
    if parent is None:
        return
    if parent.project_id != project.id:
        raise field_error("parent", errors.PARENT_OTHER_PROJECT)
    if code is not None and code.pk is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == code.pk:
                raise field_error("parent", errors.PARENT_IS_DESCENDANT)
            ancestor = ancestor.parent


def _check_sibling_name(project, parent, name, code=None):
    siblings = Code.objects.filter(project=project, parent=parent, name=name)
    if code is not None and code.pk is not None:
        siblings = siblings.exclude(pk=code.pk)
    if siblings.exists():
        raise field_error("name", errors.CODE_NAME_TAKEN.format(name=name))


@transaction.atomic
def code_create(
    *,
    project,
    name,
    parent=None,
    definition="",
    inclusion_criteria="",
    exclusion_criteria="",
    example="",
    color="#4e79a7",
    order=0,
    is_active=True,
    created_by=None,
) -> Code:
    name = required_text("name", name)
    _check_parent(project, parent)
    _check_sibling_name(project, parent, name)
    code = Code(
        project=project,
        parent=parent,
        name=name,
        definition=definition,
        inclusion_criteria=inclusion_criteria,
        exclusion_criteria=exclusion_criteria,
        example=example,
        color=color,
        order=order,
        is_active=is_active,
        created_by=created_by,
    )
    # Uniqueness is checked above with a message naming the code; the database constraint backs it.
    code.full_clean(validate_constraints=False)
    code.save()
    _search_feed_code(code)
    return code


CODE_EDITABLE_FIELDS = {
    "name",
    "parent",
    "definition",
    "inclusion_criteria",
    "exclusion_criteria",
    "example",
    "color",
    "order",
    "is_active",
}


@transaction.atomic
def code_update(*, code, **fields) -> Code:
    unknown = set(fields) - CODE_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = required_text("name", fields["name"])
    parent = fields.get("parent", code.parent)
    name = fields.get("name", code.name)
    _check_parent(code.project, parent, code)
    _check_sibling_name(code.project, parent, name, code)
    for field, value in fields.items():
        setattr(code, field, value)
    code.full_clean(validate_constraints=False)
    code.save()
    if "name" in fields:
        _search_feed_code(code)
    return code


@transaction.atomic
def code_delete(*, code) -> None:
    """Delete a code with its whole subtree and their codings."""
    for child in list(code.children.all()):
        code_delete(code=child)
    code.delete()


def _check_span(document, start, end):
    if start < 0:
        raise field_error("start", errors.START_NEGATIVE)
    if end <= start:
        raise field_error("end", errors.END_NOT_AFTER_START)
    length = len(document.text)
    if end > length:
        raise field_error("end", errors.END_BEYOND_TEXT.format(end=end, length=length))


def _save_coding(coding):
    try:
        with transaction.atomic():
            coding.save()
    except IntegrityError as exc:
        # A concurrent request can create the same coding between our check and the insert.
        raise field_error("non_field_errors", errors.CODING_DUPLICATE) from exc
    return coding


def _check_duplicate(coding):
    duplicates = Coding.objects.filter(
        document=coding.document, code=coding.code, coder=coding.coder, start=coding.start, end=coding.end
    )
    if coding.pk is not None:
        duplicates = duplicates.exclude(pk=coding.pk)
    if duplicates.exists():
        raise field_error("non_field_errors", errors.CODING_DUPLICATE)


@transaction.atomic
def coding_create(*, document, code, coder, start, end, memo="") -> Coding:
    if code.project_id != document.project_id:
        raise field_error("code", errors.CODE_OTHER_PROJECT)
    _check_span(document, start, end)
    coding = Coding(
        document=document,
        code=code,
        coder=coder,
        start=start,
        end=end,
        quote=document.text[start:end],
        memo=memo,
    )
    _check_duplicate(coding)
    coding.full_clean(validate_constraints=False)
    return _save_coding(coding)


@transaction.atomic
def coding_update(*, coding, code=None, start=None, end=None, memo=None) -> Coding:
    document = coding.document
    if code is not None:
        if code.project_id != document.project_id:
            raise field_error("code", errors.CODE_OTHER_PROJECT)
        coding.code = code
    new_start = coding.start if start is None else start
    new_end = coding.end if end is None else end
    _check_span(document, new_start, new_end)
    coding.start, coding.end = new_start, new_end
    coding.quote = document.text[new_start:new_end]
    if memo is not None:
        coding.memo = memo
    _check_duplicate(coding)
    coding.full_clean(validate_constraints=False)
    return _save_coding(coding)


@transaction.atomic
def coding_delete(*, coding) -> None:
    coding.delete()

"""Importing REFI-QDA projects and codebooks: the writes.

A file is read and checked whole first (exchange.refi, pure); the preview is that reading's
summary; the import then writes everything in one transaction, so a failure leaves nothing.
Large tables (documents, codings, values) are written with bulk_create: a 20,000-coding project
must import in seconds, not minutes. Documents announce themselves through coding's signals, so
search indexes them in the background without coding or exchange importing search.
"""

import datetime
import re
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import Attribute, AttributeType, AttributeValue, Case
from cases.values import InvalidValue, parse_value
from coding import signals
from coding.codebook import services as codebook_services
from coding.codings import revisions
from coding.codings import services as coding_services
from coding.models import Code, Coding, Document, Membership, Role
from coding.offsets import content_hash
from coding.projects import services as project_services
from exchange import errors, mapping
from exchange.models import Note, Set
from exchange.refi import reader
from exchange.refi import report as refi_report
from exchange.refi.safety import ExchangeError

BATCH = 2000
DEFAULT_COLOUR = "#4e79a7"
VARIABLE_TYPES = {
    "Text": AttributeType.TEXT,
    "Boolean": AttributeType.BOOLEAN,
    "Integer": AttributeType.NUMBER,
    "Float": AttributeType.NUMBER,
    "Date": AttributeType.DATE,
    "DateTime": AttributeType.DATE,
}
USERNAME_UNSAFE = re.compile(r"[^\w.@+-]+")


def _refuse(exc: ExchangeError):
    message = errors.REFUSED.get(exc.reason, errors.REFUSED["not_xml"])
    raise ValidationError({"file": [str(message).format(**exc.params)]}) from None


def _message(entry):
    template = errors.REASONS.get(entry["reason"])
    if template is None:
        return entry["reason"]
    try:
        return str(template).format(**entry.get("detail", {}))
    except (KeyError, IndexError):
        return str(template)


def _with_messages(summary):
    for entry in summary["skipped"] + summary["warnings"]:
        entry["message"] = _message(entry)
    return summary


def read_project(data: bytes):
    try:
        return reader.read_qdpx(data)
    except ExchangeError as exc:
        _refuse(exc)


# --- users -------------------------------------------------------------------------------------


def _username(label, taken):
    base = USERNAME_UNSAFE.sub("_", label).strip("_")[:140] or "refi-user"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate.lower())
    return candidate


def plan_users(parsed):
    """Which REFI user becomes which account: an existing one of the same username, or a new one."""
    User = get_user_model()
    labels = {user.guid: (user.name or user.id or "").strip() for user in parsed.users}
    existing = {
        u.username: u for u in User.objects.filter(username__in=[label for label in labels.values() if label])
    }
    taken = {
        name.lower()
        for name in User.objects.filter(
            username__in=[
                USERNAME_UNSAFE.sub("_", label).strip("_")[:140] for label in labels.values() if label
            ]
        ).values_list("username", flat=True)
    }
    plan = {}
    for user in parsed.users:
        label = labels[user.guid]
        if label in existing:
            plan[user.guid] = ("match", label, existing[label])
        else:
            plan[user.guid] = (
                "create",
                label or user.guid[:8],
                _username(label or f"refi-{user.guid[:8]}", taken),
            )
    return plan


def _user_entries(plan):
    entries = []
    for kind, label, target in plan.values():
        if kind == "match":
            entries.append(
                {
                    "reason": "account_matched",
                    "name": label,
                    "detail": {"name": label, "username": target.username},
                }
            )
        else:
            entries.append(
                {"reason": "account_created", "name": label, "detail": {"name": label, "username": target}}
            )
    return entries


# --- preview and import ------------------------------------------------------------------------


def project_import_preview(*, data: bytes) -> dict:
    parsed = read_project(data)
    summary = refi_report.project_summary(parsed)
    summary["warnings"] += _user_entries(plan_users(parsed))
    if parsed.links:
        summary["skipped"].append(
            {
                "item": "link",
                "kind": "",
                "name": "",
                "reason": "link_not_supported",
                "detail": {"count": len(parsed.links)},
            }
        )
        summary["skipped_counts"]["link"] = len(parsed.links)
    return _with_messages(summary)


def project_import(*, user, data: bytes, dry_run=False):
    """Import a .qdpx as a new project owned by `user`. Returns (project or None, report)."""
    summary = project_import_preview(data=data)
    if dry_run:
        return None, summary
    parsed = read_project(data)
    with transaction.atomic():
        importer = _ProjectImport(user, parsed)
        project = importer.run()
    summary["warnings"] += [dict(entry, message=_message(entry)) for entry in importer.warnings]
    summary["counts"].update(importer.counts)
    return project, summary


def _unique(name, taken, fallback, limit):
    name = (name or "").strip()[:limit] or str(fallback)
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: limit - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def _attribute_value(attribute, value):
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if attribute.type == AttributeType.TEXT and not isinstance(value, str):
        value = str(value)
    return parse_value(attribute.type, attribute.choices, value)


class _ProjectImport:
    def __init__(self, user, parsed):
        self.user, self.parsed = user, parsed
        self.warnings = []
        self.counts = {}

    def warn(self, reason, name="", **detail):
        self.warnings.append({"reason": reason, "name": name, "detail": detail})

    def run(self):
        parsed = self.parsed
        self.project = project_services.project_create(
            name=(parsed.name or "").strip()[:200] or str(errors.UNTITLED_PROJECT),
            description=parsed.description,
            owner=self.user,
        )
        self.users()
        self.notes_by_guid = {note.guid: note for note in parsed.notes}
        self.attributes()
        self.cases()
        self.documents()
        self.codes()
        self.codings()
        self.notes()
        self.sets()
        return self.project

    def users(self):
        self.accounts = {}
        User = get_user_model()
        for guid, (kind, _label, target) in plan_users(self.parsed).items():
            if kind == "match":
                account = target
            else:
                account = User(username=target, is_active=False)
                account.set_unusable_password()
                account.save()
            self.accounts[guid] = account
        members = {self.user.pk}
        rows = []
        for account in self.accounts.values():
            if account.pk not in members:
                members.add(account.pk)
                rows.append(Membership(project=self.project, user=account, role=Role.CODER))
        Membership.objects.bulk_create(rows)

    def attributes(self):
        self.attributes_by_guid, taken = {}, set()
        for order, variable in enumerate(self.parsed.variables):
            kind = VARIABLE_TYPES.get(variable.type, AttributeType.TEXT)
            choices = mapping.variable_choices(variable.description) if kind == AttributeType.TEXT else None
            if choices is not None:
                kind = AttributeType.CATEGORY
            if variable.type == "DateTime":
                self.warn("datetime_as_date", variable.name)
            name = _unique(variable.name, taken, variable.guid[:8], 200)
            if name != variable.name.strip():
                self.warn("name_changed", variable.name, old=variable.name, new=name)
            self.attributes_by_guid[variable.guid] = Attribute.objects.create(
                project=self.project, name=name, type=kind, choices=choices or [], order=order
            )

    def cases(self):
        self.cases_by_guid, self.case_names = {}, set()
        for number, case in enumerate(self.parsed.cases, start=1):
            name = _unique(case.name, self.case_names, errors.UNTITLED_CASE.format(number=number), 200)
            self.cases_by_guid[case.guid] = Case.objects.create(
                project=self.project, name=name, description=case.description
            )
        # Which case each source joins: by SourceRef, or by a SelectionRef to one of its selections.
        selection_source = {s.guid: src.guid for src in self.parsed.sources for s in src.selections}
        self.case_of_source = {}
        for case in self.parsed.cases:
            target = self.cases_by_guid[case.guid]
            for source_guid in case.source_refs + [selection_source[ref] for ref in case.selection_refs]:
                current = self.case_of_source.setdefault(source_guid, target)
                if current is not target:
                    self.warn("document_in_two_cases", source_guid, case=current.name)
        self.values = {}
        for case in self.parsed.cases:
            self.add_values(self.cases_by_guid[case.guid], case.values, case.name)

    def add_values(self, case, values, where):
        for value in values:
            attribute = self.attributes_by_guid.get(value.variable)
            if attribute is None or value.value is None:
                continue
            try:
                column, parsed = _attribute_value(attribute, value.value)
            except InvalidValue:
                self.warn("bad_value", where, value=str(value.value))
                continue
            self.values[(case.pk, attribute.pk)] = AttributeValue(
                case=case, attribute=attribute, **{column: parsed}
            )

    def documents(self):
        rows, self.sources = [], []
        for source in self.parsed.sources:
            if not source.text.strip():
                self.warn("empty_text", source.name)
                continue
            case = self.case_of_source.get(source.guid)
            if source.values:
                if case is None:
                    # Our attributes belong to cases; NVivo and MAXQDA put them on sources.
                    case = Case.objects.create(
                        project=self.project,
                        name=_unique(source.name, self.case_names, source.guid[:8], 200),
                    )
                self.warn("values_moved_to_case", source.name, case=case.name)
                self.add_values(case, source.values, source.name)
            rows.append(
                Document(
                    project=self.project,
                    title=(source.name or "").strip()[:300] or str(errors.UNTITLED_DOCUMENT),
                    text=source.text,
                    content_hash=content_hash(source.text),
                    case=case,
                    created_by=self.user,
                )
            )
            self.sources.append(source)
        documents = Document.objects.bulk_create(rows, batch_size=BATCH)
        self.documents_by_guid = {
            source.guid: doc for source, doc in zip(self.sources, documents, strict=True)
        }
        AttributeValue.objects.bulk_create(self.values.values(), batch_size=BATCH)
        for document in documents:
            signals.document_created.send(sender=Document, document=document, index_now=False)
        if documents:
            signals.documents_deferred.send(sender=Document, project=self.project)
        self.counts["sources"] = len(documents)
        self.counts["cases"] = Case.objects.filter(project=self.project).count()

    def codes(self):
        self.codes_by_guid = {}
        siblings = defaultdict(set)
        for code, parent_guid in self.parsed.all_codes():
            parent = self.codes_by_guid.get(parent_guid)
            taken = siblings[parent.pk if parent else None]
            name = _unique(code.name, taken, errors.UNTITLED_CODE, 200)
            if code.name.strip() and name != code.name.strip():
                self.warn("name_changed", code.name, old=code.name, new=name)
            self.codes_by_guid[code.guid] = codebook_services.codebook_code_create(
                project=self.project,
                user=self.user,
                name=name,
                parent=parent,
                color=code.color or DEFAULT_COLOUR,
                order=len(taken) - 1,
                **mapping.code_fields(code.description),
            )
        self.counts["codes"] = len(self.codes_by_guid)

    def memo(self, *parts_and_refs):
        parts = []
        for item in parts_and_refs:
            if isinstance(item, list):
                parts.extend(self.notes_by_guid[ref].text for ref in item if ref in self.notes_by_guid)
            elif item:
                parts.append(item)
        return "\n\n".join(part for part in parts if part)

    def codings(self):
        rows, duplicates = {}, 0
        for source in self.sources:
            document = self.documents_by_guid[source.guid]
            whole = [(0, len(document.text), None, coding) for coding in source.codings]
            spans = [(s.start, s.end, s, coding) for s in source.selections for coding in s.codings] + whole
            for start, end, selection, coding in spans:
                code = self.codes_by_guid.get(coding.code)
                if code is None:
                    continue
                coder_guid = coding.user or (selection.user if selection else "") or source.user
                coder = self.accounts.get(coder_guid, self.user)
                memo = self.memo(
                    selection.description if selection else "",
                    selection.note_refs if selection else [],
                    coding.note_refs,
                )
                key = (document.pk, code.pk, coder.pk, start, end)
                if key in rows:
                    duplicates += 1
                    if memo and memo not in rows[key].memo:
                        rows[key].memo = "\n\n".join(part for part in (rows[key].memo, memo) if part)
                    continue
                rows[key] = coding_services.coding_build(
                    document=document, code=code, coder=coder, start=start, end=end, memo=memo
                )
        created = Coding.objects.bulk_create(rows.values(), batch_size=BATCH)
        # The codes were logged as they were made; the codings go in one batch here.
        revisions.record_codings(
            project_id=self.project.pk, codings=[(coding.document_id, coding.pk) for coding in created]
        )
        if duplicates:
            self.warn("duplicate_coding", "", count=duplicates)
        self.counts["codings"] = len(rows)

    def notes(self):
        """Notes not already folded into a coding's memo: on their code, document or the project."""
        consumed = {
            ref
            for source in self.sources
            for selection in source.selections
            for ref in selection.note_refs + [r for c in selection.codings for r in c.note_refs]
        }
        consumed |= {ref for source in self.sources for c in source.codings for ref in c.note_refs}
        targets = {}
        for code, _parent in self.parsed.all_codes():
            for ref in code.note_refs:
                targets.setdefault(ref, ("code", self.codes_by_guid[code.guid]))
        for source in self.sources:
            for ref in source.note_refs:
                targets.setdefault(ref, ("document", self.documents_by_guid[source.guid]))
        rows = []
        self.notes_created = {}
        for note in self.parsed.notes:
            if note.guid in consumed and note.guid not in targets:
                continue
            kind, target = targets.get(note.guid, (None, None))
            rows.append(
                Note(
                    project=self.project,
                    title=(note.name or "")[:300],
                    text="\n\n".join(part for part in (note.description, note.text) if part),
                    code=target if kind == "code" else None,
                    document=target if kind == "document" else None,
                    created_by=self.accounts.get(note.user),
                )
            )
            self.notes_created[note.guid] = rows[-1]
        # A source's own Description is a note on that document.
        for source in self.sources:
            if source.description:
                rows.append(
                    Note(
                        project=self.project,
                        text=source.description,
                        document=self.documents_by_guid[source.guid],
                    )
                )
        Note.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["notes"] = len(rows)

    def sets(self):
        taken = set()
        for number, item in enumerate(self.parsed.sets, start=1):
            created = Set.objects.create(
                project=self.project,
                name=_unique(item.name, taken, errors.UNTITLED_SET.format(number=number), 200),
                description=item.description,
            )
            created.codes.set([self.codes_by_guid[g] for g in item.codes if g in self.codes_by_guid])
            created.documents.set(
                [self.documents_by_guid[g] for g in item.sources if g in self.documents_by_guid]
            )
            created.notes.set([self.notes_created[g] for g in item.notes if g in self.notes_created])
        self.counts["sets"] = len(self.parsed.sets)


# --- .qdc into an existing codebook -----------------------------------------------------------

CODEBOOK_MODES = ("merge", "parent")
PATH_SEPARATOR = " > "


def _read_codebook(data):
    try:
        return reader.read_qdc(data)
    except ExchangeError as exc:
        _refuse(exc)


def codebook_import_plan(*, project, data: bytes, mode="merge", parent_name=""):
    """What a .qdc would do to the project's codebook: each code of the file merged or created.

    merge: a code whose name matches an existing code at the same place (same matched parent) is
    merged into it, keeping the existing code's fields; others are created. parent: the whole file
    goes under one new top-level code.
    """
    if mode not in CODEBOOK_MODES:
        raise ValidationError({"mode": [errors.BAD_MODE]})
    parent_name = (parent_name or "").strip()
    if mode == "parent" and not parent_name:
        raise ValidationError({"parent_name": [errors.PARENT_NAME_MISSING]})
    codebook = _read_codebook(data)
    existing = {}
    for code in Code.objects.filter(project=project).values("id", "parent_id", "name"):
        existing[(code["parent_id"], code["name"])] = code["id"]
    matched, paths, plan = {}, {}, []
    for code, parent_guid in codebook.all_codes():
        name = code.name.strip()
        path = PATH_SEPARATOR.join(filter(None, [paths.get(parent_guid, ""), name]))
        paths[code.guid] = path
        if mode == "merge":
            parent_id = None if parent_guid is None else matched.get(parent_guid)
            existing_id = existing.get((parent_id, name)) if (parent_guid is None or parent_id) else None
        else:
            existing_id = None
        if existing_id:
            matched[code.guid] = existing_id
        plan.append(
            {
                "guid": code.guid,
                "parent": parent_guid,
                "path": path,
                "action": "merge" if existing_id else "create",
                "code": existing_id,
            }
        )
    summary = refi_report.codebook_summary(codebook)
    summary["counts"].update(
        created=sum(1 for item in plan if item["action"] == "create"),
        merged=sum(1 for item in plan if item["action"] == "merge"),
    )
    summary["mode"] = mode
    summary["parent_name"] = parent_name
    summary["plan"] = [{"path": item["path"], "action": item["action"]} for item in plan]
    return codebook, plan, _with_messages(summary)


def codebook_import(*, project, user, data: bytes, mode="merge", parent_name="", dry_run=False) -> dict:
    codebook, plan, summary = codebook_import_plan(
        project=project, data=data, mode=mode, parent_name=parent_name
    )
    summary["dry_run"] = dry_run
    if dry_run:
        return summary
    with transaction.atomic():
        top = None
        if mode == "parent":
            top = codebook_services.codebook_code_create(
                project=project,
                user=user,
                name=summary["parent_name"],
                order=Code.objects.filter(project=project, parent=None).count(),
            )
        by_guid = {code.guid: code for code, _parent in codebook.all_codes()}
        made = {}
        for item in plan:
            if item["action"] == "merge":
                made[item["guid"]] = Code.objects.get(pk=item["code"])
                continue
            code = by_guid[item["guid"]]
            parent = made.get(item["parent"]) if item["parent"] else top
            made[item["guid"]] = codebook_services.codebook_code_create(
                project=project,
                user=user,
                name=code.name.strip() or str(errors.UNTITLED_CODE),
                parent=parent,
                color=code.color or DEFAULT_COLOUR,
                order=Code.objects.filter(project=project, parent=parent).count(),
                **mapping.code_fields(code.description),
            )
        for item in codebook.sets:
            created = Set.objects.create(
                project=project, name=item.name.strip() or "Set", description=item.description
            )
            created.codes.set([made[g] for g in item.codes if g in made])
    return summary


@transaction.atomic
def note_delete(*, note: Note) -> None:
    """Delete an imported note; it leaves the sets it was in (their rows go with it)."""
    note.delete()


@transaction.atomic
def set_delete(*, item: Set) -> None:
    """Delete a set; its codes, documents and notes stay, only the grouping goes."""
    item.delete()

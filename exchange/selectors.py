"""Exporting a project or its codebook as REFI-QDA files: the reads.

GUIDs are derived from our ids (uuid5), so exporting the same project twice gives the same GUIDs
and a tool that re-imports can recognise what it already has. Each table is read once with
values(): the export's query count does not grow with the number of codings.
"""

import uuid

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from cases.models import Attribute, AttributeType, AttributeValue, Case
from coding.models import Code, Coding, Document, Membership, Role
from coding.permissions import access_in_project
from exchange import mapping
from exchange.models import Note, Set
from exchange.refi import model, writer

NAMESPACE = uuid.UUID("1b0f3c52-8f0e-4a57-9d4e-7f6c2a8e5b31")
VARIABLE_TYPES = {
    AttributeType.TEXT: "Text",
    AttributeType.CATEGORY: "Text",
    AttributeType.NUMBER: "Float",
    AttributeType.DATE: "Date",
    AttributeType.BOOLEAN: "Boolean",
}


def guid(kind, pk):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def _code_tree(project, with_notes):
    notes = {}
    if with_notes:
        for note_id, code_id in Note.objects.filter(project=project, code__isnull=False).values_list(
            "id", "code_id"
        ):
            notes.setdefault(code_id, []).append(guid("note", note_id))
    nodes, roots = {}, []
    rows = (
        Code.objects.filter(project=project)
        .order_by("order", "name", "id")
        .values(
            "id",
            "parent_id",
            "name",
            "color",
            "definition",
            "inclusion_criteria",
            "exclusion_criteria",
            "example",
        )
    )
    for row in rows:
        nodes[row["id"]] = model.Code(
            guid=guid("code", row["id"]),
            name=row["name"],
            color=row["color"],
            description=mapping.code_description(
                definition=row["definition"],
                inclusion_criteria=row["inclusion_criteria"],
                exclusion_criteria=row["exclusion_criteria"],
                example=row["example"],
            ),
            note_refs=notes.get(row["id"], []),
        )
    for row in rows:
        parent = nodes.get(row["parent_id"])
        (parent.children if parent else roots).append(nodes[row["id"]])
    return roots


def _sets(project, *, codebook):
    out = []
    for item in Set.objects.filter(project=project).prefetch_related("codes", "documents", "notes"):
        out.append(
            model.Set(
                guid=guid("set", item.pk),
                name=item.name,
                description=item.description,
                codes=[guid("code", code.pk) for code in item.codes.all()],
                sources=[] if codebook else [guid("document", doc.pk) for doc in item.documents.all()],
                notes=[] if codebook else [guid("note", note.pk) for note in item.notes.all()],
            )
        )
    return [item for item in out if not codebook or item.codes]


def project_data(*, project) -> model.ProjectData:
    codings = list(
        Coding.objects.filter(document__project=project)
        .order_by("document_id", "start", "end", "id")
        .values("id", "document_id", "code_id", "coder_id", "start", "end", "memo", "created_at")
    )
    user_ids = set(Membership.objects.filter(project=project).values_list("user_id", flat=True))
    user_ids |= {row["coder_id"] for row in codings}
    users = (
        get_user_model().objects.filter(pk__in=user_ids).order_by("username").values_list("id", "username")
    )
    data = model.ProjectData(
        name=project.name,
        origin=writer.ORIGIN,
        description=project.description,
        created=project.created_at,
        users=[model.User(guid=guid("user", pk), name=username) for pk, username in users],
        codes=_code_tree(project, with_notes=True),
    )
    attributes = list(Attribute.objects.filter(project=project).order_by("order", "name", "id"))
    data.variables = [
        model.Variable(
            guid=guid("attribute", a.pk),
            name=a.name,
            type=VARIABLE_TYPES[a.type],
            description=mapping.variable_description(a.choices) if a.type == AttributeType.CATEGORY else "",
        )
        for a in attributes
    ]
    values = {}
    for value in AttributeValue.objects.filter(case__project=project).order_by(
        "attribute__order", "attribute_id"
    ):
        values.setdefault(value.case_id, []).append(
            model.VariableValue(variable=guid("attribute", value.attribute_id), value=value.value)
        )
    documents = list(
        Document.objects.filter(project=project)
        .order_by("id")
        .values("id", "title", "text", "case_id", "created_at")
    )
    members = {}
    for document in documents:
        if document["case_id"]:
            members.setdefault(document["case_id"], []).append(guid("document", document["id"]))
    data.cases = [
        model.Case(
            guid=guid("case", case.pk),
            name=case.name,
            description=case.description,
            values=values.get(case.pk, []),
            source_refs=members.get(case.pk, []),
        )
        for case in Case.objects.filter(project=project).order_by("name", "id")
    ]
    document_notes = {}
    notes = list(Note.objects.filter(project=project).order_by("id"))
    for note in notes:
        if note.document_id:
            document_notes.setdefault(note.document_id, []).append(guid("note", note.pk))
    by_document = {}
    for row in codings:
        by_document.setdefault(row["document_id"], []).append(row)
    for document in documents:
        text = document["text"]
        source = model.TextSource(
            guid=guid("document", document["id"]),
            name=document["title"],
            text=text,
            created=document["created_at"],
            note_refs=document_notes.get(document["id"], []),
        )
        for row in by_document.get(document["id"], []):
            source.selections.append(
                model.Selection(
                    guid=guid("selection", row["id"]),
                    start=row["start"],
                    end=row["end"],
                    name=text[row["start"] : row["end"]],
                    description=row["memo"],
                    codings=[
                        model.Coding(
                            guid=guid("coding", row["id"]),
                            code=guid("code", row["code_id"]),
                            user=guid("user", row["coder_id"]),
                            created=row["created_at"],
                        )
                    ],
                )
            )
        data.sources.append(source)
    data.notes = [
        model.Note(guid=guid("note", note.pk), name=note.title, text=note.text, created=note.created_at)
        for note in notes
    ]
    data.sets = _sets(project, codebook=False)
    return data


def project_export(*, project, offsets="codepoints") -> bytes:
    return writer.write_qdpx(project_data(project=project), offsets=offsets)


def codebook_export(*, project) -> bytes:
    return writer.write_qdc(
        model.CodebookData(codes=_code_tree(project, with_notes=False), sets=_sets(project, codebook=True))
    )


# Imported notes and sets: what a REFI project carried that has no other place, shown and listed.
# Each list takes a fixed number of queries (one per table) however many rows and members; the
# documents' text is never read, only their titles.


def note_list(*, project):
    """The project's notes with the document or code each is about and the sets each is in (2 queries)."""
    return (
        Note.objects.filter(project=project)
        .select_related("document", "code")
        .only("id", "project_id", "title", "text", "created_at", "document__id", "document__title",
              "code__id", "code__name")
        .prefetch_related(Prefetch("sets", queryset=Set.objects.only("id", "name").order_by("name", "id")))
        .order_by("id")
    )


def set_list(*, project):
    """The project's sets with their codes, documents and notes (4 queries)."""
    return (
        Set.objects.filter(project=project)
        .prefetch_related(
            Prefetch("codes", queryset=Code.objects.only("id", "name").order_by("name", "id")),
            Prefetch("documents", queryset=Document.objects.only("id", "title").order_by("title", "id")),
            Prefetch("notes", queryset=Note.objects.only("id", "title", "text").order_by("id")),
        )
        .order_by("name", "id")
    )


def access_note(user, project_id, note_id, *, write=False) -> Note:
    """A note of the project: outsiders 404; deleting needs an editor and a project not archived."""
    return access_in_project(Note, user, project_id, note_id, Role.EDITOR, write)[0]


def access_set(user, project_id, set_id, *, write=False) -> Set:
    return access_in_project(Set, user, project_id, set_id, Role.EDITOR, write)[0]

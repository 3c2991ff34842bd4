"""Writing .qdpx projects and .qdc codebooks that validate against the REFI-QDA 1.0 schemas.

Children go in schema order (every content model is a sequence), empty containers are left out
(`<Sets/>` is invalid), every user string goes through lxml, which escapes it, and characters XML
1.0 cannot carry at all (most C0 controls) are dropped. Sources are written as UTF-8 `.txt` files
without a BOM and with `\\n` only, which removes every BOM and line-ending ambiguity (DIGEST §4);
selections count code points unless `offsets="utf16"` asks for NVivo's and QualCoder's unit.
"""

import datetime
import io
import re
import zipfile

from lxml import etree

from exchange.refi import positions
from exchange.refi.model import CodebookData, ProjectData

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ORIGIN = "qualcase"
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
OFFSET_UNITS = ("codepoints", "utf16")


def clean(value) -> str:
    return ILLEGAL_XML.sub("", "" if value is None else str(value))


def utc(value):
    """xsd:dateTime in UTC with `Z`, from a datetime or a string we read; None when unusable."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Builder:
    def __init__(self, namespace):
        self.ns = namespace

    def el(self, parent, tag, attributes=None, text=None):
        name = f"{{{self.ns}}}{tag}"
        element = (
            etree.Element(name, nsmap={None: self.ns}) if parent is None else etree.SubElement(parent, name)
        )
        for key, value in (attributes or {}).items():
            if value is None:  # optional and absent; required ones are passed even when empty
                continue
            element.set(key, clean(value))
        if text is not None:
            element.text = clean(text)
        return element

    def description(self, parent, text):
        if text:
            self.el(parent, "Description", text=text)

    def note_refs(self, parent, refs):
        for ref in refs:
            self.el(parent, "NoteRef", {"targetGUID": ref})

    def code(self, parent, code, *, with_notes):
        element = self.el(
            parent,
            "Code",
            {
                "guid": code.guid,
                "name": code.name,
                "isCodable": "true" if code.codable else "false",
                "color": code.color,
            },
        )
        self.description(element, code.description)
        if with_notes:
            self.note_refs(element, code.note_refs)
        for child in code.children:
            self.code(element, child, with_notes=with_notes)

    def value(self, parent, value, variable_type):
        element = self.el(parent, "VariableValue")
        self.el(element, "VariableRef", {"targetGUID": value.variable})
        v = value.value
        if v is None:
            return
        if variable_type == "Boolean":
            self.el(element, "BooleanValue", text="true" if v else "false")
        elif variable_type == "Integer":
            self.el(element, "IntegerValue", text=str(int(v)))
        elif variable_type == "Float":
            text = repr(float(v)) if isinstance(v, float) else str(v)
            if "e" in text.lower() or text in ("inf", "-inf", "nan"):
                text = format(float(v), "f")  # xsd:decimal has no exponent
            self.el(element, "FloatValue", text=text)
        elif variable_type == "Date":
            self.el(element, "DateValue", text=v.isoformat()[:10])
        elif variable_type == "DateTime":
            self.el(element, "DateTimeValue", text=utc(v))
        else:
            self.el(element, "TextValue", text=str(v))

    def coding(self, parent, coding):
        element = self.el(
            parent,
            "Coding",
            {
                "guid": coding.guid,
                "creatingUser": coding.user or None,
                "creationDateTime": utc(coding.created),
            },
        )
        self.el(element, "CodeRef", {"targetGUID": coding.code})
        self.note_refs(element, coding.note_refs)

    def sets(self, parent, sets, *, codebook):
        if not sets:
            return
        container = self.el(parent, "Sets")
        for item in sets:
            element = self.el(container, "Set", {"guid": item.guid, "name": item.name})
            self.description(element, item.description)
            for ref in item.codes:
                self.el(element, "MemberCode", {"guid" if codebook else "targetGUID": ref})
            if not codebook:
                for ref in item.sources:
                    self.el(element, "MemberSource", {"targetGUID": ref})
                for ref in item.notes:
                    self.el(element, "MemberNote", {"targetGUID": ref})


def _xml_bytes(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def project_xml(project: ProjectData, *, offsets="codepoints", text_paths=None) -> bytes:
    """The project.qde; `text_paths` maps a source GUID to its `internal://` name (else inline)."""
    if offsets not in OFFSET_UNITS:
        raise ValueError(offsets)
    b = _Builder(PROJECT_NS)
    root = b.el(
        None,
        "Project",
        {
            "name": project.name or "qualcase",
            "origin": project.origin or ORIGIN,
            "creationDateTime": utc(project.created),
        },
    )
    if project.users:
        users = b.el(root, "Users")
        for user in project.users:
            b.el(users, "User", {"guid": user.guid, "name": user.name or None, "id": user.id or None})
    if project.codes:
        codes = b.el(b.el(root, "CodeBook"), "Codes")
        for code in project.codes:
            b.code(codes, code, with_notes=True)
    types = {variable.guid: variable.type for variable in project.variables}
    if project.variables:
        variables = b.el(root, "Variables")
        for variable in project.variables:
            element = b.el(
                variables,
                "Variable",
                {"guid": variable.guid, "name": variable.name, "typeOfVariable": variable.type},
            )
            b.description(element, variable.description)
    if project.cases:
        cases = b.el(root, "Cases")
        for case in project.cases:
            element = b.el(cases, "Case", {"guid": case.guid, "name": case.name or None})
            b.description(element, case.description)
            for ref in case.code_refs:
                b.el(element, "CodeRef", {"targetGUID": ref})
            for value in case.values:
                b.value(element, value, types.get(value.variable, "Text"))
            for ref in case.source_refs:
                b.el(element, "SourceRef", {"targetGUID": ref})
            for ref in case.selection_refs:
                b.el(element, "SelectionRef", {"targetGUID": ref})
    if project.sources:
        sources = b.el(root, "Sources")
        for source in project.sources:
            path = (text_paths or {}).get(source.guid)
            element = b.el(
                sources,
                "TextSource",
                {
                    "guid": source.guid,
                    "name": source.name or None,
                    "plainTextPath": f"internal://{path}" if path else None,
                    "creatingUser": source.user or None,
                    "creationDateTime": utc(source.created),
                },
            )
            b.description(element, source.description)
            if not path:
                b.el(element, "PlainTextContent", text=source.text)
            ends = [x for s in source.selections for x in (s.start, s.end)]
            if offsets == "utf16":
                ends = positions.to_utf16(source.text, ends)
            for index, selection in enumerate(source.selections):
                node = b.el(
                    element,
                    "PlainTextSelection",
                    {
                        "guid": selection.guid,
                        # The quoted text lets an importer check our positions (DIGEST §4).
                        "name": selection.name or None,
                        "startPosition": ends[2 * index],
                        "endPosition": ends[2 * index + 1],
                        "creatingUser": selection.user or None,
                        "creationDateTime": utc(selection.created),
                    },
                )
                b.description(node, selection.description)
                for coding in selection.codings:
                    b.coding(node, coding)
                b.note_refs(node, selection.note_refs)
            for coding in source.codings:
                b.coding(element, coding)
            b.note_refs(element, source.note_refs)
            for value in source.values:
                b.value(element, value, types.get(value.variable, "Text"))
    if project.notes:
        notes = b.el(root, "Notes")
        for note in project.notes:
            element = b.el(
                notes,
                "Note",
                {
                    "guid": note.guid,
                    "name": note.name,
                    "creatingUser": note.user or None,
                    "creationDateTime": utc(note.created),
                },
            )
            b.description(element, note.description)
            b.el(element, "PlainTextContent", text=note.text)
    if project.links:
        links = b.el(root, "Links")
        for link in project.links:
            element = b.el(
                links,
                "Link",
                {
                    "guid": link.guid,
                    "name": link.name or None,
                    "direction": link.direction or None,
                    "originGUID": link.origin or None,
                    "targetGUID": link.target or None,
                },
            )
            b.note_refs(element, link.note_refs)
    b.sets(root, project.sets, codebook=False)
    b.description(root, project.description)
    b.note_refs(root, project.note_refs)
    return _xml_bytes(root)


def write_qdpx(project: ProjectData, *, offsets="codepoints") -> bytes:
    """The .qdpx: project.qde plus one `sources/<guid>.txt` per text source (UTF-8, no BOM, \\n)."""
    paths = {source.guid: f"{source.guid}.txt" for source in project.sources}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(project, offsets=offsets, text_paths=paths))
        for source in project.sources:
            # Not clean()ed: a .txt may hold any character, and dropping one would shift offsets.
            text = source.text.replace("\r\n", "\n").replace("\r", "\n")
            archive.writestr(f"sources/{paths[source.guid]}", text.encode("utf-8"))
    return out.getvalue()


def write_qdc(codebook: CodebookData) -> bytes:
    b = _Builder(CODEBOOK_NS)
    root = b.el(None, "CodeBook", {"origin": codebook.origin or ORIGIN})
    codes = b.el(root, "Codes")
    for code in codebook.codes:
        b.code(codes, code, with_notes=False)
    b.sets(root, codebook.sets, codebook=True)
    return _xml_bytes(root)

"""Reading .qdpx projects and .qdc codebooks, leniently (DIGEST §8).

Elements are matched on their local name in any namespace (or none), children are looked up by
name rather than by position, GUIDs compare case-insensitively without braces, file names in the
zip match case-insensitively on their last path part, and every reference is checked: a dangling
one becomes a Problem, never an exception. Only a file that is not a zip, not XML or has the wrong
root element is refused whole (safety.ExchangeError).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from exchange.refi import positions
from exchange.refi.elements import (  # noqa: F401  normalise_colour is part of this module's API
    attr,
    kid,
    kids,
    local,
    normalise_colour,
    parse_bool,
    parse_datetime,
    parse_int,
    refs,
    text_of,
)
from exchange.refi.model import (
    Case,
    Code,
    CodebookData,
    Coding,
    Link,
    Note,
    Problem,
    ProjectData,
    Selection,
    Set,
    SkippedSource,
    TextSource,
    User,
    Variable,
    VariableValue,
    guid_key,
)
from exchange.refi.resolve import resolve
from exchange.refi.safety import BoundedZip, ExchangeError, parse_xml

NON_TEXT_SOURCES = ("PictureSource", "AudioSource", "VideoSource")
SELECTION_ELEMENTS = ("PDFSelection", "PictureSelection", "AudioSelection", "VideoSelection")
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")


# --- the reader ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, files=None):
        self.files = files  # BoundedZip or None
        self.lookup = {}
        if files is not None:
            for name in files.names():
                self.lookup.setdefault(re.split(r"[\\/]", name)[-1].lower(), name)
        self.problems = []

    def problem(self, kind, where="", **detail):
        self.problems.append(Problem(kind, where, detail))

    # values

    def value(self, element, where):
        variable = (
            guid_key(attr(kid(element, "VariableRef"), "targetGUID"))
            if kid(element, "VariableRef") is not None
            else ""
        )
        result = VariableValue(variable=variable)
        for child in element:
            name = local(child)
            if name == "VariableRef" or not name.endswith("Value"):
                continue
            raw = "".join(child.itertext()).strip()
            try:
                if name == "TextValue":
                    result.value = "".join(child.itertext())
                elif name == "BooleanValue":
                    if raw.lower() not in ("true", "false", "1", "0"):
                        raise ValueError(raw)
                    result.value = parse_bool(raw)
                elif name == "IntegerValue":
                    result.value = int(raw)
                elif name == "FloatValue":
                    result.value = Decimal(raw)
                elif name == "DateValue":
                    result.value = datetime.date.fromisoformat(raw[:10])
                elif name == "DateTimeValue":
                    parsed = parse_datetime(raw)
                    if parsed is None:
                        raise ValueError(raw)
                    result.value = parsed
            except (ValueError, InvalidOperation):
                self.problem("bad_value", where, value=raw)
            break
        return result

    def values(self, element, where):
        return [self.value(child, where) for child in kids(element, "VariableValue")]

    # codes

    def code(self, element):
        name = attr(element, "name").strip()
        guid = guid_key(attr(element, "guid"))
        colour_text = attr(element, "color")
        colour = normalise_colour(colour_text)
        if colour_text and colour is None:
            self.problem("bad_colour", name, colour=colour_text)
        code = Code(
            guid=guid,
            name=name,
            codable=parse_bool(attr(element, "isCodable"), default=True),
            color=colour,
            description=text_of(element, "Description"),
            note_refs=refs(element, "NoteRef"),
            children=[self.code(child) for child in kids(element, "Code")],
        )
        return code

    def codes(self, codebook):
        if codebook is None:
            return []
        container = kid(codebook, "Codes")
        # Some files put Code straight under CodeBook; take both.
        elements = kids(container, "Code") if container is not None else []
        elements += kids(codebook, "Code")
        return [self.code(element) for element in elements]

    def sets(self, container, member_attribute="targetGUID"):
        if container is None:
            return []
        out = []
        for element in kids(container, "Set"):
            out.append(
                Set(
                    guid=guid_key(attr(element, "guid")),
                    name=attr(element, "name"),
                    description=text_of(element, "Description"),
                    # The codebook schema names the member's attribute `guid`, the project one
                    # `targetGUID`: accept either in both.
                    codes=[
                        guid_key(
                            attr(child, member_attribute) or attr(child, "guid") or attr(child, "targetGUID")
                        )
                        for child in kids(element, "MemberCode")
                    ],
                    sources=refs(element, "MemberSource"),
                    notes=refs(element, "MemberNote"),
                )
            )
        return out

    # sources

    def file_bytes(self, path):
        if not path:
            return None
        # internal://x.txt, relative://a/b.txt, bare names (qc), backslashes (Windows).
        name = re.split(r"[\\/]", re.sub(r"^[a-zA-Z]+://", "", path.strip()))[-1].lower()
        if self.files is None or name not in self.lookup:
            return None
        return self.files.read(self.lookup[name])

    def text_content(self, element):
        """(raw text or None, why not): inline PlainTextContent first, then plainTextPath."""
        inline = kid(element, "PlainTextContent")
        if inline is not None:
            return "".join(inline.itertext()), ""
        path = attr(element, "plainTextPath")
        if not path:
            return None, "text_missing"
        data = self.file_bytes(path)
        if data is None:
            return None, "text_missing"
        text = positions.decode_text(data)
        if text is None:
            return None, "undecodable"
        return text, ""

    def coding(self, element, where):
        code_ref = kid(element, "CodeRef")
        if code_ref is None or not attr(code_ref, "targetGUID"):
            self.problem("coding_without_code", where, guid=attr(element, "guid"))
            return None
        return Coding(
            guid=guid_key(attr(element, "guid")),
            code=guid_key(attr(code_ref, "targetGUID")),
            user=guid_key(attr(element, "creatingUser")),
            created=attr(element, "creationDateTime"),
            note_refs=refs(element, "NoteRef"),
        )

    def codings(self, element, where):
        return [c for c in (self.coding(child, where) for child in kids(element, "Coding")) if c is not None]

    def selection(self, element, where):
        start, end = parse_int(attr(element, "startPosition")), parse_int(attr(element, "endPosition"))
        guid = guid_key(attr(element, "guid"))
        if start is None or end is None or start < 0 or end <= start:
            self.problem(
                "selection_unplaceable",
                where,
                guid=guid,
                start=attr(element, "startPosition"),
                end=attr(element, "endPosition"),
            )
            return None
        return Selection(
            guid=guid,
            start=start,
            end=end,
            name=attr(element, "name"),
            description=text_of(element, "Description"),
            user=guid_key(attr(element, "creatingUser")),
            created=attr(element, "creationDateTime"),
            codings=self.codings(element, where),
            note_refs=refs(element, "NoteRef"),
        )

    def text_source(self, element, *, outer=None, origin_model):
        """A TextSource, or the text Representation of a PDF (`outer`: the PDFSource element)."""
        owner = outer if outer is not None else element
        name = attr(owner, "name") or attr(element, "name")
        text, why = self.text_content(element)
        guid = guid_key(attr(owner, "guid"))
        if text is None:
            return None, why
        source = TextSource(
            guid=guid,
            name=name,
            description=text_of(owner, "Description"),
            text=text,
            user=guid_key(attr(owner, "creatingUser")),
            created=attr(owner, "creationDateTime"),
            selections=[
                s for s in (self.selection(child, name) for child in kids(element, "PlainTextSelection")) if s
            ],
            codings=self.codings(owner, name),
            note_refs=refs(owner, "NoteRef"),
            values=self.values(owner, name),
        )
        if outer is not None:
            source.codings += self.codings(element, name)
            source.note_refs += refs(element, "NoteRef")
        stored, model, problems = positions.place_selections(
            source.text, source.selections, origin_model, where=name
        )
        source.text, source.position_model = stored, model
        self.problems.extend(problems)
        return source, ""

    def sources(self, container, origin_model):
        texts, skipped = [], []
        if container is None:
            return texts, skipped
        for element in container:
            kind = local(element)
            if not kind:
                continue
            guid, name = guid_key(attr(element, "guid")), attr(element, "name")
            area_selections = sum(len(kids(element, n)) for n in SELECTION_ELEMENTS)
            if kind == "TextSource":
                source, why = self.text_source(element, origin_model=origin_model)
            elif kind == "PDFSource" and kid(element, "Representation") is not None:
                source, why = self.text_source(
                    kid(element, "Representation"), outer=element, origin_model=origin_model
                )
            elif kind in ("PDFSource", *NON_TEXT_SOURCES):
                source, why = None, "not_text"
            else:
                self.problem("unknown_element", name, element=kind)
                continue
            if source is None:
                skipped.append(SkippedSource(guid=guid, name=name, kind=kind, reason=why))
                continue
            if area_selections:
                self.problem("area_selections_skipped", name, count=area_selections)
            texts.append(source)
        return texts, skipped

    def notes(self, container):
        if container is None:
            return []
        out = []
        for element in kids(container, "Note"):
            text, _why = self.text_content(element)
            out.append(
                Note(
                    guid=guid_key(attr(element, "guid")),
                    name=attr(element, "name"),
                    text=positions.StoredText(text).text if text else "",
                    description=text_of(element, "Description"),
                    user=guid_key(attr(element, "creatingUser")),
                    created=attr(element, "creationDateTime"),
                )
            )
        return out

    def cases(self, container):
        if container is None:
            return []
        return [
            Case(
                guid=guid_key(attr(element, "guid")),
                name=attr(element, "name"),
                description=text_of(element, "Description"),
                code_refs=refs(element, "CodeRef"),
                values=self.values(element, attr(element, "name")),
                source_refs=refs(element, "SourceRef"),
                selection_refs=refs(element, "SelectionRef"),
            )
            for element in kids(container, "Case")
        ]

    def variables(self, container):
        if container is None:
            return []
        out = []
        for element in kids(container, "Variable"):
            kind = attr(element, "typeOfVariable") or "Text"
            if kind not in VARIABLE_TYPES:
                self.problem("bad_variable_type", attr(element, "name"), type=kind)
                kind = "Text"
            out.append(
                Variable(
                    guid=guid_key(attr(element, "guid")),
                    name=attr(element, "name"),
                    type=kind,
                    description=text_of(element, "Description"),
                )
            )
        return out

    def project(self, root):
        origin = attr(root, "origin")
        project = ProjectData(
            name=attr(root, "name"),
            origin=origin,
            description=text_of(root, "Description"),
            created=attr(root, "creationDateTime"),
        )
        users = kid(root, "Users")
        project.users = [
            User(guid=guid_key(attr(u, "guid")), name=attr(u, "name"), id=attr(u, "id"))
            for u in (kids(users, "User") if users is not None else [])
        ]
        project.codes = self.codes(kid(root, "CodeBook"))
        project.variables = self.variables(kid(root, "Variables"))
        project.cases = self.cases(kid(root, "Cases"))
        project.sources, project.skipped = self.sources(
            kid(root, "Sources"), positions.model_for_origin(origin)
        )
        project.notes = self.notes(kid(root, "Notes"))
        links = kid(root, "Links")
        project.links = [
            Link(
                guid=guid_key(attr(link, "guid")),
                name=attr(link, "name"),
                direction=attr(link, "direction"),
                origin=guid_key(attr(link, "originGUID")),
                target=guid_key(attr(link, "targetGUID")),
                note_refs=refs(link, "NoteRef"),
            )
            for link in (kids(links, "Link") if links is not None else [])
        ]
        project.sets = self.sets(kid(root, "Sets"))
        project.note_refs = refs(root, "NoteRef")
        resolve(project, self)
        project.problems = self.problems
        return project


def _root(data: bytes, expected: str):
    root, recovered = parse_xml(data)
    if local(root) != expected:
        raise ExchangeError(ExchangeError.WRONG_ROOT, expected=expected, found=local(root))
    return root, recovered


def read_qdpx(data: bytes) -> ProjectData:
    archive = BoundedZip(data)
    names = archive.names()
    candidates = [name for name in names if name.lower().endswith(".qde")]
    # The spec names it project.qde at the top; QualCoder accepts any *.qde, so do we.
    candidates.sort(key=lambda name: (name.lower() != "project.qde", name.count("/"), name))
    if not candidates:
        raise ExchangeError(ExchangeError.NO_PROJECT_XML)
    root, recovered = _root(archive.read(candidates[0]), "Project")
    reader = _Reader(archive)
    if recovered:
        reader.problem("xml_recovered", candidates[0])
    return reader.project(root)


def read_project_xml(data: bytes) -> ProjectData:
    """A bare project.qde (inline texts only): handy for tests and for tools that send just XML."""
    root, recovered = _root(data, "Project")
    reader = _Reader()
    if recovered:
        reader.problem("xml_recovered", "project.qde")
    return reader.project(root)


def read_qdc(data: bytes) -> CodebookData:
    root, recovered = _root(data, "CodeBook")
    reader = _Reader()
    if recovered:
        reader.problem("xml_recovered", "")
    codebook = CodebookData(origin=attr(root, "origin"))
    codebook.codes = reader.codes(root)
    codebook.sets = reader.sets(kid(root, "Sets"), member_attribute="guid")
    codes = {code.guid for code, _parent in codebook.all_codes()}
    for item in codebook.sets:
        for ref in item.codes:
            if ref not in codes:
                reader.problem("dangling_reference", item.name, target=ref, target_kind="code")
        item.codes = [ref for ref in item.codes if ref in codes]
    codebook.problems = reader.problems
    return codebook

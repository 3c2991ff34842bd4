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

from lxml import etree

from exchange.refi import positions
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
from exchange.refi.safety import BoundedZip, ExchangeError, parse_xml

NON_TEXT_SOURCES = ("PictureSource", "AudioSource", "VideoSource")
SELECTION_ELEMENTS = ("PDFSelection", "PictureSelection", "AudioSelection", "VideoSelection")
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
HEX_COLOUR = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
RGB_COLOUR = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(,[^)]*)?\)$", re.IGNORECASE)


# --- element helpers ----------------------------------------------------------------------------


def local(element):
    if not isinstance(element.tag, str):
        return ""
    return etree.QName(element).localname


def kids(element, *names):
    return [child for child in element if local(child) in names]


def kid(element, name):
    for child in element:
        if local(child) == name:
            return child
    return None


def attr(element, name, default=""):
    value = element.get(name)
    if value is not None:
        return value
    # Attribute names differ in case between some tools (plainTextPath / PlainTextPath).
    wanted = name.lower()
    for key, value in element.attrib.items():
        if etree.QName(key).localname.lower() == wanted:
            return value
    return default


def text_of(element, name):
    child = kid(element, name)
    if child is None:
        return ""
    return "".join(child.itertext())


def refs(element, name, attribute="targetGUID"):
    return [guid_key(attr(child, attribute)) for child in kids(element, name) if attr(child, attribute)]


def parse_bool(value, default=True):
    value = (value or "").strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return default


def parse_int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def normalise_colour(value):
    """`#rrggbb` (lower case) for the colour forms seen in real files, None for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    match = HEX_COLOUR.match(value)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return "#" + digits[:6].lower()
    match = RGB_COLOUR.match(value)
    if match:
        parts = [min(int(part), 255) for part in match.groups()[:3]]
        return "#" + "".join(f"{part:02x}" for part in parts)
    return None


def parse_datetime(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        # A time without a zone (Transana's example) is taken as UTC, as most producers mean.
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


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
        _resolve(project, self)
        project.problems = self.problems
        return project


def _resolve(project: ProjectData, reader: _Reader):
    """Check every reference; turn NVivo's codings-to-a-case into case membership (DIGEST §8.5)."""
    codes = {code.guid for code, _parent in project.all_codes()}
    cases = {case.guid: case for case in project.cases}
    sources = {source.guid for source in project.sources}
    skipped = {source.guid for source in project.skipped}
    selections = {s.guid: source for source in project.sources for s in source.selections}
    notes = {note.guid for note in project.notes}
    variables = {variable.guid for variable in project.variables}
    users = {user.guid for user in project.users}

    seen = set()
    for guid in [c for c, _p in project.all_codes()] + project.sources + project.cases + project.notes:
        if guid.guid in seen:
            reader.problem("duplicate_guid", getattr(guid, "name", ""), guid=guid.guid)
        seen.add(guid.guid)

    def check_notes(owner_refs, where):
        kept = [ref for ref in owner_refs if ref in notes]
        for ref in owner_refs:
            if ref not in notes:
                reader.problem("dangling_reference", where, target=ref, target_kind="note")
        return kept

    def check_codings(codings, where, *, source, selection=None):
        kept = []
        for coding in codings:
            if coding.code in codes:
                kept.append(coding)
                coding.note_refs = check_notes(coding.note_refs, where)
            elif coding.code in cases:
                case = cases[coding.code]
                if selection is None:
                    case.source_refs.append(source.guid)
                else:
                    case.selection_refs.append(selection.guid)
            else:
                reader.problem("dangling_reference", where, target=coding.code, target_kind="code")
        return kept

    for code, _parent in project.all_codes():
        code.note_refs = check_notes(code.note_refs, code.name)
    for source in project.sources:
        source.codings = check_codings(source.codings, source.name, source=source)
        source.note_refs = check_notes(source.note_refs, source.name)
        for selection in source.selections:
            selection.codings = check_codings(
                selection.codings, source.name, source=source, selection=selection
            )
            selection.note_refs = check_notes(selection.note_refs, source.name)
        source.values = _check_values(source.values, variables, source.name, reader)
    for case in project.cases:
        for ref in case.code_refs:
            if ref not in codes:
                reader.problem("dangling_reference", case.name, target=ref, target_kind="code")
        case.code_refs = [ref for ref in case.code_refs if ref in codes]
        kept = []
        for ref in case.source_refs:
            if ref in sources:
                if ref not in kept:
                    kept.append(ref)
            elif ref in skipped:
                continue  # its source was skipped and reported as such
            else:
                reader.problem("dangling_reference", case.name, target=ref, target_kind="source")
        case.source_refs = kept
        for ref in case.selection_refs:
            if ref not in selections:
                reader.problem("dangling_reference", case.name, target=ref, target_kind="selection")
        case.selection_refs = list(dict.fromkeys(ref for ref in case.selection_refs if ref in selections))
        case.values = _check_values(case.values, variables, case.name, reader)
    for item in project.sets:
        for attribute, known, kind in (
            ("codes", codes, "code"),
            ("sources", sources, "source"),
            ("notes", notes, "note"),
        ):
            members = getattr(item, attribute)
            for ref in members:
                if ref not in known and ref not in skipped:
                    reader.problem("dangling_reference", item.name, target=ref, target_kind=kind)
            setattr(item, attribute, [ref for ref in members if ref in known])
    project.note_refs = check_notes(project.note_refs, project.name)

    # Users who code but were never listed still own their work (DIGEST §8.7).
    used = {
        guid
        for source in project.sources
        for guid in [source.user]
        + [c.user for c in source.codings]
        + [s.user for s in source.selections]
        + [c.user for s in source.selections for c in s.codings]
        if guid
    }
    for guid in sorted(used - users):
        project.users.append(User(guid=guid))
        reader.problem("user_unlisted", "", guid=guid)


def _check_values(values, variables, where, reader):
    kept = []
    for value in values:
        if value.variable in variables:
            kept.append(value)
        else:
            reader.problem("dangling_reference", where, target=value.variable, target_kind="variable")
    return kept


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

"""The exchange data as plain dataclasses: what the reader produces and the writer consumes.

GUID fields hold the *key* form (lower case, no braces) so that references compare equal however
the producing tool spelled them. Text positions are code points over the stored (NFC, `\\n`) text
once `positions` has placed them.
"""

from dataclasses import dataclass, field


def guid_key(value) -> str:
    return (value or "").strip().strip("{}").strip().lower()


@dataclass
class Problem:
    """Something the import could not take as it was: a code, where, and the values a message needs."""

    kind: str
    where: str = ""
    detail: dict = field(default_factory=dict)


@dataclass
class User:
    guid: str
    name: str = ""
    id: str = ""


@dataclass
class Code:
    guid: str
    name: str
    codable: bool = True
    color: str | None = None
    description: str = ""
    note_refs: list[str] = field(default_factory=list)
    children: list["Code"] = field(default_factory=list)


@dataclass
class Variable:
    guid: str
    name: str
    type: str = "Text"  # Text, Boolean, Integer, Float, Date, DateTime
    description: str = ""


@dataclass
class VariableValue:
    variable: str
    value: object = None  # str, bool, int, float/Decimal, datetime.date, datetime.datetime or None


@dataclass
class Coding:
    guid: str
    code: str
    user: str = ""
    created: str = ""
    note_refs: list[str] = field(default_factory=list)


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    user: str = ""
    created: str = ""
    codings: list[Coding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    # Set by positions.place_selections: which position model placed it.
    model: str = ""


@dataclass
class TextSource:
    guid: str
    name: str = ""
    description: str = ""
    # The raw decoded text as in the file until placed, then the stored form (NFC, `\n`, no BOM).
    text: str = ""
    user: str = ""
    created: str = ""
    selections: list[Selection] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    values: list[VariableValue] = field(default_factory=list)
    position_model: str = ""


@dataclass
class SkippedSource:
    guid: str
    name: str
    kind: str  # PDFSource, PictureSource, AudioSource, VideoSource, TextSource
    reason: str  # not_text, text_missing, undecodable


@dataclass
class Case:
    guid: str
    name: str = ""
    description: str = ""
    code_refs: list[str] = field(default_factory=list)
    values: list[VariableValue] = field(default_factory=list)
    source_refs: list[str] = field(default_factory=list)
    selection_refs: list[str] = field(default_factory=list)


@dataclass
class Note:
    guid: str
    name: str = ""
    text: str = ""
    description: str = ""
    user: str = ""
    created: str = ""


@dataclass
class Set:
    guid: str
    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Link:
    guid: str
    name: str = ""
    direction: str = ""
    origin: str = ""
    target: str = ""
    note_refs: list[str] = field(default_factory=list)


@dataclass
class ProjectData:
    name: str = ""
    origin: str = ""
    description: str = ""
    created: str = ""
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)  # the roots; children nest
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    skipped: list[SkippedSource] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def all_codes(self):
        """Every code, parents before children, as (code, parent guid or None)."""
        stack = [(code, None) for code in reversed(self.codes)]
        while stack:
            code, parent = stack.pop()
            yield code, parent
            stack.extend((child, code.guid) for child in reversed(code.children))


@dataclass
class CodebookData:
    origin: str = ""
    codes: list[Code] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    all_codes = ProjectData.all_codes

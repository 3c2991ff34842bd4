"""One uploaded file in, text with turns and metadata out (or a Refused with the reason)."""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from coding.documents.importing import metadata as metadata_module
from coding.documents.importing.cjk import unify_cjk
from coding.documents.importing.encodings import decode_text
from coding.documents.importing.limits import DEFAULT_LIMITS, Limits, TextBudget
from coding.documents.importing.odt import odt_text
from coding.documents.importing.pdf import pdf_text
from coding.documents.importing.refusal import Refused
from coding.documents.importing.turns import Turn, find_turns
from coding.documents.importing.word import docx_text
from coding.offsets import normalize_text

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
SUPPORTED_EXTENSIONS = sorted(TEXT_EXTENSIONS | {".docx", ".odt", ".pdf"})
TITLE_MAX = 300
# Control characters that XML, XLSX and PostgreSQL cannot hold (NUL is refused before this): a
# page break or vertical tab becomes a line break, the rest a space, one for one so that nothing
# moves. Stored text then passes every export and the services' own checks on metadata.
CONTROLS = {code: " " for code in [*range(0x01, 0x09), *range(0x0E, 0x20)]} | {0x0B: "\n", 0x0C: "\n"}
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Extracted:
    title: str
    text: str
    format: str  # the extension without its dot: txt, md, docx, odt, pdf
    encoding: str  # of a plain-text file; "" for docx and pdf
    metadata: metadata_module.Metadata
    turns: list[Turn] = field(default_factory=list)


def extract(
    filename: str, data: bytes, encoding: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Extracted:
    path = PurePath(filename.replace("\\", "/"))
    extension = path.suffix.lower()
    if not data:
        raise Refused(Refused.EMPTY)
    if extension not in SUPPORTED_EXTENSIONS:
        raise Refused(Refused.UNSUPPORTED, extension=extension or path.name)
    used_encoding = ""
    if extension == ".docx":
        raw = docx_text(data, limits)
    elif extension == ".odt":
        raw = odt_text(data, limits)
    elif extension == ".pdf":
        raw = pdf_text(data, TextBudget(limits.max_characters))
    else:
        raw, used_encoding = decode_text(data, encoding or None)
        TextBudget(limits.max_characters).take(len(raw))
    # Every format: .docx and .txt pasted from a PDF carry the same radicals as the PDF itself.
    text = unify_cjk(normalize_text(raw))
    # NUL characters cannot be stored in PostgreSQL text and mean a binary file in disguise.
    if "\x00" in text:
        raise Refused(Refused.UNDECODABLE)
    if CONTROL.search(text):
        text = text.translate(CONTROLS)
    if not text.strip():
        raise Refused(Refused.EMPTY)
    header = metadata_module.from_header(text)
    found = metadata_module.merge(header, metadata_module.from_file_name(path.stem))
    turns = find_turns(text, skip_until=found.header_end)
    if len(turns) > limits.max_turns:
        raise Refused(Refused.TOO_MANY_TURNS, limit=f"{limits.max_turns:,}")
    return Extracted(
        title=(path.stem.strip() or path.name)[:TITLE_MAX],
        text=text,
        format=extension.lstrip("."),
        encoding=used_encoding,
        metadata=found,
        turns=turns,
    )

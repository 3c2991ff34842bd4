"""One uploaded file in, text with turns and metadata out (or a Refused with the reason)."""

from dataclasses import dataclass, field
from pathlib import PurePath

from coding.documents.importing import metadata as metadata_module
from coding.documents.importing.cjk import unify_cjk
from coding.documents.importing.encodings import decode_text
from coding.documents.importing.odt import odt_text
from coding.documents.importing.pdf import pdf_text
from coding.documents.importing.refusal import Refused
from coding.documents.importing.turns import Turn, find_turns
from coding.documents.importing.word import docx_text
from coding.offsets import normalize_text

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
SUPPORTED_EXTENSIONS = sorted(TEXT_EXTENSIONS | {".docx", ".odt", ".pdf"})
TITLE_MAX = 300


@dataclass
class Extracted:
    title: str
    text: str
    format: str  # the extension without its dot: txt, md, docx, odt, pdf
    encoding: str  # of a plain-text file; "" for docx and pdf
    metadata: metadata_module.Metadata
    turns: list[Turn] = field(default_factory=list)


def extract(filename: str, data: bytes, encoding: str | None = None) -> Extracted:
    path = PurePath(filename.replace("\\", "/"))
    extension = path.suffix.lower()
    if not data:
        raise Refused(Refused.EMPTY)
    if extension not in SUPPORTED_EXTENSIONS:
        raise Refused(Refused.UNSUPPORTED, extension=extension or path.name)
    used_encoding = ""
    if extension == ".docx":
        raw = docx_text(data)
    elif extension == ".odt":
        raw = odt_text(data)
    elif extension == ".pdf":
        raw = pdf_text(data)
    else:
        raw, used_encoding = decode_text(data, encoding or None)
    # Every format: .docx and .txt pasted from a PDF carry the same radicals as the PDF itself.
    text = unify_cjk(normalize_text(raw))
    # NUL characters cannot be stored in PostgreSQL text and mean a binary file in disguise.
    if "\x00" in text:
        raise Refused(Refused.UNDECODABLE)
    if not text.strip():
        raise Refused(Refused.EMPTY)
    header = metadata_module.from_header(text)
    found = metadata_module.merge(header, metadata_module.from_file_name(path.stem))
    return Extracted(
        title=(path.stem.strip() or path.name)[:TITLE_MAX],
        text=text,
        format=extension.lstrip("."),
        encoding=used_encoding,
        metadata=found,
        turns=find_turns(text, skip_until=found.header_end),
    )

"""Error messages of documents and their import, as constants so that tests assert them exactly."""

from django.utils.translation import gettext_lazy as _

from coding.documents.importing import Refused

CASE_OTHER_PROJECT = _("This case belongs to another project.")
TEXT_EMPTY = _("The document has no text.")
REFUSALS = {
    Refused.EMPTY: _("The file is empty: it holds no text."),
    Refused.TOO_LARGE: _("The file is too large: {size} MB, and the limit is {limit} MB."),
    Refused.UNSUPPORTED: _(
        "“{extension}” files are not supported; import .txt, .md, .docx, .odt or .pdf files."
    ),
    Refused.CORRUPT: _("The file is damaged, or it is not the kind of file its name says."),
    Refused.HOSTILE_ARCHIVE: _(
        "The file was refused as a hostile archive: it would inflate to far more than any transcript."
    ),
    Refused.UNDECODABLE: _(
        "The file's text could not be decoded; it may not be a text file. Choose its encoding and "
        "import it again."
    ),
    Refused.WRONG_ENCODING: _(
        "The file cannot be read as {encoding}; choose another encoding, or automatic detection."
    ),
    Refused.UNKNOWN_ENCODING: _("“{encoding}” is not an encoding we know."),
    Refused.NO_TEXT_LAYER: _(
        "This PDF has no text layer (it is probably a scan): run it through OCR first, or import its text."
    ),
    Refused.ENCRYPTED: _("This PDF is protected by a password: remove the password and import it again."),
    Refused.TOO_MUCH_TEXT: _(
        "The file holds more than {limit} characters of text, the most one document may hold: "
        "split it into several files."
    ),
    Refused.XML_TOO_LARGE: _(
        "The file was refused: its document part holds more than {limit} MB of XML, far more than "
        "a transcript needs. Save it as plain text (.txt) and import that."
    ),
    Refused.TOO_MANY_ELEMENTS: _(
        "The file was refused: one of its paragraphs or tables is made of more than {limit} XML "
        "elements. Save it as plain text (.txt) and import that."
    ),
    Refused.TOO_MANY_TURNS: _(
        "The file has more than {limit} speaker turns, the most one document may hold: split it "
        "into several files."
    ),
}


INVALID = "invalid"  # reason code for a file whose document the services refused
DUPLICATE = _("The same text is already in this project: {titles}.")
NO_FILES = _("Choose at least one file to import.")
NO_ORIGINAL = _("This document was not imported from a file, so there is no original to download.")


def refusal_message(reason, params):
    return str(REFUSALS[reason]).format(**params)

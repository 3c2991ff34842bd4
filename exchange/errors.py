"""Messages of the exchange app: why a file is refused, and why an item was left out or changed."""

from django.utils.translation import gettext_lazy as _

# A file refused whole (exchange.refi.safety.ExchangeError reasons).
REFUSED = {
    "not_a_zip": _("This is not a .qdpx project: the file is not a ZIP archive."),
    "hostile_archive": _("The archive would unpack to more than the allowed size; it was not opened."),
    "no_project_xml": _("The archive holds no project.qde file."),
    "not_xml": _("The project file is not readable XML."),
    "wrong_root": _("The file is not a REFI-QDA {expected} (its root element is {found})."),
}
FILE_MISSING = _("Choose a file to import.")
FILE_TOO_LARGE = _("The file is larger than {limit} MB.")
BAD_OFFSETS = _("offsets must be “codepoints” or “utf16”.")
BAD_MODE = _("mode must be “merge” or “parent”.")
PARENT_NAME_MISSING = _("Give the new parent code a name.")
UNTITLED_PROJECT = _("Imported project")
UNTITLED_DOCUMENT = _("Untitled document")
UNTITLED_CODE = _("Untitled code")
UNTITLED_CASE = _("Case {number}")
UNTITLED_SET = _("Set {number}")

# Why an item was left out or changed (report entries' `reason`).
REASONS = {
    "not_text": _(
        "Only text sources can be imported; this one is a picture, audio, video or PDF without text."
    ),
    "text_missing": _("Its text file is not in the archive."),
    "undecodable": _("Its text file is in an unknown encoding."),
    "empty_text": _("Its text is empty."),
    "selection_unplaceable": _(
        "A selection ({start}–{end}) lies outside the text under every position model."
    ),
    "selection_clamped": _("A selection ({start}–{end}) ran past the end of the text and was shortened."),
    "selection_quote_mismatch": _("A selection's quoted text “{quote}” is not found where it points."),
    "dangling_reference": _("A reference to a {target_kind} that is not in the file ({target})."),
    "coding_without_code": _("A coding names no code."),
    "area_selections_skipped": _("{count} picture or PDF area selections were left out."),
    "unknown_element": _("An unknown element {element} was left out."),
    "bad_value": _("The value “{value}” does not fit its variable's type."),
    "bad_colour": _("The colour “{colour}” is not understood; the default colour is used."),
    "bad_variable_type": _("The variable type “{type}” is not known; it is read as text."),
    "xml_recovered": _("The XML was not well-formed; what could be read was read."),
    "user_unlisted": _("A user who made codings is not in the user list; an account was made for them."),
    "duplicate_guid": _("Two items share the GUID {guid}."),
    "link_not_supported": _("Links between items are not imported."),
    "duplicate_coding": _(
        "{count} codings repeated another with the same code, coder and span; they were merged."
    ),
    "name_changed": _("The name “{old}” was taken; it was imported as “{new}”."),
    "document_in_two_cases": _("The document is in more than one case; it was kept in “{case}”."),
    "values_moved_to_case": _("Values on the source were given to its case “{case}”."),
    "datetime_as_date": _("Date-and-time values are stored as dates."),
    "account_created": _(
        "No account is called “{name}”; an inactive one, “{username}”, was made for their codings."
    ),
    "account_matched": _("“{name}” was matched to the existing account “{username}”."),
}

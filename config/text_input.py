"""Text the API refuses on the way in: characters that XML, XLSX and PostgreSQL cannot hold.

C0 control characters other than tab, line feed and carriage return, NUL among them (PostgreSQL
refuses it in text and jsonb), lone surrogates (no UTF-8 for them) and U+FFFE/U+FFFF (not XML) are
refused with a 400 that names the field, before any view or service sees the request. The API's
parsers (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]) check every string and every key of a JSON,
form or multipart body; uploaded files are read by their importers, which clean their own text.
Page forms get the same check from config.middleware.RefusedCharacterMiddleware.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, serializers

REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_CHARACTER = _(
    "This text contains the character U+{code}, which exports and the database cannot hold: remove it."
)
CONTROL_CHARACTER_IN = _(
    "“{key}” contains the character U+{code}, which exports and the database cannot hold: remove it."
)


def _first_bad(value, key=None):
    """(key path inside the field or None, offending character) of the first refused string."""
    if isinstance(value, str):
        match = REFUSED.search(value)
        return (key, match.group()) if match else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = ((None, item) for item in value)
    else:
        return None
    for name, item in items:
        if isinstance(name, str) and (match := REFUSED.search(name)):
            return (name, match.group())
        found = _first_bad(item, name if name is not None else key)
        if found:
            return found
    return None


def first_refused(data):
    """(field, message) for the first refused character in data (a dict, a QueryDict or any
    value), or None when every string may be stored."""
    if isinstance(data, dict) or hasattr(data, "lists"):
        fields = data.lists() if hasattr(data, "lists") else data.items()
    else:
        fields = [("non_field_errors", data)]
    for field, value in fields:
        if isinstance(field, str) and (match := REFUSED.search(field)):
            return "non_field_errors", _message(None, match.group())
        found = _first_bad(value)
        if found:
            key, char = found
            return field, _message(key, char)
    return None


def check_text_input(data) -> None:
    """Raise a DRF ValidationError {field: [message]} for the first refused character in data."""
    found = first_refused(data)
    if found:
        field, message = found
        raise serializers.ValidationError({field: [message]})


def _message(key, char):
    code = f"{ord(char):04X}"
    if key is None:
        return str(CONTROL_CHARACTER).format(code=code)
    return str(CONTROL_CHARACTER_IN).format(key=REFUSED.sub("\ufffd", key), code=code)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_text_input(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_text_input(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        check_text_input(result.data)
        return result

"""Request plumbing shared by every app: ids too large for any database, answered as 404, and
page forms carrying characters that no export or database can hold, answered as 400 (and their
line breaks stored as LF)."""

import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from config.text_input import first_refused

# Ids are 64-bit signed integers in SQLite and PostgreSQL; a larger number in a path names
# nothing, and passing it on makes the database driver raise OverflowError (SQLite) or a
# numeric-out-of-range DataError (PostgreSQL) instead of "not found".
MAX_ID = 2**63 - 1
LONG_NUMBER = re.compile(r"(?<![^/])\d{19,}(?=/|$)")
NOT_FOUND = _("Not found.")


def oversized_id(path: str) -> bool:
    return any(int(number) > MAX_ID for number in LONG_NUMBER.findall(path))


class OversizedIdMiddleware:
    """404 for a path holding a number above 2^63 - 1, before any view or query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if oversized_id(request.path_info):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": str(NOT_FOUND)}, status=404)
            raise Http404(NOT_FOUND)
        return self.get_response(request)


class RefusedCharacterMiddleware:
    """400 for a page form (not the API, whose parsers check the same) holding a control
    character, a lone surrogate or U+FFFE/FFFF in any field, before any view stores it.

    Text pasted from a word processor can carry such characters (a vertical tab for a manual line
    break); PostgreSQL refuses NUL with a server error and XLSX/XML exports cannot hold the rest.
    The page names the field and the character, and nothing is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path_info.startswith("/api/"):
            found = first_refused(request.POST)
            if found:
                field, message = found
                return render(request, "400_text.html", {"field": field, "message": message}, status=400)
            if any("\r" in value for values in request.POST.lists() for value in values[1]):
                request.POST = _with_line_feeds(request.POST)
        return self.get_response(request)


def _with_line_feeds(data):
    """A browser submits a textarea's line breaks as CRLF (the HTML form encoding), while the same
    text sent by the pages' scripts has LF: stored text has LF only, whichever way it came."""
    copy = data.copy()
    for key, values in data.lists():
        copy.setlist(key, [value.replace("\r\n", "\n").replace("\r", "\n") for value in values])
    copy._mutable = False
    return copy

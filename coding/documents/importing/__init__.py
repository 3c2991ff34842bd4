"""Turning an uploaded transcript file into text, speaker turns and metadata. Pure Python, no Django.

`extract(filename, data, encoding=None)` returns an `Extracted` or raises `Refused` with a reason
code; coding/errors.py holds the user-facing message for each reason, so that this package stays
free of Django and the messages stay translatable.
"""

from coding.documents.importing.extract import SUPPORTED_EXTENSIONS, Extracted, Refused, extract
from coding.documents.importing.limits import Limits

__all__ = ["SUPPORTED_EXTENSIONS", "Extracted", "Limits", "Refused", "extract"]

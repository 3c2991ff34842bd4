"""Lenient element and value helpers for REFI-QDA XML (DIGEST §8).

Elements are matched on their local name in any namespace (or none) and children are looked up by
name rather than by position, because producers disagree on namespaces, element order and even
the case of attribute names. Kept apart from reader.py so the reader holds only the mapping.
"""

import datetime
import re

from lxml import etree

from exchange.refi.model import guid_key

HEX_COLOUR = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
RGB_COLOUR = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(,[^)]*)?\)$", re.IGNORECASE)


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

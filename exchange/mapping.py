"""How qualcase fields that REFI has no place for travel inside the places it has. Pure Python.

A code's definition, inclusion and exclusion criteria and example share the code's one
`Description`, under fixed English headings (other tools show it as the code's memo, readable as
it is); reading splits them again, so that our own round trip is lossless. A category attribute's
allowed values ride in its Variable's `Description` the same way.
"""

import json
import re

HEADINGS = (
    ("inclusion_criteria", "Inclusion criteria:"),
    ("exclusion_criteria", "Exclusion criteria:"),
    ("example", "Example:"),
)
HEADING_LINE = re.compile(
    r"^(" + "|".join(re.escape(label) for _field, label in HEADINGS) + r")[ \t]*\n?", re.MULTILINE
)
CHOICES_PREFIX = "Allowed values: "


def code_description(*, definition="", inclusion_criteria="", exclusion_criteria="", example="") -> str:
    values = {
        "inclusion_criteria": inclusion_criteria,
        "exclusion_criteria": exclusion_criteria,
        "example": example,
    }
    parts = [definition] if definition else []
    for field, label in HEADINGS:
        if values[field]:
            parts.append(f"{label}\n{values[field]}")
    return "\n\n".join(parts)


def code_fields(description: str) -> dict:
    fields = {"definition": "", "inclusion_criteria": "", "exclusion_criteria": "", "example": ""}
    label_to_field = {label: field for field, label in HEADINGS}
    matches = list(HEADING_LINE.finditer(description or ""))
    head_end = matches[0].start() if matches else len(description or "")
    fields["definition"] = (description or "")[:head_end].rstrip("\n")
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(description)
        body = description[match.end() : end]
        fields[label_to_field[match.group(1)]] = body[:-2] if body.endswith("\n\n") else body.rstrip("\n")
    return fields


def variable_description(choices) -> str:
    return CHOICES_PREFIX + json.dumps(list(choices), ensure_ascii=False) if choices else ""


def variable_choices(description: str):
    """The allowed values a category attribute was written with, or None for a plain text one."""
    if not (description or "").startswith(CHOICES_PREFIX):
        return None
    try:
        choices = json.loads(description[len(CHOICES_PREFIX) :])
    except ValueError:
        return None
    if isinstance(choices, list) and all(isinstance(choice, str) for choice in choices):
        return choices
    return None

"""The codebook as files: CSV and JSON to exchange between projects, Markdown and HTML to print
(a paper's appendix). An import is planned whole first: any bad line refuses it all, naming the
line, and nothing is written; a good one is applied through the codebook services (so it leaves
history), in one transaction."""

import csv
import io
import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from coding.codebook import selectors, services
from coding.models import Code
from config import spreadsheet

COLUMNS = ("path", "name", "definition", "inclusion", "exclusion", "example", "colour")
FIELD_OF_COLUMN = {
    "definition": "definition",
    "inclusion": "inclusion_criteria",
    "exclusion": "exclusion_criteria",
    "example": "example",
    "colour": "color",
}
SEPARATOR = " > "
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

LINE_ERROR = _("Line {line}: {message}")
BAD_HEADER = _("the columns must be: {columns}.")
NAME_MISSING = _("the name is empty.")
BAD_COLOUR = _("“{colour}” is not a colour as #rrggbb.")
PARENT_MISSING = _("the parent “{path}” is neither in the codebook nor on an earlier line.")
REPEATED = _("“{path}” appears twice in the file.")
NOT_A_FILE = _("The file is neither UTF-8 CSV nor a JSON list of codes.")
UNKNOWN_FORMAT = _("Choose csv, json, md or html.")


def _paths(codes):
    by_id = {code.pk: code for code in codes}

    def path(code):
        parts = []
        while code.parent_id is not None:
            code = by_id[code.parent_id]
            parts.append(code.name)
        return SEPARATOR.join(reversed(parts))

    return {code.pk: path(code) for code in codes}


def export_rows(project):
    codes = selectors.codebook_tree(project=project)
    paths = _paths(codes)
    for code in codes:
        row = {"path": paths[code.pk], "name": code.name}
        row.update({column: getattr(code, field) for column, field in FIELD_OF_COLUMN.items()})
        yield row


# Formats that apps above coding add in their AppConfig.ready() (exchange adds "qdc"), so that
# coding never imports them: name -> object with export(project) -> HttpResponse and
# import_file(*, project, upload, user, dry_run, options) -> dict.
FORMATS = {}


def export_response(project, file_format):
    if file_format in FORMATS:
        return FORMATS[file_format].export(project)
    if file_format == "csv":
        out = io.StringIO()
        # A BOM so that Excel reads the Chinese as UTF-8.
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        # Names and definitions are the users' text: never a formula when the file is opened.
        writer.writerows(
            {key: spreadsheet.cell(value) for key, value in row.items()} for row in export_rows(project)
        )
        content, media = out.getvalue(), "text/csv; charset=utf-8"
    elif file_format == "json":
        content = json.dumps(list(export_rows(project)), ensure_ascii=False, indent=2)
        media = "application/json"
    elif file_format in ("md", "html"):
        codes = selectors.codebook_tree(project=project)
        for code in codes:
            code.heading_level = min(code.depth + 2, 6)
        template = "coding/codebook_print.md" if file_format == "md" else "coding/codebook_print.html"
        content = render_to_string(template, {"project": project, "codes": codes})
        media = "text/markdown; charset=utf-8" if file_format == "md" else "text/html; charset=utf-8"
    else:
        raise ValidationError({"file_format": [UNKNOWN_FORMAT]})
    response = HttpResponse(content, content_type=media)
    if file_format != "html":
        response["Content-Disposition"] = f'attachment; filename="codebook-{project.pk}.{file_format}"'
    return response


def _read(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": [NOT_A_FILE]}) from None
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError({"file": [NOT_A_FILE]}) from None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ValidationError({"file": [NOT_A_FILE]})
        # In JSON, the "line" is the item's number in the list, counted from 1.
        return [(number, item) for number, item in enumerate(items, start=1)], None
    reader = csv.DictReader(io.StringIO(text))
    header_error = None
    if tuple(reader.fieldnames or ()) != COLUMNS:
        header_error = LINE_ERROR.format(line=1, message=BAD_HEADER.format(columns=", ".join(COLUMNS)))
        return [], header_error
    # The ' our export puts before a formula-like cell is not part of the name.
    return [
        (reader.line_num, {key: spreadsheet.unquote(value) for key, value in row.items()}) for row in reader
    ], None


def plan_import(*, project, upload):
    """What importing would create and change, or ValidationError listing every bad line."""
    rows, header_error = _read(upload)
    problems = [header_error] if header_error else []
    existing = list(Code.objects.filter(project=project))
    paths = _paths(existing)
    known = {(paths[code.pk], code.name): code for code in existing}
    seen, plan = set(), []
    for line, row in rows:
        row = {column: str(row.get(column) or "").strip() for column in COLUMNS}
        message = None
        if not row["name"]:
            message = NAME_MISSING
        elif row["colour"] and not COLOUR.match(row["colour"]):
            message = BAD_COLOUR.format(colour=row["colour"])
        elif (row["path"], row["name"]) in seen:
            message = REPEATED.format(path=SEPARATOR.join(filter(None, [row["path"], row["name"]])))
        elif row["path"]:
            parent_key = (
                tuple(row["path"].rsplit(SEPARATOR, 1)) if SEPARATOR in row["path"] else ("", row["path"])
            )
            if parent_key not in known and parent_key not in seen:
                message = PARENT_MISSING.format(path=row["path"])
        if message:
            problems.append(LINE_ERROR.format(line=line, message=message))
            continue
        seen.add((row["path"], row["name"]))
        fields = {
            field: row[column]
            for column, field in FIELD_OF_COLUMN.items()
            if row[column] or column != "colour"
        }
        code = known.get((row["path"], row["name"]))
        if code is None:
            plan.append(
                {"line": line, "action": "create", "path": row["path"], "name": row["name"], "fields": fields}
            )
        else:
            changed = {field: value for field, value in fields.items() if getattr(code, field) != value}
            plan.append(
                {
                    "line": line,
                    "action": "change" if changed else "unchanged",
                    "path": row["path"],
                    "name": row["name"],
                    "fields": changed,
                    "code": code.pk,
                }
            )
    if problems:
        raise ValidationError({"file": problems})
    return plan


@transaction.atomic
def import_file(*, project, upload, user, dry_run=False):
    plan = plan_import(project=project, upload=upload)
    summary = {
        "created": sum(1 for item in plan if item["action"] == "create"),
        "changed": sum(1 for item in plan if item["action"] == "change"),
        "plan": plan,
        "dry_run": dry_run,
    }
    if dry_run:
        return summary
    made = {}
    for code in Code.objects.filter(project=project):
        made[code.pk] = code
    paths = {(path, made[pk].name): made[pk] for pk, path in _paths(list(made.values())).items()}
    for item in plan:
        if item["action"] == "change":
            services.codebook_code_update(code=made[item["code"]], user=user, **item["fields"])
        elif item["action"] == "create":
            parent = None
            if item["path"]:
                key = (
                    tuple(item["path"].rsplit(SEPARATOR, 1))
                    if SEPARATOR in item["path"]
                    else ("", item["path"])
                )
                parent = paths[key]
            code = services.codebook_code_create(
                project=project, user=user, name=item["name"], parent=parent, **item["fields"]
            )
            paths[(item["path"], item["name"])] = code
    return summary

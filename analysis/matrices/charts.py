"""Charts drawn on the server as SVG: a heat map of any matrix, and bars for one row or column.

Geometry is worked out here and drawn by templates (templates/analysis/*.svg), whose auto-escaping
keeps code names and case names from ever being read as markup. No JavaScript, no library: the SVG
opens in a browser, drops into Word or a slide, and prints.
"""

from django.template.loader import render_to_string

CELL = 22
LABEL_CHARS = 22
CHAR_WIDTH = 13  # a CJK character at 12px; Latin text is narrower, so labels never overflow
ACCENT = "#2f5d8a"
SVG_TYPE = "image/svg+xml; charset=utf-8"


def short(label, limit=LABEL_CHARS):
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def number(value):
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4g}"
    return str(int(value))


def heat_map(matrix, *, title=""):
    """One square per cell, darker for larger values; full labels and values in tooltips."""
    top = (
        max((len(short(column.name or column.label)) for column in matrix.columns), default=1)
        * CHAR_WIDTH
        * 0.72
        + 30
    )
    left = max((len(short(row.short)) for row in matrix.rows), default=1) * CHAR_WIDTH + 10
    peak = matrix.max_value or 1
    cells = []
    for r, row in enumerate(matrix.rows):
        for c, column in enumerate(matrix.columns):
            value = matrix.value(row.id, column.id)
            cells.append(
                {
                    "x": left + c * CELL,
                    "y": top + r * CELL,
                    "opacity": round((value or 0) / peak, 3),
                    "blank": value is None,
                    "text": number(value),
                    "row": row.label,
                    "column": column.label,
                }
            )
    context = {
        "title": title,
        # Column labels slant up to the right, as far right as they are high.
        "width": int(left + len(matrix.columns) * CELL + top),
        "height": int(top + len(matrix.rows) * CELL + 40),
        # The scale: from white (0) to the full colour (the largest value).
        "legend_y": top + len(matrix.rows) * CELL + 12,
        "legend_max": number(matrix.max_value),
        "cell": CELL,
        "accent": ACCENT,
        "left": left,
        "label_y": top - 6,
        "label_x": left - 6,
        "rows": [
            {"y": top + r * CELL + CELL * 0.7, "label": short(row.short), "full": row.label}
            for r, row in enumerate(matrix.rows)
        ],
        "columns": [
            {
                "x": left + c * CELL + CELL * 0.65,
                "label": short(column.name or column.label),
                "full": column.label,
            }
            for c, column in enumerate(matrix.columns)
        ],
        "cells": cells,
    }
    return render_to_string("analysis/heatmap.svg", context)


def bars(labels, values, *, title=""):
    """Horizontal bars, one per label, with the value written at the end of each bar."""
    bar, gap, plot = 18, 6, 360
    left = max((len(short(label)) for label in labels), default=1) * CHAR_WIDTH + 10
    peak = max((value or 0 for value in values), default=0) or 1
    items = [
        {
            "y": 30 + n * (bar + gap),
            "text_y": 30 + n * (bar + gap) + bar * 0.75,
            "width": round((value or 0) / peak * plot, 1),
            "label": short(label),
            "full": label,
            "value": number(value),
            "value_x": left + round((value or 0) / peak * plot, 1) + 5,
        }
        for n, (label, value) in enumerate(zip(labels, values, strict=True))
    ]
    context = {
        "title": title,
        "width": int(left + plot + 70),
        "height": 40 + len(items) * (bar + gap),
        "left": left,
        "bar": bar,
        "accent": ACCENT,
        "items": items,
    }
    return render_to_string("analysis/bars.svg", context)


def column_bars(matrix, column_id, *, title=""):
    """Bars of one column over the rows: a code's frequency per case."""
    return bars(
        [row.label for row in matrix.rows],
        [matrix.value(row.id, column_id) for row in matrix.rows],
        title=title,
    )


def row_bars(matrix, row_id, *, title=""):
    """Bars of one row over the columns: a code's frequency per attribute value."""
    return bars(
        [column.label for column in matrix.columns],
        [matrix.value(row_id, column.id) for column in matrix.columns],
        title=title,
    )

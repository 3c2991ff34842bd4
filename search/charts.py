"""Pure: a horizontal bar chart of word counts as inline SVG (no JavaScript, no external files)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW = 20
LABEL = 120
WIDTH = 360


def bar_chart(counts, *, label=""):
    """`label` names the chart for screen readers (an image needs a text alternative)."""
    if not counts:
        return ""
    top = max(row.count for row in counts)
    height = ROW * len(counts) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="frequency-chart" width="{LABEL + WIDTH + 60}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
    ]
    for i, row in enumerate(counts):
        y = i * ROW + 2
        length = max(1, round(WIDTH * row.count / top))
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 14}" text-anchor="end">{escape(row.word)}</text>'
            f'<rect x="{LABEL}" y="{y + 3}" width="{length}" height="{ROW - 6}" fill="#4e79a7"></rect>'
            f'<text x="{LABEL + length + 4}" y="{y + 14}">{row.count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside is escaped above

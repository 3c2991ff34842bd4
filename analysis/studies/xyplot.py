"""The XY plot of a run: a solution (or one condition) against the outcome, as an SVG, and the
cases of each quadrant.

Crisp data put every case on one of four corners, so cases sharing a point are drawn as a small
cluster growing inward from it, with the number of cases beside it and their names stacked (a long
list is left to the quadrant table under the plot). Every point carries an SVG <title>: the case's
name and values on hover. Labels use a CJK-capable font stack with a white halo.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Names stacked beside a point up to this many cases; above it the quadrant table lists them.
STACKED_LABELS = 6
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif"


def _literal_membership(columns, index, literal):
    value = columns[literal["cond"]][index]
    return value if literal["value"] == 1 else 1 - value


def xy_points(run, *, solution=None, model=0, condition=None, negated=False, negated_outcome=False):
    """(case, x, y) for a solution model (its union of terms) or one condition, against the outcome.

    Memberships come from the run's snapshot, so the plot shows the data the run used.
    """
    columns = run.snapshot["matrix"]
    cases = run.snapshot["cases"]
    outcome = columns[run.snapshot["outcome"]]
    points = []
    literals = None
    if solution is not None:
        literals = run.results["minimizations"][solution]["models"][model]["literals"]
    for index, case in enumerate(cases):
        if literals is not None:
            # A term without literals (every case explained, R prints "1") covers everyone fully.
            x = max(
                min((_literal_membership(columns, index, lit) for lit in term), default=1)
                for term in literals
            )
        else:
            x = columns[condition][index]
            if negated:
                x = 1 - x
        y = 1 - outcome[index] if negated_outcome else outcome[index]
        points.append((case, round(x, 6), round(y, 6)))
    return points


def _groups(points):
    """Cases sharing a point (to 3 decimals), in first-seen order."""
    groups = {}
    for case, x, y in points:
        groups.setdefault((round(x, 3), round(y, 3)), []).append((case, x, y))
    return groups


def _cluster(count, cx, cy, inward_x, inward_y, step=9):
    """Positions of ``count`` dots in a square block starting at (cx, cy) and growing inward."""
    width = math.ceil(math.sqrt(count))
    return [
        (cx + inward_x * (i % width) * step, cy + inward_y * (i // width) * step) for i in range(count)
    ]


def xy_svg(points, *, x_label, y_label, size=440):
    """A square scatter plot with the diagonal: cases on or above it are consistent with sufficiency."""
    pad = 48
    span = size - 2 * pad

    def sx(value):
        return pad + value * span

    def sy(value):
        return size - pad - value * span

    text = f'font-family="{FONT}" paint-order="stroke" stroke="#fff" stroke-width="3" fill="#222"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="{escape(x_label)} × {escape(y_label)}" class="xy-plot">',
        f'<rect x="{pad}" y="{pad}" width="{span}" height="{span}" fill="none" stroke="#889"/>',
        f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(1)}" y2="{sy(1)}" stroke="#bbc" stroke-dasharray="4 3"/>',
        f'<line x1="{sx(0.5)}" y1="{sy(0)}" x2="{sx(0.5)}" y2="{sy(1)}" stroke="#e4e4e4"/>',
        f'<line x1="{sx(0)}" y1="{sy(0.5)}" x2="{sx(1)}" y2="{sy(0.5)}" stroke="#e4e4e4"/>',
        f'<text x="{size / 2}" y="{size - 10}" text-anchor="middle" font-size="13" {text}>{escape(x_label)}</text>',
        f'<text x="14" y="{size / 2}" text-anchor="middle" font-size="13" {text} '
        f'transform="rotate(-90 14 {size / 2})">{escape(y_label)}</text>',
    ]
    for tick in (0, 0.5, 1):
        parts.append(
            f'<text x="{sx(tick)}" y="{size - pad + 15}" text-anchor="middle" font-size="11">{tick}</text>'
        )
        parts.append(f'<text x="{pad - 6}" y="{sy(tick) + 4}" text-anchor="end" font-size="11">{tick}</text>')
    for (x, y), members in _groups(points).items():
        # Grow toward the middle of the plot so that clusters on the edges stay inside it.
        inward_x = -1 if x > 0.5 else 1
        inward_y = 1 if y > 0.5 else -1
        spots = _cluster(len(members), sx(x), sy(y), inward_x, inward_y)
        for (case, cx_value, cy_value), (px, py) in zip(members, spots, strict=True):
            hover = f"{case}: X = {cx_value:g}, Y = {cy_value:g}"
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="#2f5d8a" fill-opacity="0.85" class="xy-case">'
                f"<title>{escape(hover)}</title></circle>"
            )
        width = math.ceil(math.sqrt(len(members)))
        rows = math.ceil(len(members) / width)
        anchor = "end" if inward_x < 0 else "start"
        lx = sx(x) + inward_x * (width * 9 + 4)
        ly = sy(y) + (4 if inward_y > 0 else -(rows - 1) * 9 + 4)
        lines = []
        if len(members) > 1:
            lines.append((ngettext("%(n)d case", "%(n)d cases", len(members)) % {"n": len(members)}, True))
        if len(members) <= STACKED_LABELS:
            lines += [(case, False) for case, _x, _y in members]
        else:
            lines.append((_("listed under the plot"), False))
        # Stack the lines inward (downward from a top corner, upward from a bottom one).
        for i, (line, bold) in enumerate(lines if inward_y > 0 else list(reversed(lines))):
            offset = i * 14 if inward_y > 0 else -i * 14
            weight = ' font-weight="bold"' if bold else ""
            parts.append(
                f'<text x="{lx:.1f}" y="{ly + offset:.1f}" text-anchor="{anchor}" font-size="12"{weight} '
                f"{text}>{escape(line)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


QUADRANTS = ("typical", "deviant_consistency", "deviant_coverage", "irrelevant", "crossover")


def xy_quadrants(points):
    """The cases of each quadrant (a membership above 0.5 is "in" the set). In the X-and-Y quadrant,
    a case below the diagonal (X > Y) is flagged: deviant in degree."""
    found = {name: [] for name in QUADRANTS}
    for case, x, y in points:
        if x == 0.5 or y == 0.5:
            found["crossover"].append({"case": case, "x": x, "y": y})
            continue
        key = {
            (True, True): "typical",
            (True, False): "deviant_consistency",
            (False, True): "deviant_coverage",
            (False, False): "irrelevant",
        }[(x > 0.5, y > 0.5)]
        found[key].append({"case": case, "x": x, "y": y, "in_degree": key == "typical" and x > y})
    return found


def quadrant_labels():
    return {
        "typical": _("In X and in Y: typical cases"),
        "deviant_consistency": _("In X, not in Y: deviant cases for consistency"),
        "deviant_coverage": _("In Y, not in X: deviant cases for coverage (not explained)"),
        "irrelevant": _("Neither X nor Y: irrelevant cases"),
        "crossover": _("At 0.5 in X or Y: on the crossover"),
    }

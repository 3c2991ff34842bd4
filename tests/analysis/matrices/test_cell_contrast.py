"""Matrix cells keep their numbers readable at every shade (WCAG AA, issue 19.15)."""

import re

from analysis.matrices.views import _cell_style, _luminance


def contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_shade_of_a_cell_has_text_at_4_5_to_1_or_more():
    for value in range(0, 101):
        style = _cell_style(value, 100)
        alpha = float(re.search(r"rgba\(47,93,138,([\d.]+)\)", style)[1])
        background = [c * alpha + 255 * (1 - alpha) for c in (47, 93, 138)]
        text = (0, 0, 0) if "color:#000" in style else (255, 255, 255)
        assert contrast(background, text) >= 4.5, (value, style)

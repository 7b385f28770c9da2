"""Which place names a map can print without two of them overlapping.

Plotly cannot hide a label when it collides, so the choice is made here:
places are taken in order of importance (administrative level, then
population, then name) and a name is printed only if its box, measured in
the map's own units at the figure's size, overlaps no name already printed.
Every place keeps its name in its hover. ``tiers`` gives the sets for a few
zoom steps (each step halves the span shown), most important first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

CHAR_PX = 0.6  # a Latin character's width in font sizes; a CJK character is one font size


def text_px(label: str, font_px: float) -> float:
    return sum(font_px if unicodedata.east_asian_width(c) in "WF" else CHAR_PX * font_px for c in label)


def _box(x: float, y: float, label: str, font_px: float, unit_per_px: float, position: str = "top center") -> tuple[float, float, float, float]:
    """The box of a label printed at ``position`` of its point (plotly's ``textposition``; y up): (x0, y0, x1, y1) in map units."""
    width, height = text_px(label, font_px) * unit_per_px, 1.3 * font_px * unit_per_px
    lift = 6 * unit_per_px  # the marker's radius
    vertical, _, horizontal = position.partition(" ")
    x0 = {"left": x - lift - width, "right": x + lift}.get(horizontal, x - width / 2)
    y0 = {"top": y + lift, "bottom": y - lift - height}.get(vertical, y - height / 2)
    return (x0, y0, x0 + width, y0 + height)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def visible_labels(
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    importance: Sequence[tuple],
    unit_per_px: float,
    font_px: float = 11,
    positions: Sequence[str] | None = None,
) -> list[bool]:
    """For each point, whether its label is printed (greedy by ``importance``, larger first).

    ``positions``: each label's ``textposition`` (default: all "top center").
    """
    order = sorted(range(len(points)), key=lambda i: (tuple(-v if isinstance(v, (int, float)) else v for v in importance[i]), labels[i]))
    kept: list[tuple] = []
    show = [False] * len(points)
    for i in order:
        if not labels[i]:
            continue
        box = _box(points[i][0], points[i][1], labels[i], font_px, unit_per_px, positions[i] if positions else "top center")
        if not any(_overlap(box, other) for other in kept):
            kept.append(box)
            show[i] = True
    return show


def place_labels(scenario, lang: str | None = None, width_px: int = 700, height_px: int = 400) -> list[str]:
    """Each place's printed name on a km map of that size ("" where it would collide with a more important one)."""
    from simulator.i18n import text
    from simulator.scenario.vocabulary import level_rank

    xs, ys = [p.x for p in scenario.places], [p.y for p in scenario.places]
    unit_per_px = max((max(xs) - min(xs)) / width_px, (max(ys) - min(ys)) / height_px, 1e-9)
    names = [text(p.name, lang) for p in scenario.places]
    show = visible_labels(list(zip(xs, ys)), names, [(level_rank(p.level), p.population) for p in scenario.places], unit_per_px)
    return [n if s else "" for n, s in zip(names, show)]

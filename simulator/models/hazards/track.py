"""A typhoon's forecast track as geometry: when winds of a force reach a place, and when they leave.

Between two track points (t0, centre c0, radius r0) and (t1, c1, r1) the
centre moves at a constant velocity v = (c1 - c0) / (t1 - t0) and the radius
changes at dr = (r1 - r0) / (t1 - t0). With s the minutes since t0 and d the
offset c0 - P of the centre from the place P,

    f(s) = |d + v s|^2 - (r0 + dr s)^2 = a s^2 + b s + c,
    a = |v|^2 - dr^2,  b = 2 (d.v - r0 dr),  c = |d|^2 - r0^2,

and the place is inside the winds while f(s) <= 0 (the radius is never
negative). The roots of f split each segment into pieces; a piece whose
midpoint is inside is inside throughout. Pieces are merged across segments
into (enter, leave) intervals. Before the first point and after the last
there is no forecast: nothing is inside.
"""

from __future__ import annotations

import math

_EPS = 1e-9


def centre_at(track, minute: float) -> tuple[float, float] | None:
    """The centre at ``minute`` (straight lines between points); None outside the track."""
    for a, b in zip(track, track[1:]):
        if a.minute <= minute <= b.minute:
            share = (minute - a.minute) / (b.minute - a.minute)
            return a.x + (b.x - a.x) * share, a.y + (b.y - a.y) * share
    return None


def _roots(a: float, b: float, c: float, length: float) -> list[float]:
    """Roots of a s^2 + b s + c strictly inside (0, length), in order."""
    if abs(a) < _EPS:
        found = [] if abs(b) < _EPS else [-c / b]
    else:
        disc = b * b - 4 * a * c
        if disc < 0:
            return []
        root = math.sqrt(disc)
        found = [(-b - root) / (2 * a), (-b + root) / (2 * a)]
    return sorted(s for s in found if _EPS < s < length - _EPS)


def inside_intervals(track, force: int, x: float, y: float) -> list[tuple[float, float]]:
    """The (enter, leave) minutes while winds of at least ``force`` cover the place at (x, y)."""
    pieces: list[tuple[float, float]] = []
    for p0, p1 in zip(track, track[1:]):
        length = p1.minute - p0.minute
        vx, vy = (p1.x - p0.x) / length, (p1.y - p0.y) / length
        r0 = p0.radii_km[force]
        dr = (p1.radii_km[force] - r0) / length
        dx, dy = p0.x - x, p0.y - y
        a = vx * vx + vy * vy - dr * dr
        b = 2 * (dx * vx + dy * vy - r0 * dr)
        c = dx * dx + dy * dy - r0 * r0
        cuts = [0.0, *_roots(a, b, c, length), length]
        for s0, s1 in zip(cuts, cuts[1:]):
            mid = (s0 + s1) / 2
            if a * mid * mid + b * mid + c <= 0:  # rounded to a microminute: a root's float noise stays out of the log
                pieces.append((round(p0.minute + s0, 6), round(p0.minute + s1, 6)))
    merged: list[tuple[float, float]] = []
    for start, end in pieces:
        if merged and start <= merged[-1][1] + _EPS:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def onset(track, force: int, x: float, y: float) -> float | None:
    """The first minute winds of ``force`` reach (x, y); None if they never do on this track."""
    spans = inside_intervals(track, force, x, y)
    return spans[0][0] if spans else None

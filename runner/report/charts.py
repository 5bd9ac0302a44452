"""Inline SVG charts drawn in Python: no script, no CDN, printable, readable by screen readers.

Every chart is an `<svg role="img">` with an `aria-label` and a `<title>` that say in words
what the picture shows, so the numbers are never only in the drawing. Labels are escaped
here (they may carry journey or step names from the site's own text) and the result is
returned as `Markup` for the templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

TREND_WIDTH, TREND_HEIGHT = 640, 180
SPARK_WIDTH, SPARK_HEIGHT = 120, 28


def trend_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    description: str,
    low: float = 0.0,
    high: float = 100.0,
) -> Markup:
    """A score trend, oldest to newest: one dot per measured run, gaps where none was measured.

    `values` run oldest first; None is a run with nothing measured (an `error` run), drawn as
    a break in the line, never as 0 or 100.
    """
    # Room for the axis labels at a phone's larger label size (base.html) too.
    left, right, top, bottom = 44, 8, 8, 30
    width, height = TREND_WIDTH, TREND_HEIGHT
    plot_w, plot_h = width - left - right, height - top - bottom
    points = _positions(values, left, top, plot_w, plot_h, low, high)
    parts = [
        f'<svg class="chart trend" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(description)}" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(description)}</title>",
    ]
    for tick in (low, (low + high) / 2, high):
        y = _y(tick, top, plot_h, low, high)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    for segment in _segments(points):
        parts.append(f'<polyline class="line" points="{_coords(segment)}"/>')
    for (x, y), value, label in zip(points, values, labels, strict=False):
        if value is None or x is None:
            continue
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3">'
            f"<title>{escape(label)}: {value:.0f}</title></circle>"
        )
    if labels:
        parts.append(
            f'<text class="axis" x="{left}" y="{height - 6}">{escape(labels[0])}</text>'
            f'<text class="axis" x="{width - right}" y="{height - 6}" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[float | None], *, description: str) -> Markup:
    """A word-sized line of values, oldest to newest, scaled to its own range."""
    known = [value for value in values if value is not None]
    if not known:
        return Markup(f'<span class="muted">{escape("no data")}</span>')
    low, high = min(known), max(known)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    width, height, pad = SPARK_WIDTH, SPARK_HEIGHT, 3
    points = _positions(values, pad, pad, width - 2 * pad, height - 2 * pad, low, high)
    parts = [
        f'<svg class="chart spark" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(description)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(description)}</title>'
    ]
    for segment in _segments(points):
        if len(segment) == 1:
            (x, y), = segment
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="1.5"/>')
        else:
            parts.append(f'<polyline class="line" points="{_coords(segment)}"/>')
    last = next((p for p in reversed(points) if p[0] is not None), None)
    if last is not None:
        parts.append(f'<circle class="last" cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _positions(
    values: Sequence[float | None], left: float, top: float, plot_w: float, plot_h: float,
    low: float, high: float,
) -> list[tuple[float | None, float | None]]:
    count = len(values)
    step = plot_w / (count - 1) if count > 1 else 0.0
    positions: list[tuple[float | None, float | None]] = []
    for i, value in enumerate(values):
        if value is None:
            positions.append((None, None))
            continue
        x = left + (i * step if count > 1 else plot_w / 2)
        positions.append((x, _y(value, top, plot_h, low, high)))
    return positions


def _y(value: float, top: float, plot_h: float, low: float, high: float) -> float:
    clamped = min(max(value, low), high)
    return top + plot_h * (1 - (clamped - low) / (high - low))


def _segments(points: list[tuple[float | None, float | None]]) -> list[list[tuple[float, float]]]:
    segments: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if x is None or y is None:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append((x, y))
    return [segment for segment in segments if segment]


def _coords(segment: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)

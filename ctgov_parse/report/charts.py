"""Charts for the HTML report, drawn with matplotlib as SVG and embedded as ``data:`` URIs:
the file opens offline, and an ``<img>`` never runs script, whatever text a label holds.

matplotlib is the ``report`` extra: a well-kept plotting library that writes static SVG
itself, with no JavaScript and no network at view time (the interactive libraries load a
runtime into the page or from a CDN)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

__all__ = ["bar_chart", "grouped_bar_chart", "histogram"]

_BLUE = "#3b6ea8"
_PALETTE = ("#3b6ea8", "#e08a2e", "#4c9a56", "#b04a5a", "#7a5ca8", "#8c8c8c")
_STYLE: dict[Any, Any] = {  # matplotlib types its keys as a Literal of every rc name
    "svg.fonttype": "none",  # text stays text: a smaller file, selectable labels
    "svg.hashsalt": "ctgov-parse",  # the same report twice is the same bytes
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _new_figure(width: float, height: float) -> tuple[Any, Any]:
    """A figure and its axes, made without pyplot: no backend is chosen and no global state
    of the caller's matplotlib (a notebook's, say) is touched; the style applies to this
    figure only."""
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover  (the report extra is installed with the tests)
        raise ImportError(
            "the HTML report draws its charts with matplotlib: "
            "pip install 'ctgov_parse[report]' (or use --format json)"
        ) from None
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(width, height))
        axes = figure.subplots()
    return figure, axes


def _label(text: str) -> str:
    """Page text as a literal label: matplotlib reads ``$...$`` as mathematics."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _image(figure: Any) -> str:
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(_STYLE):  # the SVG settings apply when the file is written
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(rows: int) -> tuple[Any, Any]:
    return _new_figure(7.0, 0.6 + 0.24 * max(rows, 1))


def bar_chart(counts: dict[str, int] | Sequence[tuple[str, float]], title: str) -> str:
    """A horizontal bar chart of ``label -> value``, as base64 SVG."""
    items = list(counts.items() if isinstance(counts, dict) else counts)
    figure, axes = _figure(len(items))
    labels = [_label(str(label)) for label, _ in items][::-1]
    values = [value for _, value in items][::-1]
    bars = axes.barh(labels, values, color=_BLUE)
    axes.bar_label(bars, padding=2, fmt="{:,.0f}")
    axes.set_title(_label(title), loc="left")
    axes.margins(x=0.12)
    return _image(figure)


def grouped_bar_chart(
    labels: Sequence[str], groups: Sequence[tuple[str, Sequence[float]]], title: str, unit: str
) -> str:
    """Horizontal bars, one colour per group (a share per label and group), as base64 SVG."""
    figure, axes = _figure(len(labels) * max(1, (len(groups) + 1) // 2))
    height = 0.8 / max(len(groups), 1)
    positions = range(len(labels))
    for number, (name, values) in enumerate(groups):
        axes.barh(
            [len(labels) - 1 - p + (number - (len(groups) - 1) / 2) * height for p in positions],
            values,
            height=height,
            label=_label(name),
            color=_PALETTE[number % len(_PALETTE)],
        )
    axes.set_yticks(list(positions), [_label(label) for label in labels][::-1])
    axes.set_xlabel(unit)
    axes.set_title(_label(title), loc="left")
    if len(groups) > 1:
        axes.legend(loc="lower right", fontsize=8)
    return _image(figure)


def histogram(
    bins: Sequence[tuple[float, int]], title: str, unit: str, bins_per_decade: int
) -> str:
    """Counts over log-spaced bins starting at the given lower edges, as base64 SVG."""
    figure, axes = _new_figure(7.0, 2.6)
    if bins:
        edges = [edge for edge, _ in bins]
        step = 10 ** (1 / bins_per_decade)
        axes.bar(
            edges,
            [count for _, count in bins],
            width=[edge * (step - 1) for edge in edges],
            align="edge",
            color=_BLUE,
        )
        axes.set_xscale("log")
    axes.set_xlabel(unit)
    axes.set_ylabel("pages")
    axes.set_title(_label(title), loc="left")
    return _image(figure)

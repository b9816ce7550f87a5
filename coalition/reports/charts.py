"""The annual report's charts, drawn on the server with matplotlib (the Agg backend, never a
display): one PNG per ``content.Chart``, the same image in the PDF and the Word document.

Readable in greyscale: each series has its own grey and its own hatching, and every bar
carries its value. The typeface is DejaVu Sans (matplotlib's own, with Spanish accents).
Nothing is cached between requests.
"""

import io
import os
import tempfile

from django.utils import formats, translation

# matplotlib writes its font cache under MPLCONFIGDIR: never the user's home.
os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "coalition-mpl"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

# Width fitting A4 portrait minus margins (about 170 mm), at 150 dpi.
WIDTH_IN = 6.6
DPI = 150
GREYS = ["#2b2b2b", "#8c8c8c", "#d0d0d0", "#5a5a5a", "#b0b0b0", "#ffffff"]
HATCHES = ["", "//", "..", "xx", "\\\\", "--"]
FONT = {"family": "DejaVu Sans", "size": 8}


def _style(ax, chart):
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.set_title(chart.title, fontsize=9, loc="left")
    ax.tick_params(labelsize=7)


def _label(value, unit):
    if value is None:
        return ""
    text = formats.localize(value)  # "82,9" in Spanish, "82.9" in English
    return f"{text}%" if unit == "%" else text


def draw(chart):
    """The PNG bytes of ``chart`` (a ``content.Chart``)."""
    categories = [str(c) for c in chart.categories]
    series = chart.series or [("", [])]
    rows = len(categories)
    height = 2.6 if chart.kind != "barh" else max(1.8, 0.32 * rows * max(1, len(series)) + 0.9)
    figure = Figure(figsize=(WIDTH_IN, min(height, 8.5)), dpi=DPI)
    ax = figure.add_subplot()
    with matplotlib.rc_context({"font.family": FONT["family"], "font.size": FONT["size"]}):
        _style(ax, chart)
        n = max(1, len(series))
        width = 0.6 if chart.kind == "stacked" else 0.8 / n
        bottoms = [0.0] * rows
        for index, (name, values) in enumerate(series):
            values = list(values) + [None] * (rows - len(values))
            shown = [v or 0 for v in values]
            style = {
                "color": GREYS[index % len(GREYS)],
                "hatch": HATCHES[index % len(HATCHES)],
                "edgecolor": "black",
                "linewidth": 0.5,
                "label": name or None,
            }
            if chart.kind == "stacked":
                positions = list(range(rows))
                bars = ax.bar(positions, shown, width, bottom=bottoms, **style)
                bottoms = [b + v for b, v in zip(bottoms, shown, strict=True)]
            elif chart.kind == "barh":
                positions = [r + (index - (n - 1) / 2) * width for r in range(rows)]
                bars = ax.barh(positions, shown, width, **style)
            else:
                positions = [r + (index - (n - 1) / 2) * width for r in range(rows)]
                bars = ax.bar(positions, shown, width, **style)
            labels = [_label(v, chart.unit) for v in values]
            kind = "center" if chart.kind == "stacked" else "edge"
            texts = ax.bar_label(bars, labels=labels, label_type=kind, fontsize=6, padding=1)
            for text in texts:  # readable on a dark bar as on a light one
                text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        if chart.kind == "barh":
            ax.set_yticks(range(rows), categories)
            ax.invert_yaxis()
            if chart.maximum:
                ax.set_xlim(0, chart.maximum * 1.08)
            if chart.unit:
                ax.set_xlabel(chart.unit, fontsize=7)
        else:
            ax.set_xticks(
                range(rows),
                categories,
                rotation=30 if rows > 6 else 0,
                ha="right" if rows > 6 else "center",
            )
            if rows < 4:  # a bar or two keep a bar's width
                ax.set_xlim(-1.5, 2.5)
            if chart.maximum:
                ax.set_ylim(0, chart.maximum * 1.1)
            if chart.unit:
                ax.set_ylabel(chart.unit, fontsize=7)
        if any(name for name, _values in series):
            # Above the plot, at the right: never over a bar.
            ax.legend(
                fontsize=7,
                frameon=False,
                loc="lower right",
                bbox_to_anchor=(1, 1.0),
                ncol=min(3, len(series)),
            )
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    # Greys only, no transparency: a smaller image, quicker to embed in the PDF.
    from PIL import Image

    grey = io.BytesIO()
    Image.open(io.BytesIO(buffer.getvalue())).convert("L").save(grey, format="PNG")
    return grey.getvalue()


def draw_all(report):
    """{id(chart): PNG bytes} for every chart of ``report``, its figures written in its
    language."""
    with translation.override(report.language):
        return {id(chart): draw(chart) for section in report.sections for chart in section.charts}

"""Server-side SVG charts for the statistics dashboard: no JavaScript, nothing from a CDN.

Each function returns a safe `<svg>` string with `role="img"`, a `<title>` and a `<desc>`; the
page shows the same numbers in a table next to it, which is what screen readers should read.
Labels are escaped here, so callers pass plain text.
"""

from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
LABEL_WIDTH = 220
BAR_HEIGHT = 18
BAR_GAP = 8
MAX_BARS = 40
PRIMARY = "#007d7e"
SECONDARY = "#8fb8de"
TARGET = "#262626"
TEXT = "#262626"
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    target: int | None = None


def _svg(*, height: int, title: str, description: str, body: list[str]) -> SafeString:
    n = next(_ids)
    return mark_safe(  # noqa: S308 - every label is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title-{n} chart-desc-{n}" '
        f'font-family="inherit" font-size="12" class="report-chart">'
        f'<title id="chart-title-{n}">{escape(title)}</title>'
        f'<desc id="chart-desc-{n}">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _truncate(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    *, title: str, description: str, bars: list[Bar], target_label: str = ""
) -> SafeString:
    """Horizontal bars (completions), with a dark tick at each bar's target when it has one.

    At most MAX_BARS bars are drawn, the largest first; the table beside it lists every row.
    """
    bars = sorted(bars, key=lambda bar: (-bar.value, bar.label))[:MAX_BARS]
    scale_max = max([1, *(b.value for b in bars), *(b.target or 0 for b in bars)])
    plot = WIDTH - LABEL_WIDTH - 60
    body = []
    for index, bar in enumerate(bars):
        y = 10 + index * (BAR_HEIGHT + BAR_GAP)
        width = round(plot * bar.value / scale_max, 1)
        tip = f"{bar.label}: {number_format(bar.value)}"
        if bar.target:
            tip += f" / {target_label} {number_format(bar.target)}"
        body.append(
            f"<g><title>{escape(tip)}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_truncate(bar.label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{PRIMARY}"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 13}" fill="{TEXT}">'
            f"{escape(number_format(bar.value))}</text>"
        )
        if bar.target:
            x = LABEL_WIDTH + round(plot * bar.target / scale_max, 1)
            body.append(
                f'<line x1="{x}" x2="{x}" y1="{y - 3}" y2="{y + BAR_HEIGHT + 3}" '
                f'stroke="{TARGET}" stroke-width="2"/>'
            )
        body.append("</g>")
    if not bars:
        body.append(f'<text x="10" y="24" fill="{TEXT}">—</text>')
    height = 20 + max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)
    return _svg(height=height, title=title, description=description, body=body)


def column_chart(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[int]]],
) -> SafeString:
    """Grouped columns, one group per label (a week or a month), one column per series."""
    colours = [SECONDARY, PRIMARY]
    height, top, bottom, left = 260, 24, 40, 40
    plot_height = height - top - bottom
    plot_width = WIDTH - left - 10
    scale_max = max([1, *(v for _name, values in series for v in values)])
    slot = plot_width / max(1, len(labels))
    column = max(1.0, (slot - 4) / max(1, len(series)))
    body = [
        f'<line x1="{left}" x2="{WIDTH - 10}" y1="{top + plot_height}" '
        f'y2="{top + plot_height}" stroke="{TEXT}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" fill="{TEXT}">'
        f"{escape(number_format(scale_max))}</text>",
        f'<text x="{left - 4}" y="{top + plot_height}" text-anchor="end" fill="{TEXT}">0</text>',
    ]
    for s_index, (name, values) in enumerate(series):
        colour = colours[s_index % len(colours)]
        body.append(
            f'<rect x="{left + s_index * 150}" y="2" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + 14 + s_index * 150}" y="11" fill="{TEXT}">{escape(name)}</text>'
        )
        for index, value in enumerate(values):
            h = round(plot_height * value / scale_max, 1)
            x = round(left + index * slot + 2 + s_index * column, 1)
            body.append(
                f'<rect x="{x}" y="{round(top + plot_height - h, 1)}" width="{round(column, 1)}" '
                f'height="{h}" fill="{colour}"><title>{escape(labels[index])} · {escape(name)}: '
                f"{escape(number_format(value))}</title></rect>"
            )
    step = max(1, len(labels) // 12)
    for index in range(0, len(labels), step):
        x = round(left + index * slot + slot / 2, 1)
        body.append(
            f'<text x="{x}" y="{height - bottom + 16}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(labels[index])}</text>"
        )
    return _svg(height=height, title=title, description=description, body=body)

"""Charts of ``@@statistik``: inline SVG made on the server.

Why SVG from the server and not a JavaScript chart library: the page is
read on phones over slow links, often by people who will not wait for a
script bundle; an SVG of a few kilobytes is drawn by every browser (no
script, nothing to load, nothing to keep up to date, no npm pin to follow
for security fixes), scales to any width (``viewBox``, ``width=100%``),
prints, and passes the site's Content-Security-Policy (attributes and CSS
classes only, no inline script).  The same figures are in the tables under
each chart for screen readers, so the SVG is ``aria-hidden``.

Each row has its label on its own line above its bars, so a long permit
type name wraps nowhere and the bars get the whole width of a phone.
"""

from html import escape

WIDTH = 320
LABEL_HEIGHT = 15
BAR_HEIGHT = 10
BAR_GAP = 3
ROW_GAP = 10
NUMBER_ROOM = 44  # room at the right for the value written after a bar


def _text(x, y, text, css="ptsp-chart-label", anchor="start"):
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{escape(str(text))}</text>'


def _rect(x, y, width, css):
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{BAR_HEIGHT}" class="{css}" />'


def _svg(height, body, css):
    return (
        f'<svg class="ptsp-chart {css}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg>'
    )


def bars(rows, css="ptsp-chart-bars"):
    """Rows of bars.  ``rows``: ``{"label", "bars"}`` where ``bars`` is a
    list of lines, each a list of ``(value, css class)`` segments drawn one
    after the other (a stacked bar), and optionally ``"markers"``: ``(value,
    css class)`` vertical ticks across the row's bars (a percentile, a
    service time), and ``"notes"``: the text after each line (default: its
    total)."""
    largest = 0
    for row in rows:
        for line in row["bars"]:
            largest = max(largest, sum(value or 0 for value, _css in line))
        for value, _css in row.get("markers", ()):
            largest = max(largest, value or 0)
    scale = (WIDTH - NUMBER_ROOM) / largest if largest else 0
    body, y = [], 0.0
    for row in rows:
        y += LABEL_HEIGHT
        body.append(_text(0, y - 4, row["label"]))
        top = y
        notes = row.get("notes")
        for index, line in enumerate(row["bars"]):
            x = 0.0
            for value, segment_css in line:
                width = (value or 0) * scale
                if width:
                    body.append(_rect(x, y, width, segment_css))
                x += width
            note = notes[index] if notes else sum(value or 0 for value, _css in line)
            body.append(_text(x + 4, y + BAR_HEIGHT - 1, note, "ptsp-chart-value"))
            y += BAR_HEIGHT + BAR_GAP
        for value, marker_css in row.get("markers", ()):
            if value is None:
                continue
            x = value * scale
            bottom = y - BAR_GAP + 2
            body.append(
                f'<line x1="{x:.1f}" y1="{top - 2:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
                f'class="{marker_css}" />'
            )
        y += ROW_GAP
    return _svg(max(int(y), 1), body, css)

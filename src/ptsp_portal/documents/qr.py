"""The QR code printed on a permit: the public verification URL (segno).

Drawn as vector rectangles (crisp when printed, no image to encode).
"""

import segno


def make(url):
    """The QR code for ``url`` (error correction M: survives a stamp or a fold)."""
    return segno.make(url, error="m", micro=False, boost_error=False)


def draw(pdf, url, x, y, size):
    """Draw the QR code of ``url`` on an fpdf2 page, ``size`` mm square with
    the quiet zone (4 modules) included."""
    code = make(url)
    border = 4
    rows = list(code.matrix_iter(scale=1, border=border))
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(rows):
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                pdf.rect(
                    x + start * module,
                    y + row_index * module,
                    (col_index - start) * module,
                    module,
                    style="F",
                )
                start = None

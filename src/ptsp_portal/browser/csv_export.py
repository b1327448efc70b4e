"""CSV downloads for spreadsheets, one way for every export: UTF-8 with a BOM
(so Excel reads it), streamed a chunk of rows at a time, never cached, and
text a spreadsheet would run as a formula neutralised."""

from zope.i18n import translate

import csv
import io

CHUNK_ROWS = 500
# Spreadsheet formula injection: cells are typed by citizens and officers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """``value`` as text that a spreadsheet shows and never evaluates."""
    text = value or ""
    if not isinstance(text, str):
        text = str(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def refuse(request, messages):
    """400 with the (Indonesian) reasons as plain text."""
    request.response.setStatus(400)
    request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
    return "\n".join(translate(message, context=request) for message in messages)


def stream(request, filename, header, rows):
    """Write ``header`` and the lists of ``rows`` as the CSV ``filename``."""
    response = request.response
    response.setHeader("Content-Type", "text/csv; charset=utf-8")
    response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    response.setHeader("Cache-Control", "private, no-store")
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
        if count % CHUNK_ROWS == 0:
            response.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    response.write(buffer.getvalue().encode("utf-8"))
    return b""

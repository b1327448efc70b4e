"""Repair the msgids i18ndude writes with a raw line break.

``i18ndude rebuild-pot`` writes a Python msgid that holds ``\\n`` (for
example ``_("Hormat kami,\\n${office}")``) with a real line break inside the
quotes; ``i18ndude sync`` then cannot read the entry and drops its
translation from every catalogue, so the English of such mails was lost at
each ``make i18n``. This puts the ``\\n`` escape back (``make i18n`` runs it
on the .pot right after rebuild-pot).

    python -m scripts.i18n_escape_newlines locales/ptsp_portal.pot
"""

import sys


def escape_newlines(text):
    out = []
    open_string = None  # the lines of a string still missing its closing quote
    for line in text.split("\n"):
        if open_string is not None:
            open_string.append(line)
            if _closes(line):
                out.append("\\n".join(open_string))
                open_string = None
            continue
        head = line.split(" ", 1)
        if head[0] in ("msgid", "msgstr", "msgid_plural", "msgctxt") and len(head) == 2:
            value = head[1]
            if value.startswith('"') and not _closes(value[1:]):
                open_string = [line]
                continue
        out.append(line)
    if open_string is not None:
        out.append("\n".join(open_string))
    return "\n".join(out)


def _closes(rest):
    """``rest`` (after the opening quote) ends the string: its last quote is
    not escaped."""
    if not rest.endswith('"'):
        return False
    backslashes = len(rest[:-1]) - len(rest[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as po:
            text = po.read()
        fixed = escape_newlines(text)
        if fixed != text:
            with open(path, "w", encoding="utf-8") as po:
                po.write(fixed)


if __name__ == "__main__":
    main(sys.argv[1:])

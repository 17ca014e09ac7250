"""Spreadsheet formula neutralisation ("CSV injection", OWASP) for every CSV and XLSX we write.

Excel, LibreOffice and Google Sheets treat a cell whose text begins with ``=``, ``+``, ``-`` or
``@`` as a formula, and some also when a tab or carriage return precedes one of those. A name
or a village typed by a coordinator must never run as a formula on a colleague's machine, so a
cell beginning with any of these characters gets a leading apostrophe; the rest of the text is
left exactly as it was. The apostrophe stays visible in the cell (Excel hides it only when typed),
which is the price of the rule: a phone exports as '+62…, and anyone can see why it is there.

Shared: the exporters use it, and so may any other code writing CSV (the open-data CSV).
"""

from __future__ import annotations

from collections.abc import Iterable

#: First characters that make a spreadsheet cell a formula (or may, after whitespace).
DANGEROUS_FIRST_CHARACTERS: frozenset[str] = frozenset({"=", "+", "-", "@", "\t", "\r"})
_DANGEROUS_TUPLE = tuple(DANGEROUS_FIRST_CHARACTERS)


def neutralise(value: object) -> str:
    """The cell's text, with a leading apostrophe if it would start a formula.

    ``None`` becomes the empty string; other values are converted with ``str``. Numbers that
    begin with ``-`` (a negative number) are neutralised too: exports carry text, not figures.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_DANGEROUS_TUPLE):
        return "'" + text
    return text


def neutralise_row(row: Iterable[object]) -> list[str]:
    """`neutralise` applied to every cell of a row."""
    return [neutralise(value) for value in row]


#: The same rule as SQL, for PostgreSQL's ``COPY (...) TO STDOUT``: ``{0}`` is a text expression.
#: ``ascii()`` gives the first character's code point without building a string (measured about
#: five times cheaper than ``left(x, 1) IN (...)`` over a million rows); it is 0 for an empty
#: string and NULL for NULL, so empty and missing cells stay as they are.
POSTGRES_NEUTRALISE_TEMPLATE = (
    "CASE WHEN ascii({0}) IN ("
    + ", ".join(str(ord(c)) for c in sorted(DANGEROUS_FIRST_CHARACTERS))
    + ") THEN '''' || {0} ELSE {0} END"
)

"""Spreadsheet formula neutralisation ("CSV injection", OWASP) for every CSV and XLSX we write.

Excel, LibreOffice and Google Sheets treat a cell whose text begins with ``=``, ``+``, ``-`` or
``@`` as a formula, and some also when a tab or carriage return precedes one of those. A name
or a village typed by a coordinator must never run as a formula on a colleague's machine, so a
cell beginning with any of these characters gets a leading apostrophe; the rest of the text is
left exactly as it was. The apostrophe stays visible in the cell (Excel hides it only when typed),
which is the price of the rule: a phone exports as '+62…, and anyone can see why it is there.

So that an importer can undo the guard exactly (`unneutralise`), text that already starts with
apostrophes followed by one of those characters (``'=x``) is guarded too: it becomes ``''=x``,
and `unneutralise` removes exactly one apostrophe. The rule, for any text:

* `neutralise` prefixes one apostrophe when the text matches ``^'*[=+\\-@\\t\\r]``;
* `unneutralise` removes one when the text matches ``^'+[=+\\-@\\t\\r]``;

hence ``unneutralise(neutralise(x)) == x`` (tests/exports/test_formulas.py checks it with
hypothesis). Everything here — the Python functions, the fast inline check of the exporters'
``rows()`` (`GUARD_TRIGGERS` + `needs_guard`) and the SQL form for PostgreSQL's COPY — is built
from the one set `DANGEROUS_FIRST_CHARACTERS`.
"""

from __future__ import annotations

from collections.abc import Iterable

#: First characters that make a spreadsheet cell a formula (or may, after whitespace).
DANGEROUS_FIRST_CHARACTERS: frozenset[str] = frozenset({"=", "+", "-", "@", "\t", "\r"})
#: The guard's own mark.
APOSTROPHE = "'"

_DANGEROUS = tuple(sorted(DANGEROUS_FIRST_CHARACTERS))
#: First characters after which a cell *may* need the guard: ``str.startswith(GUARD_TRIGGERS)``
#: is the cheap test (one C call) a hot loop runs before calling `needs_guard`.
GUARD_TRIGGERS: tuple[str, ...] = (*_DANGEROUS, APOSTROPHE)


def needs_guard(text: str) -> bool:
    """Whether `text` matches ``^'*[=+\\-@\\t\\r]`` (the pattern the guard applies to)."""
    if text.startswith(_DANGEROUS):
        return True
    # Rare: only text that begins with an apostrophe gets this far.
    return text.startswith(APOSTROPHE) and text.lstrip(APOSTROPHE)[:1] in DANGEROUS_FIRST_CHARACTERS


def neutralise(value: object) -> str:
    """The cell's text, with a leading apostrophe if it would start a formula (or if it already
    starts with apostrophes before a formula character, so that `unneutralise` is exact).

    ``None`` becomes the empty string; other values are converted with ``str``. Numbers that
    begin with ``-`` (a negative number) are neutralised too: exports carry text, not figures.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(GUARD_TRIGGERS) and needs_guard(text):
        return APOSTROPHE + text
    return text


def unneutralise(text: str) -> str:
    """Undo `neutralise`, so a file we exported imports back exactly as it was typed: one
    apostrophe goes when the text matches ``^'+[=+\\-@\\t\\r]``."""
    if text.startswith(APOSTROPHE) and text.lstrip(APOSTROPHE)[:1] in DANGEROUS_FIRST_CHARACTERS:
        return text[1:]
    return text


def neutralise_row(row: Iterable[object]) -> list[str]:
    """`neutralise` applied to every cell of a row."""
    return [neutralise(value) for value in row]


def _sql_codes(characters: Iterable[str]) -> str:
    return ", ".join(str(ord(c)) for c in sorted(characters))


def postgres_neutralise(expression: str, *, empty_as_null: bool = False) -> str:
    """The same rule as SQL, for PostgreSQL's ``COPY (...) TO STDOUT``: `expression` is a text
    expression; with ``empty_as_null`` an empty text becomes NULL (COPY writes ``""`` for an
    empty string but nothing for NULL, which is what the Python path writes).

    ``ascii()`` gives the first character's code point without building a string (measured about
    five times cheaper than ``left(x, 1) IN (...)`` over a million rows); it is 0 for an empty
    string and NULL for NULL, so empty and missing cells stay as they are. The common case costs
    one ``ascii()`` per cell; only a cell that begins with a trigger (a dangerous character or an
    apostrophe) takes the inner CASE, and only one that begins with an apostrophe pays for
    ``ltrim``. A guarded cell is never empty, so only the last branch needs ``NULLIF``.
    """
    x = expression
    plain = f"NULLIF({x}, '')" if empty_as_null else x
    return (
        f"CASE WHEN ascii({x}) IN ({_sql_codes(GUARD_TRIGGERS)}) THEN "
        f"(CASE WHEN ascii({x}) <> {ord(APOSTROPHE)} "
        f"OR ascii(ltrim({x}, '''')) IN ({_sql_codes(DANGEROUS_FIRST_CHARACTERS)}) "
        f"THEN '''' || {x} ELSE {x} END) ELSE {plain} END"
    )


#: `postgres_neutralise` as a template: ``{0}`` is the text expression.
POSTGRES_NEUTRALISE_TEMPLATE = postgres_neutralise("{0}")

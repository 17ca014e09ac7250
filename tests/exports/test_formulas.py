import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.exporters import csv_line
from core.formulas import (
    DANGEROUS_FIRST_CHARACTERS,
    GUARD_TRIGGERS,
    POSTGRES_NEUTRALISE_TEMPLATE,
    needs_guard,
    neutralise,
    unneutralise,
)

# Texts that reach the interesting cases often: runs of apostrophes, dangerous characters and
# spaces in front of anything.
_TRICKY = st.lists(st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", " ", "a", "\n"]))
TEXTS = st.one_of(
    st.text(),
    st.builds(lambda head, tail: "".join(head) + tail, _TRICKY, st.text()),
)
DANGEROUS = sorted(DANGEROUS_FIRST_CHARACTERS)


@pytest.mark.parametrize("first", DANGEROUS)
def test_every_dangerous_first_character_gets_an_apostrophe_and_keeps_the_text(first):
    text = f'{first}HYPERLINK("http://evil.example","klik")'
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "I Gusti Ngurah Oka",
        "Nyoman Adi' Putra",
        "Désak Ayu",
        "",
        "51.03.02.2009",
        "a=b",
        " =1",
        "'",
        "''",
        "'Ayu",
        "' =1",
    ],
)
def test_harmless_text_is_left_exactly_as_it_was(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


@pytest.mark.parametrize(
    ("text", "guarded"),
    [("'=x", "''=x"), ("''@SUM(1)", "'''@SUM(1)"), ("'\t-1", "''\t-1"), ("'+62 812", "''+62 812")],
)
def test_text_already_starting_with_apostrophes_before_a_formula_gets_one_more(text, guarded):
    # Otherwise "'=x" would be written as it is and read back by the importer as "=x".
    assert neutralise(text) == guarded
    assert unneutralise(guarded) == text


def test_none_becomes_an_empty_cell():
    assert neutralise(None) == ""


def test_numbers_are_text_and_negative_ones_are_guarded():
    assert neutralise(2021) == "2021"
    assert neutralise(-5) == "'-5"


@given(TEXTS)
@example("'=x")
@example("'")
@example("''\r")
def test_unneutralise_undoes_neutralise_for_any_text(text):
    assert unneutralise(neutralise(text)) == text


@given(TEXTS)
def test_neutralised_text_never_starts_a_formula(text):
    out = neutralise(text)
    assert out[:1] not in DANGEROUS_FIRST_CHARACTERS or out == ""
    assert out in (text, "'" + text)


@given(TEXTS)
def test_the_fast_check_of_the_exporters_agrees_with_the_rule(text):
    # Exporter.rows() tests startswith(GUARD_TRIGGERS) first and calls needs_guard only then.
    stripped = text.lstrip("'")
    matches_rule = stripped[:1] != "" and stripped[0] in DANGEROUS_FIRST_CHARACTERS
    assert (text.startswith(GUARD_TRIGGERS) and needs_guard(text)) == matches_rule


def test_csv_quoting_matches_postgresql_copy():
    # A bare CR is quoted (Python's csv module would not), quotes are doubled, a comma quoted.
    assert csv_line(["a\rb", 'say "hi"', "x,y", "plain"]) == '"a\rb","say ""hi""","x,y",plain\n'
    assert csv_line(["a;b", "c,d"], ";") == '"a;b";c,d\n'
    assert csv_line(["\\."]) == '"\\."\n'


# --- the SQL form (PostgreSQL's COPY path) ----------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL form is PostgreSQL's"
)


def _sql_neutralise(texts: list[str]) -> list[str | None]:
    sql = (
        f"SELECT {POSTGRES_NEUTRALISE_TEMPLATE.format('x')} "
        "FROM unnest(%s::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [texts])
        return [row[0] for row in cursor.fetchall()]


@postgresql_only
@pytest.mark.django_db
def test_sql_form_agrees_with_python_on_the_apostrophe_cases():
    texts = ["'=x", "''@y", "'hello", "'", "''", "'\t=z", "' =1", "=1", "", "Ayu", "'-", "'''+"]
    assert _sql_neutralise(texts) == [neutralise(t) for t in texts]


@postgresql_only
@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXTS.map(lambda t: t.replace("\x00", "")), max_size=40))
def test_sql_form_agrees_with_python_for_any_text(texts):
    # PostgreSQL text holds no NUL character; everything else must come out the same.
    assert _sql_neutralise(texts) == [neutralise(t) for t in texts]

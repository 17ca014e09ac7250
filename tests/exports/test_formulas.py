import pytest

from core.exporters import csv_line
from core.formulas import DANGEROUS_FIRST_CHARACTERS, neutralise


@pytest.mark.parametrize("first", sorted(DANGEROUS_FIRST_CHARACTERS))
def test_every_dangerous_first_character_gets_an_apostrophe_and_keeps_the_text(first):
    text = f'{first}HYPERLINK("http://evil.example","klik")'
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["I Gusti Ngurah Oka", "Nyoman Adi' Putra", "Désak Ayu", "", "51.03.02.2009", "a=b", " =1"],
)
def test_harmless_text_is_left_exactly_as_it_was(text):
    assert neutralise(text) == text


def test_none_becomes_an_empty_cell():
    assert neutralise(None) == ""


def test_csv_quoting_matches_postgresql_copy():
    # A bare CR is quoted (Python's csv module would not), quotes are doubled, a comma quoted.
    assert csv_line(["a\rb", 'say "hi"', "x,y", "plain"]) == '"a\rb","say ""hi""","x,y",plain\n'
    assert csv_line(["a;b", "c,d"], ";") == '"a;b";c,d\n'
    assert csv_line(["\\."]) == '"\\."\n'

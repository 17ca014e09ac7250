"""One way down, detours included: no app names a higher app by string or by `apps.get_model`.

import-linter (run by `make test`) checks the imports; these checks catch the same dependency in
disguise, which no import graph sees.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may name itself and those before it, never those after it.
LAYERS = ["core", "villages", "programs", "trainings", "portal", "libportal"]
_NAMED = re.compile(r"^({})\.[a-z_]+$".format("|".join(LAYERS)))


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _offences(app: str) -> list[str]:
    higher = set(LAYERS[LAYERS.index(app) + 1 :])
    found = []
    for path, tree in _sources(app):
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get_model"
            ):
                found.append(f"{where}:{node.lineno}: apps.get_model")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = _NAMED.match(node.value)
                if match and match.group(1) in higher:
                    found.append(f"{where}:{node.lineno}: names {node.value!r}")
    return found


@pytest.mark.parametrize("app", LAYERS[:-2])
def test_no_app_names_a_higher_app_by_string_or_get_model(app):
    assert _offences(app) == []


def test_the_check_sees_a_detour(tmp_path, monkeypatch):
    """The check is not blind: a lower app naming a higher model is reported."""
    fake = tmp_path / "villages"
    fake.mkdir()
    (fake / "detour.py").write_text(
        'from django.apps import apps\nEvent = apps.get_model("trainings", "TrainingEvent")\n'
        'MODELS = ["trainings.participant"]\n'
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _offences("villages") == [
        "villages/detour.py:2: apps.get_model",
        "villages/detour.py:3: names 'trainings.participant'",
    ]

"""One way down, detours included: no app names a higher app by string or by `apps.get_model`.

import-linter (run by `make test`) checks the imports; these checks catch the same dependency in
disguise, which no import graph sees.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may name itself and the layers before it, never a sibling in its own
# layer (trainings and monitoring are independent) nor anything after it.
LAYERS = [
    ("core",),
    ("villages",),
    ("programs",),
    ("trainings", "monitoring"),
    ("portal",),
    ("libportal",),
]
APPS = [app for layer in LAYERS for app in layer]
_NAMED = re.compile(r"^({})\.[a-z_]+$".format("|".join(APPS)))


def _forbidden(app: str) -> set[str]:
    at = next(i for i, layer in enumerate(LAYERS) if app in layer)
    siblings = set(LAYERS[at]) - {app}
    return siblings.union(*LAYERS[at + 1 :])


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _offences(app: str) -> list[str]:
    higher = _forbidden(app)
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


@pytest.mark.parametrize("app", [app for layer in LAYERS[:-2] for app in layer])
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


def test_siblings_may_not_name_each_other(tmp_path, monkeypatch):
    """trainings and monitoring share a layer: neither may lean on the other."""
    fake = tmp_path / "monitoring"
    fake.mkdir()
    (fake / "detour.py").write_text('MODELS = ["trainings.participant", "programs.beneficiary"]\n')
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _offences("monitoring") == ["monitoring/detour.py:1: names 'trainings.participant'"]

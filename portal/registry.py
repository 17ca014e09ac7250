"""The lists staff can export, collected from each app's own declaration (`EXPORTERS` in its
`exporters.py`). An app above may refine a list of an app below under the same identifier (the
beneficiary list of `trainings` adds the event filter to that of `programs`): the higher wins."""

from __future__ import annotations

import programs.exporters
import trainings.exporters
from core.exporters import Exporter

# Lowest app first, so a refinement from above replaces the list below it.
_DECLARATIONS = (programs.exporters, trainings.exporters)


def exporters() -> dict[str, type[Exporter]]:
    """Identifier -> exporter class, in the order the apps declare them."""
    found: dict[str, type[Exporter]] = {}
    for module in _DECLARATIONS:
        for exporter_class in module.EXPORTERS:
            found[exporter_class.identifier] = exporter_class
    return found


def exporter_for(identifier: str) -> type[Exporter]:
    return exporters()[identifier]

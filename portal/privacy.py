"""Personal data by the law: every app's declarations collected in one place (the same pattern
as `portal.roles` and `portal.registry`). Each app lists its retention kinds and subject-request
sources in its own `privacy.py`; the shared library declares the audit trail's.
"""

from __future__ import annotations

import core.privacy
import programs.privacy
import trainings.privacy
import villages.privacy
from core.privacy import RetentionKind, SubjectSource

# Most sensitive first: the order of the admin's retention page and of the shredder's report.
_SOURCES = (trainings.privacy, villages.privacy, programs.privacy)


def retention_kinds() -> tuple[RetentionKind, ...]:
    """Every kind of personal data with a retention rule: the apps' own, then the audit
    trail's (kept longest, as it accounts for the others)."""
    return (
        *(kind for module in _SOURCES for kind in module.RETENTION_KINDS),
        *core.privacy.retention_kinds(),
    )


def subject_sources() -> tuple[SubjectSource, ...]:
    """Every place a record may name a person, for subject requests."""
    return tuple(source for module in _SOURCES for source in module.SUBJECT_SOURCES)


def subject_source(key: str) -> SubjectSource:
    """The source named `key`; KeyError if there is none."""
    for source in subject_sources():
        if source.key == key:
            return source
    raise KeyError(key)

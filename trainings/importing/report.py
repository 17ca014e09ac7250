"""The typed results of an import: each row's plan and message, and the whole report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Moved to core.importing (issue 10), shared with the beneficiary import.
from core.importing import (  # noqa: E402,F401
    DUPLICATE,
    ERROR,
    NEW,
    OUTCOMES,
    UPDATE,
    ImportRefused,
    RowMessage,
)
from core.tabular import Table

from ..models import Participant, TrainingEvent, participant_name_key


@dataclass
class PlannedRow:
    """One data row of the file: its values once normalised, where it belongs, what it will do.

    ``areas``: the regencies (or the province) where a village given by name is looked for.
    ``changes``: for an update, field -> (stored value, new value).
    """

    number: int
    outcome: str = NEW
    messages: list[RowMessage] = field(default_factory=list)
    full_name: str = ""
    gender: str = ""
    role: str = ""
    role_given: bool = False  # an empty role cell means the default, and keeps a stored role
    position: str = ""  # the role cell as written ("Ka. Perpusdes"), kept beside the role
    is_guest: bool = False
    guest_reason: str = ""
    phone: str = ""
    email: str = ""
    village_code: str = ""
    village_name: str = ""
    areas: tuple[str, ...] = ()
    library_id: int | None = None
    participant_id: int | None = None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)

    def error(self, column: str, text: str) -> None:
        self.outcome = ERROR
        self.messages.append(RowMessage(self.number, column, text))

    def note(self, text: str) -> None:
        """A message that does not stop the row (what it will do, or a warning)."""
        self.messages.append(RowMessage(self.number, "", text))

    @property
    def message_texts(self) -> list[str]:
        return [str(m) for m in self.messages]

    @property
    def identity(self) -> tuple[str, str]:
        """Who this row is within the file: the rule of `Participant.identity_key`, with the
        village's code for its library (one library per village; it may not exist yet)."""
        return participant_name_key(self.full_name), self.village_code

    def summary(self, *, contacts: bool = True) -> str:
        """The row as it will be written (phone and e-mail only for those who may see them)."""
        place = self.village_name or self.village_code
        if self.village_name and self.village_code:
            place = f"{self.village_name} ({self.village_code})"
        role = self.role
        parts = [
            self.full_name,
            self.gender,
            str(Participant.Role(role).label) if role in Participant.Role.values else "",
            place,
        ]
        if contacts:
            parts += [self.phone, self.email]
        return " · ".join(p for p in parts if p)


@dataclass
class ImportReport:
    """What an import would do (a preview) or did (after a commit)."""

    event: TrainingEvent
    filename: str
    sha256: str
    size: int
    table: Table
    columns: list[tuple[str, str]]  # (header in the file, what it was recognised as)
    ignored: list[str]  # headers not imported
    rows: list[PlannedRow]
    create_libraries: bool = False
    strict: bool = False
    committed: bool = False
    created_pks: list[int] = field(default_factory=list)
    updated_pks: list[int] = field(default_factory=list)
    libraries_created: list[str] = field(default_factory=list)
    audit_id: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.outcome for row in self.rows)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == ERROR for row in self.rows)

    @property
    def writable(self) -> bool:
        """Would a commit write anything?"""
        if self.strict and self.has_errors:
            return False
        return any(row.outcome in (NEW, UPDATE) for row in self.rows)

    @property
    def errors(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.outcome == ERROR]

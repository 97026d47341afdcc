"""Problems found in knowledge-base files, each pinned to a file, line and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class KBError:
    """One problem: where it is (file, line, column, field path) and what was expected."""

    file: str
    line: int | None
    column: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


class KBInvalid(Exception):
    """Raised by strict loading when the knowledge base has problems; carries all of them."""

    def __init__(self, errors: list[KBError]):
        self.errors = sorted(errors, key=lambda e: (e.file, e.line or 0, e.column or 0, e.message))
        head = "\n".join(str(e) for e in self.errors[:20])
        more = f"\n... and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(f"{len(self.errors)} problem(s) in the knowledge base:\n{head}{more}")

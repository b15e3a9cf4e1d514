"""The one shape of a problem found in an imported file, for every import: the line in the file,
the column (as the file names it, empty for the whole line), a short code a program can test,
and the message as a stored message (`core.stored_text`), so each reader sees it in their own
language. Pages show it with the `shown` filter; `as_dict` is what summaries keep.

An import of a million lines can have a million problems: `ProblemList` counts them all and
keeps the first `MAX_LISTED_PROBLEMS`, the one cap of every import."""

from dataclasses import dataclass, field

from impactinkoop.core.stored_text import shown, stored

MAX_LISTED_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    code: str
    message: dict  # a stored message: {"text", "values", "message"}

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "code": self.code, **self.message}

    @property
    def text(self) -> str:
        """The message in the current language."""
        return shown(self.message)


class RowProblem(ValueError):
    """Raised by an import's check of one row; the import records it with the row's line."""

    def __init__(self, code: str, text: str, values: dict | None = None, *, column: str = ""):
        self.code, self.column = code, column
        self.message = stored(text, **(values or {}))
        super().__init__(shown(self.message))

    @classmethod
    def from_text(cls, code: str, text: str, *, column: str = "") -> "RowProblem":
        """A message that is already in the reader's language (from a validator)."""
        return cls(code, text, column=column)


@dataclass
class ProblemList:
    """Every problem counted, the first `cap` kept."""

    cap: int = MAX_LISTED_PROBLEMS
    count: int = 0
    listed: list[Problem] = field(default_factory=list)

    def add(self, line: int, column: str, code: str, message: dict) -> None:
        self.count += 1
        if len(self.listed) < self.cap:
            self.listed.append(Problem(line, column, code, message))

    def add_error(self, line: int, error: RowProblem) -> None:
        self.add(line, error.column, error.code, error.message)

    @property
    def full(self) -> bool:
        return len(self.listed) >= self.cap

    def as_dicts(self) -> list[dict]:
        return [problem.as_dict() for problem in self.listed]

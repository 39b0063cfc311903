"""File-level problems that stop an upload before any row is checked."""

from __future__ import annotations

from typing import Any


class IngestError(Exception):
    """The file cannot be read at all (empty, binary, too big, bad structure). Nothing is stored."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}

"""CKAN's error types, each with the HTTP status and `__type` CKAN's API gives it."""

from __future__ import annotations

from typing import Any


class CkanError(Exception):
    status = 500
    type_name = "Internal Server Error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"__type": self.type_name, "message": self.message}


class BadRequest(CkanError):
    status = 400
    type_name = "Bad Request"


class NotFound(CkanError):
    status = 404
    type_name = "Not Found Error"


class NotAuthorized(CkanError):
    status = 403
    type_name = "Authorization Error"


class SearchQueryError(CkanError):
    status = 400
    type_name = "Search Query Error"


class ValidationError(CkanError):
    """As in CKAN, the error body maps each field to a list of messages, plus `__type`."""

    status = 409
    type_name = "Validation Error"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors

    def body(self) -> dict[str, Any]:
        return {"__type": self.type_name, **self.errors}

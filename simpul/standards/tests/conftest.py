from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simpul.ingest.tests.conftest import dataset, produsen, std, upload
from simpul.organizations.choices import Role

__all__ = ["dataset", "produsen", "std", "upload"]


@pytest.fixture
def pembina(make_user: Callable[..., Any], orgs: dict[str, Any]) -> Any:
    return make_user("pembina-bps", (orgs["bps"], Role.PEMBINA))


@pytest.fixture
def pembina_dinkes(make_user: Callable[..., Any], orgs: dict[str, Any]) -> Any:
    return make_user("pembina-dinkes", (orgs["dinkes"], Role.PEMBINA))

from __future__ import annotations

from typing import Any

import pytest

from simpul.assessment.loaders import default_directory, read_file
from simpul.assessment.spec import FrameworkSpec


@pytest.fixture
def frameworks(db: Any) -> dict[str, Any]:
    """The packaged frameworks (fixtures/frameworks/) loaded into the test database."""
    from simpul.assessment.loaders import load_framework_files
    from simpul.assessment.models import Framework

    load_framework_files()
    return {f.code: f for f in Framework.objects.all()}


@pytest.fixture(scope="session")
def spbe_spec() -> FrameworkSpec:
    return read_file(default_directory() / "spbe-2020.yaml")

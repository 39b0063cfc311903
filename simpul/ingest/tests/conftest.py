from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simpul.datasets.tests.factories import DatasetFactory, standard_data
from simpul.ingest.models import IngestRun
from simpul.ingest.services import ingest_file


@pytest.fixture
def std(db: Any) -> dict[str, Any]:
    return standard_data()


@pytest.fixture
def dataset(orgs: dict[str, Any], std: dict[str, Any]) -> Any:
    return DatasetFactory(slug="statistik-dinkes", producer=orgs["dinkes"])


@pytest.fixture
def produsen(make_user: Callable[..., Any], orgs: dict[str, Any]) -> Any:
    return make_user("produsen-dinkes", (orgs["dinkes"], "produsen"))


@pytest.fixture
def upload(dataset: Any, produsen: Any) -> Callable[..., IngestRun]:
    """upload(b"csv bytes", **kwargs) -> the finished run, as the dataset's own produsen."""

    def run(content: bytes | str, file_name: str = "data.csv", **kwargs: Any) -> IngestRun:
        data = content.encode("utf-8") if isinstance(content, str) else content
        kwargs.setdefault("actor", produsen)
        kwargs.setdefault("dataset", dataset)
        return ingest_file(content=data, file_name=file_name, **kwargs)

    return run

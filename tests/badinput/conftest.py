"""The hostile-input corpus uses the ingest tests' fixtures (standard data, a dataset, its produsen)."""

from simpul.ingest.tests.conftest import dataset, produsen, std, upload

__all__ = ["dataset", "produsen", "std", "upload"]

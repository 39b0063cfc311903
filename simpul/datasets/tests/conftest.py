from simpul.ingest.tests.conftest import dataset, produsen, std, upload

__all__ = ["dataset", "produsen", "std", "upload"]

"""Background work: checking and storing an uploaded file (`services.process_upload`).

`enqueue_run(run)` is what the upload page and the API call after `stage_upload`/`prepare_rerun`. With the
database backend (`manage.py db_worker`) the page polls the run's progress; in tests the immediate
backend runs it at once.
"""

from __future__ import annotations

from django_tasks import task

from . import services
from .models import IngestRun


@task()
def ingest_run_task(run_id: int) -> str:
    return str(services.process_upload(run_id=run_id))


def enqueue_run(run: IngestRun) -> None:
    ingest_run_task.enqueue(run.pk)

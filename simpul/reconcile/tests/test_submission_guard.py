"""One upload is delivered once per Daftar Data item, whether from the upload page, the submit page or
code: the service refuses the second delivery and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from simpul.reconcile import services
from simpul.reconcile.models import Submission

pytestmark = pytest.mark.django_db


def test_the_same_upload_for_the_same_item_is_refused(flow: dict[str, Any], deliver: Any) -> None:
    first = deliver("dinkes", 9_000_000)
    with pytest.raises(ValidationError, match="sudah disetor"):
        services.submission_create(actor=flow["dinkes_user"], item=flow["dinkes_item"], run=first.run)
    assert list(Submission.objects.filter(run=first.run).values_list("pk", "status")) == [
        (first.pk, "diajukan")
    ]


def test_a_new_upload_still_replaces_the_earlier_submission(flow: dict[str, Any], deliver: Any) -> None:
    first = deliver("dinkes", 9_000_000)
    second = deliver("dinkes", 9_100_000)
    first.refresh_from_db()
    assert (first.status, second.status) == ("diganti", "diajukan")

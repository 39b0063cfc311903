"""POST /api/v1/ingest and GET /api/v1/ingest/{id}: token scopes, errors, the run with its report."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from simpul.accounts.services import token_create
from simpul.datasets.models import Observation
from simpul.ingest.models import IngestRun
from simpul.ingest.samples import LAMPUNG, YEARS, bps_wide_xlsx, long_csv

pytestmark = pytest.mark.django_db
URL = "/api/v1/ingest"


def _auth(user: Any, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(user=user, name='uji', scope=scope).raw}"}


def _post(
    client: Client, headers: dict[str, str], content: bytes, name: str = "data.csv", **fields: Any
) -> Any:
    data = {"file": SimpleUploadedFile(name, content), "dataset": "statistik-dinkes", **fields}
    return client.post(URL, data, headers=headers)


def test_write_token_uploads_and_gets_the_run_with_its_report(
    client: Client, produsen: Any, dataset: Any
) -> None:
    response = _post(client, _auth(produsen), long_csv(["IPM"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "tersimpan"
    assert body["inserted"] == len(LAMPUNG) * len(YEARS)
    assert body["report"]["error_count"] == 0
    assert body["url"].endswith(f"/satu-data/unggah/{body['id']}/")
    assert Observation.objects.count() == len(LAMPUNG) * len(YEARS)

    again = client.get(f"{URL}/{body['id']}", headers=_auth(produsen, "read"))
    assert again.status_code == 200
    assert (again.json()["status"], again.json()["progress"]) == ("tersimpan", 100)


def test_wide_xlsx_with_options_and_a_dry_run(client: Client, produsen: Any, dataset: Any) -> None:
    response = _post(
        client,
        _auth(produsen),
        bps_wide_xlsx("IPM", "Indeks Pembangunan Manusia"),
        "ipm.xlsx",
        options=json.dumps({"defaults": {"indicator": "IPM"}}),
        dry_run="true",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "valid"
    assert response.json()["layout"] == "wide"
    assert not Observation.objects.exists()


def test_errors_come_back_in_the_report(client: Client, produsen: Any, dataset: Any) -> None:
    content = b"indikator,wilayah,tahun,nilai\nIPM,Lampung Selatn,2022,70\n"
    body = _post(client, _auth(produsen), content).json()
    assert body["status"] == "ditolak"
    (error,) = body["report"]["errors"]
    assert (error["row"], error["column"], error["code"]) == (2, "wilayah", "unknown_region")
    assert error["suggestions"]


def test_tokens_and_scopes(client: Client, produsen: Any, dataset: Any, make_user: Any, orgs: Any) -> None:
    content = long_csv(["IPM"], [2020])
    # No credentials: 401. A session is not enough to send a file: 401 asking for a token.
    assert _post(client, {}, content).status_code == 401
    client.force_login(produsen)
    response = _post(client, {}, content)
    assert (response.status_code, response.json()["error"]["code"]) == (401, "token_required")
    client.logout()
    assert _post(client, {"Authorization": "Bearer smp_nope_nope"}, content).status_code == 401
    # A read-only token: 403.
    response = _post(client, _auth(produsen, "read"), content)
    assert (response.status_code, response.json()["error"]["code"]) == (403, "read_only_token")
    # A write token of someone who is not a producer of this dataset: 403 from the service's rule.
    stranger = make_user("produsen-bps", (orgs["bps"], "produsen"))
    response = _post(client, _auth(stranger), content)
    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")
    assert not IngestRun.objects.exists()


def test_unprocessable_requests(client: Client, produsen: Any, dataset: Any) -> None:
    headers = _auth(produsen)
    content = long_csv(["IPM"], [2020])
    cases = [
        {"dataset": "tidak-ada"},
        {"mapping": "{bukan json"},
        {"mapping": "[1, 2]"},
        {"options": json.dumps({"warna": "merah"})},
        {"producer": "tidak-ada"},
    ]
    for fields in cases:
        response = _post(client, headers, content, **fields)
        assert response.status_code == 422, (fields, response.content)
        assert response.json()["error"]["code"] == "invalid"
    response = client.post(URL, {"dataset": "statistik-dinkes"}, headers=headers)  # no file
    assert response.status_code == 422
    assert not IngestRun.objects.exists()


def test_a_run_is_only_visible_to_its_uploaders(client: Client, produsen: Any, dataset: Any, make_user: Any,
                                                orgs: Any) -> None:  # fmt: skip
    run_id = _post(client, _auth(produsen), long_csv(["IPM"], [2020])).json()["id"]
    stranger = make_user("produsen-bps", (orgs["bps"], "produsen"))
    assert client.get(f"{URL}/{run_id}", headers=_auth(stranger)).status_code == 404
    assert client.get(f"{URL}/{run_id}").status_code == 401
    assert client.get(f"{URL}/999999", headers=_auth(produsen)).status_code == 404

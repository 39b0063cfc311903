from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from simpul.accounts.services import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


def get(client: Client, url: str, **params: Any) -> Any:
    return client.get(url, params)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"])
    if code:
        assert body["error"]["code"] == code
    return body


def test_datasets_search_and_detail(client: Client, catalog_data: dict[str, Any]) -> None:
    body = get(client, "/api/v1/datasets", q="penduduk").json()
    assert [d["slug"] for d in body["items"]] == ["penduduk-lampung"]
    assert body["facets"]["topic"] == [{"value": "Kependudukan", "label": "Kependudukan", "count": 1}]
    everything = get(client, "/api/v1/datasets").json()
    assert everything["count"] == 2
    detail = get(client, "/api/v1/datasets/penduduk-lampung").json()
    assert detail["indicators"] == [{"code": "PDDK", "name": "Jumlah penduduk", "unit": "jiwa"}]
    assert detail["downloads"]["csv"].endswith("/satu-data/dataset/penduduk-lampung/unduh.csv")
    assert_error(get(client, "/api/v1/datasets/internal-gudang"), 404, "not_found")
    assert_error(get(client, "/api/v1/datasets", per_page=0), 422, "invalid")
    assert_error(get(client, "/api/v1/datasets", sort="acak"), 422, "invalid")


def test_indicators_and_organizations(client: Client, catalog_data: dict[str, Any]) -> None:
    codes = [i["code"] for i in get(client, "/api/v1/indicators").json()["items"]]
    assert codes == ["IPM", "PDDK"]  # RHS only in an internal dataset
    pddk = get(client, "/api/v1/indicators/PDDK").json()
    assert pddk["aggregatable"] is True
    assert pddk["name_en"] == "Population"
    assert get(client, "/api/v1/indicators/IPM").json()["aggregatable"] is False
    assert_error(get(client, "/api/v1/indicators/RHS"), 404)
    orgs = get(client, "/api/v1/organizations").json()
    assert [(o["slug"], o["datasets"]) for o in orgs] == [("bps-lampung", 2)]
    assert_error(get(client, "/api/v1/organizations/tidak-ada"), 404)
    kominfo = get(client, "/api/v1/organizations/diskominfo-lampung").json()
    assert kominfo["dataset_list"] == []  # its internal dataset stays hidden


def values(body: dict[str, Any]) -> set[tuple[str, str, float]]:
    return {(o["region"], o["period"], o["value"]) for o in body["items"]}


def test_observations_filters_and_either_region_scheme(client: Client, catalog_data: dict[str, Any]) -> None:
    by_kemendagri = get(client, "/api/v1/observations", indicator="PDDK", region="18.01", disagg="").json()
    by_bps = get(client, "/api/v1/observations", indicator="PDDK", region="1803", disagg="").json()
    assert values(by_kemendagri) == values(by_bps) == {
        ("18.01", "2021", 1064301), ("18.01", "2022", 1064302), ("18.01", "2023", 1064303)
    }  # fmt: skip
    assert by_bps["items"][0]["region_bps"] == "1803"
    # Excluded dataset's 123456 and the unpublished 2024 revision never appear.
    every = get(client, "/api/v1/observations", indicator="PDDK", limit=5000).json()
    assert 123456 not in {o["value"] for o in every["items"]}
    assert "2024" not in {o["period"] for o in every["items"]}
    ranged = get(client, "/api/v1/observations", indicator="PDDK", region="18", period_from="2022",
                 period_to="2022").json()  # fmt: skip
    assert values(ranged) == {("18", "2022", 9_002_022)}
    under = get(client, "/api/v1/observations", indicator="PDDK", region="18", descendants="true",
                period_from="2023", disagg="").json()  # fmt: skip
    assert {o["region"] for o in under["items"]} == {"18", "18.01", "18.02", "18.71", "18.72"}
    male = get(client, "/api/v1/observations", indicator="PDDK", disagg="jk=1").json()
    assert values(male) == {("18.01", "2023", 530000)}
    # one period across every region, as a map of kab/kota needs it
    one_year = get(client, "/api/v1/observations", indicator="PDDK", period="2022", disagg="").json()
    assert {o["period"] for o in one_year["items"]} == {"2022"}
    assert {"18", "18.01"} <= {o["region"] for o in one_year["items"]}
    official = get(client, "/api/v1/observations", indicator="PDDK", period="2022", official="true").json()
    assert {o["period"] for o in official["items"]} == {"2022"}


def test_observations_errors(client: Client, catalog_data: dict[str, Any]) -> None:
    assert_error(get(client, "/api/v1/observations", indicator="NOPE"), 404)
    assert_error(get(client, "/api/v1/observations", indicator="RHS"), 404)  # internal only
    assert_error(get(client, "/api/v1/observations", region="18.99"), 404)
    assert_error(get(client, "/api/v1/observations", region="abc"), 422)
    assert_error(get(client, "/api/v1/observations", descendants="true"), 422)
    assert_error(get(client, "/api/v1/observations", limit=0), 422)
    assert_error(get(client, "/api/v1/observations", cursor="x"), 422)
    assert_error(get(client, "/api/v1/observations", format="xml"), 422)
    assert_error(get(client, "/api/v1/observations", disagg="a\x00b"), 422)
    # Known indicator and region with nothing for the period: an empty page, not a 404.
    empty = get(client, "/api/v1/observations", indicator="PDDK", region="18.01", period="1999")
    assert empty.status_code == 200
    assert empty.json()["items"] == []
    assert_error(get(client, "/api/v1/observations", indicator="PDDK", region="18.99", period="2022"), 404)


def test_keyset_pagination_walks_every_row_once(client: Client, catalog_data: dict[str, Any]) -> None:
    seen: list[int] = []
    url: str | None = "/api/v1/observations?indicator=PDDK&limit=4"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [o["id"] for o in body["items"]]
        url = body["next"]
        pages += 1
    total = get(client, "/api/v1/observations", indicator="PDDK", limit=5000).json()["count"]
    assert len(seen) == len(set(seen)) == total == 16
    assert pages == 4
    assert seen == sorted(seen)


def test_csv_format(client: Client, catalog_data: dict[str, Any]) -> None:
    response = get(client, "/api/v1/observations", indicator="PDDK", region="1803", disagg="", limit=2,
                   format="csv")  # fmt: skip
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    got = [(r["region"], r["period"], r["value"]) for r in rows]
    assert got == [("18.01", "2021", "1064301.0"), ("18.01", "2022", "1064302.0")]
    assert 'rel="next"' in response["Link"]


def test_aggregate_by_parent_only_where_allowed(client: Client, catalog_data: dict[str, Any]) -> None:
    body = get(client, "/api/v1/observations/aggregate", indicator="PDDK", parent="18", period="2023").json()
    expected = sum(catalog_data["values"].values()) + 4 * 2
    assert body["items"] == [{"period": "2023", "disagg": "", "value": expected, "regions": 4}]
    assert_error(get(client, "/api/v1/observations/aggregate", indicator="IPM", parent="18"), 422,
                 "not_aggregatable")  # fmt: skip


def test_rate_limit_anonymous_then_token(
    client: Client, catalog_data: dict[str, Any], settings: Any, make_user: Any
) -> None:
    settings.SIMPUL_API_RATE_ANON = 3
    settings.SIMPUL_API_RATE_TOKEN = 6
    for _ in range(3):
        assert get(client, "/api/v1/indicators").status_code == 200
    body = assert_error(get(client, "/api/v1/indicators"), 429, "rate_limited")
    assert body["error"]["details"]["limit"] == 3
    assert body["error"]["details"]["retry_after"] >= 1
    user = make_user("mesin")
    secret = token_create(user=user, name="uji").raw
    authed = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    codes = [authed.get("/api/v1/indicators").status_code for _ in range(7)]
    assert codes == [200] * 6 + [429]


def test_openapi_lists_catalogue_endpoints(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    for path in ("/api/v1/datasets", "/api/v1/observations", "/api/v1/observations/aggregate",
                 "/api/v1/indicators/{code}", "/api/v1/organizations/{slug}"):  # fmt: skip
        assert path in spec["paths"]


def test_official_values_with_alternatives(client: Client, catalog_data: dict[str, Any], orgs: Any) -> None:
    from simpul.catalog.tests.conftest import add_obs

    # Dinkes publishes its own count for Lampung Selatan 2023 in a public dataset of its own.
    from simpul.datasets.models import Dataset

    dinkes_ds = Dataset.objects.create(slug="dinkes-penduduk", title="Sasaran", producer=orgs["dinkes"])
    add_obs(dinkes_ds, catalog_data["penduduk"], "18.01", "2023", 1_000_000)
    every = get(client, "/api/v1/observations", indicator="PDDK", region="18.01", period_from="2023",
                disagg="").json()  # fmt: skip
    assert sorted(o["value"] for o in every["items"]) == [1_000_000, 1064303]  # both producers
    official = get(client, "/api/v1/observations", indicator="PDDK", region="1803", period_from="2023",
                   disagg="", include="alternatives").json()  # fmt: skip
    assert len(official["items"]) == 1
    cell = official["items"][0]
    others = {cell["value"], *(a["value"] for a in cell["alternatives"])}
    assert others == {1_000_000, 1064303}
    assert cell["region_bps"] == "1803"
    pages, url = [], "/api/v1/observations?indicator=PDDK&official=true&disagg=&limit=5"
    while url:
        body = client.get(url).json()
        pages.append(body["items"])
        url = body["next"]
    cells = [(o["region"], o["period"]) for page in pages for o in page]
    assert len(cells) == len(set(cells)) == 15
    assert len(pages) == 3
    assert_error(get(client, "/api/v1/observations", official="true"), 422)


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("as_of", "1913-01-17T08:20:34-16:40", 200),  # an offset PostgreSQL itself refuses
        ("updated_after", "2020-01-01T00:00:00+23:59", 200),
        ("as_of", "0001-01-01T00:00:00+01:00", 422),  # before year 1 in UTC
    ],
)
def test_any_iso_offset_is_answered_not_a_server_error(
    client: Client, catalog_data: dict[str, Any], field: str, value: str, status: int
) -> None:
    response = client.get("/api/v1/observations", {"indicator": "PDDK", field: value})
    assert response.status_code == status, response.content[:300]
    # the same connection still answers (a failed query must not leave the transaction broken)
    assert get(client, "/api/v1/observations", indicator="PDDK").status_code == 200

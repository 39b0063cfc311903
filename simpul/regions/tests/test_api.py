"""The /api/v1/regions endpoints."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

BASE = "/api/v1/regions"


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.parametrize(
    ("url", "code", "bps", "name"),
    [
        (f"{BASE}/18.04", "18.04", "1801", "Kabupaten Lampung Barat"),
        (f"{BASE}/1801", "18.04", "1801", "Kabupaten Lampung Barat"),
        (f"{BASE}/18.01", "18.01", "1803", "Kabupaten Lampung Selatan"),
        (f"{BASE}/1803", "18.01", "1803", "Kabupaten Lampung Selatan"),
        (f"{BASE}/1803?scheme=bps", "18.01", "1803", "Kabupaten Lampung Selatan"),
        (f"{BASE}/18.01?scheme=kemendagri", "18.01", "1803", "Kabupaten Lampung Selatan"),
    ],
)
def test_lampung_by_both_schemes(client: Client, url: str, code: str, bps: str, name: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {
        "code": code,
        "bps_code": bps,
        "name": name,
        "level": 2,
        "kind": "kabupaten",
        "parent": {"code": "18", "name": "Lampung"},
    }


def test_ambiguous_code_answers_300_with_both_candidates(client: Client) -> None:
    response = client.get(f"{BASE}/91")
    assert response.status_code == 300
    body = response.json()
    assert body["ambiguous"] is True
    assert [(c["scheme"], c["region"]["code"], c["region"]["name"]) for c in body["candidates"]] == [
        ("kemendagri", "91", "Papua"),
        ("bps", "92", "Papua Barat"),
    ]
    assert client.get(f"{BASE}/91?scheme=bps").json()["name"] == "Papua Barat"
    assert client.get(f"{BASE}/91?scheme=kemendagri").json()["name"] == "Papua"


def test_unknown_code_is_404(client: Client) -> None:
    for code in ("99", "1899", "18.99", "1803010"):
        response = client.get(f"{BASE}/{code}")
        assert response.status_code == 404, code
        assert response.json()["error"]["code"] == "not_found"
        assert code in response.json()["error"]["message"]
    assert client.get(f"{BASE}/1801?scheme=kemendagri").status_code == 422
    assert client.get(f"{BASE}/18.04?scheme=bps").status_code == 422


@pytest.mark.parametrize(
    "path",
    [
        "abc",
        "18.1",
        "181",
        "18.01.1",
        "1" * 5000,
        "18.04%00",
        "%27%3B%20DROP%20TABLE%20regions_region%3B--",
        "..%2F..%2Fetc%2Fpasswd",
        "../../etc/passwd",
        "18/04",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%D9%A1%D9%A8",  # Arabic-Indic digits
        "18%0A",
    ],
)
def test_malformed_codes_are_422(client: Client, path: str) -> None:
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_list_children_by_either_scheme(client: Client) -> None:
    body = client.get(f"{BASE}?parent=18").json()
    assert body["count"] == 15
    assert body["level"] == 2
    assert [i["code"] for i in body["items"]][:2] == ["18.01", "18.02"]
    assert {i["code"]: i["bps_code"] for i in body["items"]}["18.04"] == "1801"
    by_bps = client.get(f"{BASE}?parent=1801").json()
    by_kemendagri = client.get(f"{BASE}?parent=18.04").json()
    assert by_bps == by_kemendagri
    assert by_bps["parent"]["code"] == "18.04"
    assert all(i["parent"]["code"] == "18.04" for i in by_bps["items"])


def test_list_levels_and_paging(client: Client) -> None:
    provinces = client.get(BASE).json()
    assert (provinces["count"], provinces["level"]) == (38, 1)
    kec = client.get(f"{BASE}?parent=18&level=3&limit=10&offset=5").json()
    assert kec["count"] == 229
    assert len(kec["items"]) == 10
    assert client.get(f"{BASE}?level=2&limit=1").json()["count"] == 514
    assert client.get(f"{BASE}?parent=18&level=1").status_code == 422
    assert client.get(f"{BASE}?level=9").status_code == 422
    assert client.get(f"{BASE}?limit=0").status_code == 422
    assert client.get(f"{BASE}?offset=99999999999999999999999").status_code == 422
    assert client.get(f"{BASE}?parent=91").status_code == 300
    assert client.get(f"{BASE}?parent=91&scheme=bps").json()["parent"]["name"] == "Papua Barat"
    assert client.get(f"{BASE}?parent=99").status_code == 404
    assert client.get(f"{BASE}?parent=x%27").status_code == 422


def test_match(client: Client) -> None:
    response = client.get(f"{BASE}/match", {"q": "Kab. Lampung Sel.", "level": "2"})
    assert response.status_code == 200
    body = response.json()
    assert body["best"]["code"] == "18.01"
    assert body["best"]["bps_code"] == "1803"
    assert body["ambiguous"] is False
    assert body["candidates"][0] == body["best"]
    assert body["candidates"][0]["exact"] is True
    assert body["candidates"][1]["exact"] is False
    assert body["candidates"][1]["score"] <= 90

    under = client.get(f"{BASE}/match", {"q": "Tulangbawang", "parent": "18", "level": "2"}).json()
    assert under["best"]["code"] == "18.05"
    bps_parent = client.get(f"{BASE}/match", {"q": "Hajimena", "parent": "1803", "level": "4"}).json()
    assert bps_parent["best"]["code"] == "18.01.04.2001"
    bogor = client.get(f"{BASE}/match", {"q": "Bogor", "level": "2"}).json()
    assert bogor["best"] is None
    assert bogor["ambiguous"] is True


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 422),
        ({"q": ""}, 422),
        ({"q": "   "}, 422),
        ({"q": "x" * 201}, 422),
        ({"q": "Metro", "level": 0}, 422),
        ({"q": "Metro", "parent": "abc"}, 422),
        ({"q": "Metro", "parent": "18", "level": 1}, 422),
        ({"q": "Metro", "parent": "99"}, 404),
        ({"q": "Metro", "parent": "94"}, 300),
        ({"q": "'; DROP TABLE regions_region; --"}, 200),
        ({"q": "\x00\ufffd<script>"}, 200),
    ],
)
def test_match_bad_input(client: Client, params: dict[str, str | int], status: int) -> None:
    response = client.get(f"{BASE}/match", params)
    assert response.status_code == status
    if status >= 400:
        assert "error" in response.json()


def test_openapi_documents_the_schemas(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/v1/regions", "/api/v1/regions/match", "/api/v1/regions/{code}"} <= set(paths)
    detail = paths["/api/v1/regions/{code}"]["get"]["responses"]
    assert {"200", "300", "404", "422"} <= set(detail)
    assert "RegionOut" in schema["components"]["schemas"]
    assert "MatchOut" in schema["components"]["schemas"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(min_size=1, max_size=40))
def test_any_code_gets_a_json_answer_never_a_500(client: Client, code: str) -> None:
    response = client.get(f"{BASE}/{quote(code, safe='')}")
    assert response.status_code in (200, 300, 404, 422)
    assert response["Content-Type"].startswith("application/json")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=250), parent=st.one_of(st.none(), st.text(max_size=20)))
def test_any_match_query_gets_a_json_answer_never_a_500(client: Client, q: str, parent: str | None) -> None:
    params = {"q": q, "level": "2"} if parent is None else {"q": q, "parent": parent}
    response = client.get(f"{BASE}/match", params)
    assert response.status_code in (200, 300, 404, 422)
    assert response["Content-Type"].startswith("application/json")

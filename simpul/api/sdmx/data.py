"""Data messages: SDMX-JSON 2.0 (series keyed by the non-time dimensions, observations by TIME_PERIOD) and
SDMX-CSV 2.0 (one row per observation, STRUCTURE/STRUCTURE_ID/ACTION then dimensions, measure, attributes)."""

from __future__ import annotations

import csv
import io
from typing import Any

from .cube import AGENCY, TIME, VERSION, Cube
from .structures import OBS_STATUS_CODES, meta, urn

DATA_SCHEMA = (
    "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/data-message/tools/schemas/2.0.0/"
    "sdmx-json-data-schema.json"
)
_STATUS_NAMES = dict(OBS_STATUS_CODES)


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def json_message(cube: Cube) -> dict[str, Any]:
    key_index = [{code: i for i, code in enumerate(dim.codes)} for dim in cube.dimensions]
    period_index = {p: i for i, p in enumerate(cube.periods)}
    unit_ids = list(cube.units)
    unit_index = {u: i for i, u in enumerate(unit_ids)}
    status_ids = [code for code, _name in OBS_STATUS_CODES]
    status_index = {s: i for i, s in enumerate(status_ids)}
    series: dict[str, dict[str, Any]] = {}
    for cell in cube.cells:
        skey = ":".join(str(key_index[i][code]) for i, code in enumerate(cell.key))
        entry = series.setdefault(skey, {"attributes": [], "observations": {}})
        entry["observations"][str(period_index[cell.period])] = [
            _number(cell.value),
            unit_index[cell.unit],
            status_index[cell.status],
        ]
    dims = [
        {
            "id": dim.id,
            "name": dim.name,
            "keyPosition": i,
            "values": [{"id": code, "name": name} for code, name in dim.codes.items()],
        }
        for i, dim in enumerate(cube.dimensions)
    ]
    structure = {
        "links": [
            {"rel": "DataStructure", "urn": urn("DataStructure", cube.dsd_id)},
            {"rel": "Dataflow", "urn": urn("Dataflow", cube.flow_id)},
        ],  # fmt: skip
        "name": cube.indicator.name_id,
        "dimensions": {
            "dataSet": [],
            "series": dims,
            "observation": [
                {
                    "id": TIME,
                    "name": "Periode",
                    "keyPosition": len(dims),
                    "roles": [TIME],
                    "values": [{"value": p} for p in cube.periods],
                }
            ],
        },
        "measures": {"observation": [{"id": "OBS_VALUE", "name": "Nilai"}]},
        "attributes": {
            "dataSet": [],
            "series": [],
            "observation": [
                {
                    "id": "UNIT_MEASURE",
                    "name": "Satuan",
                    "relationship": {"observation": {}},
                    "values": [{"value": cube.units[u]} for u in unit_ids],
                },
                {
                    "id": "OBS_STATUS",
                    "name": "Status observasi",
                    "relationship": {"observation": {}},
                    "values": [{"id": s, "name": _STATUS_NAMES[s]} for s in status_ids],
                },
            ],
        },
        "dataSets": [0],
    }
    return {
        "meta": meta(DATA_SCHEMA),
        "data": {
            "structures": [structure],
            "dataSets": [
                {
                    "structure": 0,
                    "action": "Information",
                    "links": [{"rel": "Dataflow", "urn": urn("Dataflow", cube.flow_id)}],
                    "series": series,
                }
            ],
        },
    }


def csv_text(cube: Cube) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["STRUCTURE", "STRUCTURE_ID", "ACTION", *[d.id for d in cube.dimensions], TIME, "OBS_VALUE",
              "UNIT_MEASURE", "OBS_STATUS"]  # fmt: skip
    writer.writerow(header)
    structure_id = f"{AGENCY}:{cube.flow_id}({VERSION})"
    for cell in cube.cells:
        writer.writerow(["dataflow", structure_id, "I", *cell.key, cell.period, _number(cell.value),
                         cube.units[cell.unit], cell.status])  # fmt: skip
    return out.getvalue()

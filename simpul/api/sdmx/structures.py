"""SDMX-JSON 2.0 structure messages: codelists, the concept scheme, data structures and dataflows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from simpul.standards.models import Classification, Indicator

from .cube import AGENCY, TIME, TOTAL, VERSION, Cube, sdmx_id

STRUCTURE_SCHEMA = (
    "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/structure-message/tools/schemas/2.0.0/"
    "sdmx-json-structure-schema.json"
)
CONCEPT_SCHEME = "CS_SIMPUL"
OBS_STATUS_CODES = [("A", "Tetap"), ("P", "Sementara"), ("R", "Diperbaiki")]
FIXED_CONCEPTS = [
    ("INDICATOR", "Indikator"),
    ("REGION", "Wilayah (kode Kemendagri)"),
    (TIME, "Periode"),
    ("OBS_VALUE", "Nilai"),
    ("UNIT_MEASURE", "Satuan"),
    ("OBS_STATUS", "Status observasi"),
]


def urn(kind: str, artefact: str, item: str | None = None) -> str:
    package = {
        "Codelist": "codelist",
        "ConceptScheme": "conceptscheme",
        "Concept": "conceptscheme",
        "DataStructure": "datastructure",
        "Dataflow": "datastructure",
    }[kind]
    scheme = "ConceptScheme" if kind == "Concept" else kind
    base = f"urn:sdmx:org.sdmx.infomodel.{package}.{'Concept' if kind == 'Concept' else scheme}="
    return f"{base}{AGENCY}:{artefact}({VERSION})" + (f".{item}" if item else "")


def meta(schema: str) -> dict[str, Any]:
    return {
        "schema": schema,
        "id": f"IREF{uuid.uuid4().hex[:12].upper()}",
        "test": False,
        "prepared": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "contentLanguages": ["id"],
        "sender": {"id": AGENCY, "name": "Simpul"},
    }


def _maintainable(artefact_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": artefact_id, "version": VERSION, "agencyID": AGENCY, "isExternalReference": False,
            "name": name, "names": {"id": name}, **extra}  # fmt: skip


def _codelist(artefact_id: str, name: str, codes: list[tuple[str, str]], *, partial: bool) -> dict[str, Any]:
    return _maintainable(
        artefact_id,
        name,
        isPartial=partial,
        codes=[{"id": code, "name": label, "names": {"id": label}} for code, label in codes],
    )


def region_codelist_id(cube: Cube) -> str:
    return f"CL_REGION_{sdmx_id(cube.indicator.code)}"


def classification_codelist(cls: Classification) -> dict[str, Any]:
    items = [(sdmx_id(code), label) for code, label in cls.items.values_list("code", "label")]
    return _codelist(f"CL_{sdmx_id(cls.code).upper()}", cls.name, [(TOTAL, "Total"), *items], partial=False)


def indicator_codelist(indicators: list[Indicator]) -> dict[str, Any]:
    return _codelist(
        "CL_INDICATOR", "Indikator", [(sdmx_id(i.code), i.name_id) for i in indicators], partial=True
    )


def status_codelist() -> dict[str, Any]:
    return _codelist("CL_OBS_STATUS", "Status observasi", OBS_STATUS_CODES, partial=False)


def region_codelist(cube: Cube) -> dict[str, Any]:
    name = f"Wilayah dengan data {cube.indicator.code}"
    return _codelist(region_codelist_id(cube), name, list(cube.dimensions[1].codes.items()), partial=True)


def concept_scheme(classifications: list[Classification]) -> dict[str, Any]:
    concepts = [*FIXED_CONCEPTS, *[(sdmx_id(c.code).upper(), c.name) for c in classifications]]
    return _maintainable(
        CONCEPT_SCHEME,
        "Konsep Simpul",
        isPartial=False,
        concepts=[{"id": cid, "name": name, "names": {"id": name}} for cid, name in concepts],
    )


def _codelist_id_for(cube: Cube, dim_index: int) -> str:
    dim = cube.dimensions[dim_index]
    if dim.id == "INDICATOR":
        return "CL_INDICATOR"
    if dim.id == "REGION":
        return region_codelist_id(cube)
    assert dim.classification is not None
    return f"CL_{sdmx_id(dim.classification.code).upper()}"


def data_structure(cube: Cube) -> dict[str, Any]:
    dims = [
        {
            "id": dim.id,
            "position": i,
            "conceptIdentity": urn("Concept", CONCEPT_SCHEME, dim.id),
            "localRepresentation": {"enumeration": urn("Codelist", _codelist_id_for(cube, i))},
        }
        for i, dim in enumerate(cube.dimensions)
    ]
    components = {
        "dimensionList": {
            "id": "DimensionDescriptor",
            "dimensions": dims,
            "timeDimension": {
                "id": TIME,
                "position": len(dims),
                "conceptIdentity": urn("Concept", CONCEPT_SCHEME, TIME),
                "localRepresentation": {"format": {"dataType": "ObservationalTimePeriod"}},
            },
        },
        "attributeList": {
            "id": "AttributeDescriptor",
            "attributes": [
                {
                    "id": "UNIT_MEASURE",
                    "usage": "mandatory",
                    "attributeRelationship": {"observation": {}},
                    "conceptIdentity": urn("Concept", CONCEPT_SCHEME, "UNIT_MEASURE"),
                    "localRepresentation": {"format": {"dataType": "String"}},
                },
                {
                    "id": "OBS_STATUS",
                    "usage": "mandatory",
                    "attributeRelationship": {"observation": {}},
                    "conceptIdentity": urn("Concept", CONCEPT_SCHEME, "OBS_STATUS"),
                    "localRepresentation": {"enumeration": urn("Codelist", "CL_OBS_STATUS")},
                },
            ],
        },
        "measureList": {
            "id": "MeasureDescriptor",
            "measures": [
                {
                    "id": "OBS_VALUE",
                    "usage": "mandatory",
                    "conceptIdentity": urn("Concept", CONCEPT_SCHEME, "OBS_VALUE"),
                    "localRepresentation": {"format": {"dataType": "Double"}},
                }
            ],
        },
    }
    name = f"{cube.indicator.code} {cube.indicator.name_id}"
    return _maintainable(cube.dsd_id, name, dataStructureComponents=components)


def dataflow(cube: Cube) -> dict[str, Any]:
    name = cube.indicator.name_id
    return _maintainable(cube.flow_id, name, structure=urn("DataStructure", cube.dsd_id))


def message(
    *,
    dataflows: list[dict[str, Any]] | None = None,
    data_structures: list[dict[str, Any]] | None = None,
    codelists: list[dict[str, Any]] | None = None,
    concept_schemes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if dataflows:
        data["dataflows"] = dataflows
    if data_structures:
        data["dataStructures"] = data_structures
    if codelists:
        data["codelists"] = codelists
    if concept_schemes:
        data["conceptSchemes"] = concept_schemes
    return {"meta": meta(STRUCTURE_SCHEMA), "data": data}


def full_structure(cube: Cube, *, indicators: list[Indicator], with_flow: bool) -> dict[str, Any]:
    """The DSD (and dataflow) with everything it references: codelists and the concept scheme."""
    classifications = [dim.classification for dim in cube.dimensions if dim.classification is not None]
    codelists = [indicator_codelist(indicators), region_codelist(cube), status_codelist()]
    codelists += [classification_codelist(c) for c in classifications]
    return message(
        dataflows=[dataflow(cube)] if with_flow else None,
        data_structures=[data_structure(cube)],
        codelists=codelists,
        concept_schemes=[concept_scheme(list(Classification.objects.order_by("code")))],
    )

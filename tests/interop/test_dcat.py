"""DCAT-AP catalogue and per-dataset RDF, parsed back with rdflib."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from simpul.api import dcat
from simpul.datasets.models import Dataset

from .conftest import World

pytestmark = pytest.mark.django_db
HYDRA = dcat.HYDRA
VCARD = dcat.VCARD


def parse(response: Any, fmt: str) -> Graph:
    assert response.status_code == 200, response.content[:300]
    return Graph().parse(data=response.content.decode(), format=fmt)


def slugs(g: Graph) -> set[str]:
    return {str(g.value(d, ns.DCTERMS.identifier)) for d in g.subjects(ns.RDF.type, ns.DCAT.Dataset)}


@pytest.mark.parametrize(("ext", "fmt", "media"), [("ttl", "turtle", "text/turtle"),
                                                    ("jsonld", "json-ld", "application/ld+json"),
                                                    ("rdf", "xml", "application/rdf+xml")])  # fmt: skip
def test_catalog_lists_public_datasets(world: World, client: Any, ext: str, fmt: str, media: str) -> None:
    response = client.get(f"/catalog.{ext}")
    assert response["Content-Type"].startswith(media)
    g = parse(response, fmt)
    catalog = next(g.subjects(ns.RDF.type, ns.DCAT.Catalog))
    assert slugs(g) == {"ipm-lampung", "penduduk-lampung"}
    assert set(g.objects(catalog, ns.DCAT.dataset)) == set(g.subjects(ns.RDF.type, ns.DCAT.Dataset))
    page = next(g.subjects(ns.RDF.type, HYDRA.PagedCollection))
    assert g.value(page, HYDRA.totalItems) == Literal(2)
    assert "rahasia" not in response.content.decode()


def test_catalog_not_leaking_to_token_holders_either(world: World, client: Any) -> None:
    response = client.get("/catalog.ttl", HTTP_AUTHORIZATION=f"Bearer {world.tokens['walidata']}")
    assert slugs(parse(response, "turtle")) == {"ipm-lampung", "penduduk-lampung"}


def test_catalog_paging(world: World, client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(dcat, "DATASETS_PER_PAGE", 1)
    first = parse(client.get("/catalog.ttl"), "turtle")
    page = next(first.subjects(ns.RDF.type, HYDRA.PagedCollection))
    assert first.value(page, HYDRA.itemsPerPage) == Literal(1)
    next_url = str(first.value(page, HYDRA.nextPage))
    assert next_url.endswith("/catalog.ttl?page=2")
    assert str(first.value(page, HYDRA.lastPage)).endswith("page=2")
    second = parse(client.get(next_url), "turtle")
    assert first.value(page, HYDRA.previousPage) is None
    assert slugs(first) | slugs(second) == {"ipm-lampung", "penduduk-lampung"}
    assert slugs(first) != slugs(second)
    assert client.get("/catalog.ttl?page=3").status_code == 404
    assert client.get("/catalog.ttl?page=nol").status_code == 400


def test_catalog_modified_since(world: World, client: Any) -> None:
    Dataset.objects.filter(pk=world.census.pk).update(modified_at=datetime(2020, 1, 1, tzinfo=UTC))
    g = parse(client.get("/catalog.jsonld?modified_since=2024-01-01"), "json-ld")
    assert slugs(g) == {"ipm-lampung"}
    g = parse(client.get("/catalog.jsonld?modified_since=2019-12-31T00:00:00Z"), "json-ld")
    assert slugs(g) == {"ipm-lampung", "penduduk-lampung"}
    # an ISO offset PostgreSQL itself would refuse is still an answer, not a server error
    g = parse(client.get("/catalog.jsonld?modified_since=2019-12-31T00:00:00-16:40"), "json-ld")
    assert slugs(g) == {"ipm-lampung", "penduduk-lampung"}
    response = client.get("/catalog.jsonld?modified_since=kemarin")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_dataset_rdf(world: World, client: Any) -> None:
    g = parse(client.get("/dataset/ipm-lampung.ttl"), "turtle")
    (ds,) = g.subjects(ns.RDF.type, ns.DCAT.Dataset)
    assert str(ds).endswith("/satu-data/dataset/ipm-lampung/")
    assert g.value(ds, ns.DCTERMS.title) == Literal("Indeks Pembangunan Manusia Lampung", lang="id")
    assert {str(k) for k in g.objects(ds, ns.DCAT.keyword)} == {"ipm", "pembangunan manusia", "Kesehatan"}
    assert g.value(ds, ns.DCTERMS.accrualPeriodicity) == dcat.EU_FREQ.ANNUAL
    publisher = g.value(ds, ns.DCTERMS.publisher)
    assert str(g.value(publisher, ns.FOAF.name)) == "Dinas Kesehatan Provinsi Lampung"
    contact = g.value(ds, ns.DCAT.contactPoint)
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:statistik@example.go.id")
    temporal = g.value(ds, ns.DCTERMS.temporal)
    assert str(g.value(temporal, ns.DCAT.startDate)) == "2022"
    dists = list(g.objects(ds, ns.DCAT.distribution))
    formats = {str(g.value(d, ns.DCTERMS["format"])).rsplit("/", 1)[-1] for d in dists}
    assert formats == {"CSV", "JSON", "XLSX", "PDF"}
    urls = {str(g.value(d, ns.DCAT.downloadURL)) for d in dists}
    assert "http://testserver/satu-data/dataset/ipm-lampung/unduh.csv" in urls
    cc_by = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert all(g.value(d, ns.DCTERMS.license) == cc_by for d in dists)


def test_dataset_rdf_visibility(world: World, client: Any) -> None:
    assert client.get("/dataset/rahasia-internal.ttl").status_code == 404
    assert client.get("/dataset/tidak-ada.ttl").status_code == 404
    assert client.get("/dataset/ipm-lampung.exe").status_code == 404
    token = world.tokens["produsen"]
    g = parse(client.get("/dataset/rahasia-internal.jsonld", HTTP_AUTHORIZATION=f"Bearer {token}"), "json-ld")
    assert slugs(g) == {"rahasia-internal"}
    response = client.get("/dataset/dikecualikan-kominfo.ttl", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404

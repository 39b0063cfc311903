"""DCAT-AP output, generated with rdflib: the public catalogue (`/catalog.{jsonld,ttl,rdf,xml}`, paged with
Hydra as ckanext-dcat does, filterable with `modified_since`) and one dataset (`/dataset/<slug>.{fmt}`).

The catalogue lists only what an anonymous visitor may see; a dataset's own RDF follows the caller's
visibility (a Bearer token may unlock it). Both go through `simpul.datasets.selectors`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from simpul.datasets.models import Dataset, Licence
from simpul.datasets.selectors import dataset_get, datasets_visible_to
from simpul.standards.models import Periodicity

from .errors import error_response
from .instants import parse_instant

DATASETS_PER_PAGE = 100
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU_FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_FILE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANG = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")

FORMATS = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
}
FREQUENCY: dict[str, URIRef] = {
    Periodicity.TAHUNAN: EU_FREQ.ANNUAL,
    Periodicity.SEMESTERAN: EU_FREQ.ANNUAL_2,
    Periodicity.TRIWULANAN: EU_FREQ.QUARTERLY,
    Periodicity.BULANAN: EU_FREQ.MONTHLY,
}
LICENCE_URI: dict[str, str] = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = (("csv", "CSV", "text/csv"), ("json", "JSON", "application/json"), ("xlsx", "XLSX", XLSX_TYPE))
CONTEXT = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD),
           "hydra": str(HYDRA), "skos": str(SKOS), "xsd": str(XSD)}  # fmt: skip


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("hydra", HYDRA),
                       ("skos", SKOS), ("adms", ADMS)):  # fmt: skip
        g.bind(prefix, ns)
    return g


def _stamp(value: datetime) -> Literal:
    return Literal(value.astimezone(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def _period(text: str) -> Literal:
    if len(text) == 4 and text.isdigit():
        return Literal(text, datatype=XSD.gYear)
    if len(text) == 7 and text[4] == "-" and text[5:].isdigit():
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text)


def dataset_uri(request: HttpRequest, dataset: Dataset) -> URIRef:
    return URIRef(request.build_absolute_uri(reverse("datasets:detail", kwargs={"slug": dataset.slug})))


def add_dataset(g: Graph, request: HttpRequest, dataset: Dataset) -> URIRef:
    """The dataset's DCAT-AP description, with its downloads and files as distributions."""
    uri = dataset_uri(request, dataset)
    g.add((uri, RDF.type, DCAT.Dataset))
    g.add((uri, DCTERMS.identifier, Literal(dataset.slug)))
    g.add((uri, DCTERMS.title, Literal(dataset.title, lang="id")))
    g.add((uri, DCTERMS.description, Literal(dataset.description or dataset.title, lang="id")))
    g.add((uri, DCAT.landingPage, uri))
    g.add((uri, DCTERMS.issued, _stamp(dataset.created_at)))
    g.add((uri, DCTERMS.modified, _stamp(dataset.modified_at)))
    g.add((uri, DCTERMS.language, EU_LANG.IND))
    g.add((uri, DCTERMS.accessRights, Literal(dataset.access)))
    for tag in dataset.tags or []:
        if str(tag).strip():
            g.add((uri, DCAT.keyword, Literal(str(tag), lang="id")))
    if dataset.topic:
        g.add((uri, DCAT.keyword, Literal(dataset.topic, lang="id")))
    if dataset.update_schedule in FREQUENCY:
        g.add((uri, DCTERMS.accrualPeriodicity, FREQUENCY[dataset.update_schedule]))
    producer = dataset.producer
    agent = URIRef(request.build_absolute_uri(f"/organisasi/{producer.slug}"))
    g.add((uri, DCTERMS.publisher, agent))
    g.add((agent, RDF.type, FOAF.Organization))
    g.add((agent, FOAF.name, Literal(producer.name, lang="id")))
    g.add((agent, DCTERMS.identifier, Literal(producer.slug)))
    if dataset.contact_name or dataset.contact_email:
        contact = BNode()
        g.add((uri, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(dataset.contact_name or producer.name)))
        if dataset.contact_email:
            g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        g.add((uri, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            g.add((period, DCAT.startDate, _period(dataset.temporal_start)))
        if dataset.temporal_end:
            g.add((period, DCAT.endDate, _period(dataset.temporal_end)))
    if dataset.spatial_coverage_id:
        place = BNode()
        g.add((uri, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
        g.add((place, DCTERMS.identifier, Literal(dataset.spatial_coverage_id)))
        g.add(
            (
                place,
                SKOS.prefLabel,
                Literal(dataset.spatial_coverage.name if dataset.spatial_coverage else ""),
            )
        )
    licence = LICENCE_URI.get(dataset.licence)
    for fmt, name, media in DOWNLOADS:
        path = reverse("datasets:download", kwargs={"slug": dataset.slug, "fmt": fmt})
        url = URIRef(request.build_absolute_uri(path))
        dist = URIRef(f"{uri}#distribusi-{fmt}")
        g.add((uri, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{dataset.title} ({name})", lang="id")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS["format"], EU_FILE[name]))
        g.add((dist, DCAT.mediaType, IANA[media]))
        if licence:
            g.add((dist, DCTERMS.license, URIRef(licence)))
    for resource in dataset.resources.all():
        dist = URIRef(f"{uri}#berkas-{resource.pk}")
        url = URIRef(request.build_absolute_uri(resource.get_absolute_url())) if resource.file else uri
        g.add((uri, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(resource.title, lang="id")))
        if resource.description:
            g.add((dist, DCTERMS.description, Literal(resource.description, lang="id")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        if resource.format:
            g.add((dist, DCTERMS["format"], EU_FILE[resource.format.upper()]))
        if resource.size:
            g.add((dist, DCAT.byteSize, Literal(resource.size, datatype=XSD.nonNegativeInteger)))
        if licence:
            g.add((dist, DCTERMS.license, URIRef(licence)))
    return uri


def _render(g: Graph, fmt: str) -> HttpResponse:
    rdf_format, media = FORMATS[fmt]
    if rdf_format == "json-ld":
        body = g.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    else:
        body = g.serialize(format=rdf_format)
    return HttpResponse(body, content_type=f"{media}; charset=utf-8")


def catalog(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public catalogue, one page of DATASETS_PER_PAGE datasets, newest change first."""
    if fmt not in FORMATS:
        raise Http404
    qs = datasets_visible_to(AnonymousUser()).select_related("producer", "spatial_coverage")
    raw_since = request.GET.get("modified_since", "").strip()
    if raw_since:
        try:
            qs = qs.filter(modified_at__gte=parse_instant(raw_since))
        except ValueError:
            return error_response(400, "invalid", _("modified_since harus tanggal atau waktu ISO 8601."))
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    if page < 1:
        return error_response(400, "invalid", _("page harus bilangan bulat >= 1."))
    total = qs.count()
    last = max(1, -(-total // DATASETS_PER_PAGE))
    if page > last:
        return error_response(404, "not_found", _("Halaman katalog tidak ada."))
    rows = list(
        qs.order_by("-modified_at", "slug").prefetch_related("resources")[
            (page - 1) * DATASETS_PER_PAGE : page * DATASETS_PER_PAGE
        ]
    )
    g = _graph()
    base = request.build_absolute_uri("/")
    cat = URIRef(base)
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal(_("Katalog Satu Data"), lang="id")))
    g.add((cat, DCTERMS.description, Literal(_("Katalog data terbuka pemerintah daerah."), lang="id")))
    g.add((cat, FOAF.homepage, cat))
    g.add((cat, DCTERMS.language, EU_LANG.IND))
    for dataset in rows:
        g.add((cat, DCAT.dataset, add_dataset(g, request, dataset)))
    _paging(g, request, fmt, page=page, last=last, total=total)
    return _render(g, fmt)


def _paging(g: Graph, request: HttpRequest, fmt: str, *, page: int, last: int, total: int) -> None:
    """A Hydra PagedCollection, as ckanext-dcat writes it (page links as literals)."""
    params = request.GET.copy()

    def link(number: int) -> Literal:
        params["page"] = str(number)
        return Literal(request.build_absolute_uri(f"{request.path}?{params.urlencode()}"))

    collection = URIRef(str(link(page)))
    g.add((collection, RDF.type, HYDRA.PagedCollection))
    g.add((collection, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    g.add((collection, HYDRA.itemsPerPage, Literal(DATASETS_PER_PAGE, datatype=XSD.integer)))
    g.add((collection, HYDRA.firstPage, link(1)))
    g.add((collection, HYDRA.lastPage, link(last)))
    if page < last:
        g.add((collection, HYDRA.nextPage, link(page + 1)))
    if page > 1:
        g.add((collection, HYDRA.previousPage, link(page - 1)))


def dataset_rdf(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    dataset: Any = dataset_get(slug=slug, user=request.user)
    if dataset is None:
        return error_response(404, "not_found", _("Dataset tidak ditemukan."))
    g = _graph()
    add_dataset(g, request, dataset)
    return _render(g, fmt)

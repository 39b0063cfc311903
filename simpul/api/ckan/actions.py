"""The read actions. Each takes a Call and returns the `result` value, or raises a CkanError."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from simpul.datasets.models import Dataset, Resource
from simpul.organizations.models import Organization

from . import datastore, ids, search
from .dicts import (
    datastore_resource_dict,
    file_resource_dict,
    group_dict,
    group_name,
    organization_dict,
    package_dict,
)
from .errors import NotFound, ValidationError
from .params import as_bool, as_int, as_list, as_str
from .visibility import public_datasets, visible_datasets

ROWS_MAX = 1000
API_VERSION = 3
CKAN_VERSION = "2.11.0"  # the CKAN API level this adapter follows


@dataclass
class Call:
    request: HttpRequest
    params: dict[str, Any]
    user: Any
    entitled: bool  # authenticated with an API token
    _public_ids: set[int] | None = field(default=None, repr=False)

    def packages(self, datasets: list[Dataset]) -> list[dict[str, Any]]:
        public = set(public_datasets().filter(pk__in=[d.pk for d in datasets]).values_list("pk", flat=True))
        return [package_dict(self.request, d, private=d.pk not in public) for d in datasets]


ACTIONS: dict[str, Callable[[Call], Any]] = {}


def action(fn: Callable[[Call], Any]) -> Callable[[Call], Any]:
    ACTIONS[fn.__name__] = fn
    return fn


def _required(call: Call, name: str) -> str:
    value = as_str(call.params, name).strip()
    if not value:
        raise ValidationError({name: [_("Wajib diisi.")]})
    return value


def _with_details(qs: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return qs.select_related("producer").prefetch_related("resources")


def _dataset(call: Call, ref: str) -> Dataset:
    """A dataset the caller may see, by name (slug) or package id; 404 for anything else."""
    qs = _with_details(visible_datasets(call.user))
    parsed = ids.parse(ref)
    found = (
        qs.filter(pk=parsed[1]).first()
        if parsed and parsed[0] == ids.PACKAGE
        else qs.filter(slug=ref).first()
    )
    if found is None:
        raise NotFound(_("Dataset tidak ditemukan."))
    return found


@action
def status_show(call: Call) -> dict[str, Any]:
    """Site information: title, URL, CKAN API level, and the adapters present."""
    return {
        "site_title": _("Simpul Satu Data"),
        "site_description": _("Portal Satu Data pemerintah daerah."),
        "site_url": call.request.build_absolute_uri("/").rstrip("/"),
        "ckan_version": CKAN_VERSION,
        "api_version": API_VERSION,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["datastore", "dcat"],
    }


@action
def help_show(call: Call) -> str:
    """The documentation of an action (`name`)."""
    name = _required(call, "name")
    fn = ACTIONS.get(name)
    if fn is None:
        raise NotFound(_("Aksi tidak dikenal: {name}").format(name=name))
    return fn.__doc__ or ""


@action
def package_list(call: Call) -> list[str]:
    """Names of the public datasets, ordered by name (`limit`, `offset`)."""
    limit = as_int(call.params, "limit", None)
    offset = as_int(call.params, "offset", 0) or 0
    names = public_datasets().order_by("slug").values_list("slug", flat=True)
    return list(names[offset : offset + limit] if limit is not None else names[offset:])


@action
def current_package_list_with_resources(call: Call) -> list[dict[str, Any]]:
    """Public datasets with their resources, most recently modified first (`limit`, `offset`)."""
    limit = as_int(call.params, "limit", None)
    offset = as_int(call.params, "offset", 0) or 0
    qs = _with_details(public_datasets()).order_by("-modified_at", "slug")
    page = qs[offset : offset + limit] if limit is not None else qs[offset:]
    return call.packages(list(page))


@action
def package_show(call: Call) -> dict[str, Any]:
    """One dataset (`id`: its name or id) with its resources, if the caller may see it."""
    dataset = _dataset(call, _required(call, "id"))
    return call.packages([dataset])[0]


@action
def package_search(call: Call) -> dict[str, Any]:
    """Search datasets: q, fq, fq_list, rows (<= 1000), start, sort, facet.field, facet.limit,
    facet.mincount, include_private (a token's entitled user only)."""
    params = call.params
    rows = as_int(params, "rows", 10, maximum=ROWS_MAX)
    start = as_int(params, "start", 0) or 0
    include_private = as_bool(params, "include_private", False) and call.entitled
    base = visible_datasets(call.user) if include_private else public_datasets()
    query = search.Query(base)
    condition = query.clauses(as_str(params, "q"), free_text=True)
    for fq in [as_str(params, "fq"), *as_list(params, "fq_list")]:
        condition &= query.clauses(fq, free_text=False)
    matching = base.filter(condition)
    sort = as_str(params, "sort") or "score desc, metadata_modified desc"
    ordering = search.order(sort)
    count = matching.count()
    # Sort the narrow rows, then load the page's datasets with their details (sorting whole rows with
    # descriptions over thousands of matches was most of a search's time).
    ids = list(matching.order_by(*ordering).values_list("pk", flat=True)[start : start + (rows or 0)])
    found = _with_details(Dataset.objects.filter(pk__in=ids)).in_bulk()
    page = [found[pk] for pk in ids]
    facet_fields = as_list(params, "facet.field") if as_bool(params, "facet", True) else []
    counts = search.facets(
        matching,
        facet_fields,
        limit=as_int(params, "facet.limit", 50, minimum=-1) or 0,
        mincount=as_int(params, "facet.mincount", 1) or 0,
    )
    titles = _facet_titles(counts)
    return {
        "count": count,
        "sort": sort,
        "results": call.packages(page),
        "facets": {f: dict(c) for f, c in counts.items()},
        "search_facets": {
            f: {
                "title": search.FACET_TITLES[f],
                "items": [
                    {"name": name, "display_name": titles.get((f, name), name), "count": n}
                    for name, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
            }
            for f, c in counts.items()
        },
    }


def _facet_titles(counts: dict[str, Counter[str]]) -> dict[tuple[str, str], str]:
    titles: dict[tuple[str, str], str] = {}
    if "organization" in counts:
        for slug, name in Organization.objects.filter(slug__in=list(counts["organization"])).values_list(
            "slug", "name"
        ):
            titles[("organization", slug)] = name
    return titles


@action
def resource_show(call: Call) -> dict[str, Any]:
    """One resource (`id`): a file of a dataset, or a dataset's DataStore table."""
    ref = _required(call, "id")
    parsed = ids.parse(ref)
    if parsed is None or parsed[0] not in (ids.RESOURCE, ids.DATASTORE):
        raise NotFound(_("Sumber daya tidak ditemukan."))
    kind, pk = parsed
    visible = _with_details(visible_datasets(call.user))
    if kind == ids.DATASTORE:
        dataset = visible.filter(pk=pk).first()
        if dataset is None:
            raise NotFound(_("Sumber daya tidak ditemukan."))
        return datastore_resource_dict(call.request, dataset)
    resource = (
        Resource.objects.filter(pk=pk, dataset__in=visible.values("pk")).select_related("dataset").first()
    )
    if resource is None:
        raise NotFound(_("Sumber daya tidak ditemukan."))
    files = sorted(resource.dataset.resources.all(), key=lambda r: (r.title, r.pk))
    position = next(i for i, r in enumerate(files, start=1) if r.pk == resource.pk)
    return file_resource_dict(call.request, resource, resource.dataset, position)


@action
def datastore_search(call: Call) -> dict[str, Any]:
    """Rows of a dataset's published observations: resource_id (the DataStore resource id, or the dataset's
    name as an alias), filters, q, limit (<= 32000), offset, fields, sort, include_total."""
    ref = as_str(call.params, "resource_id").strip() or as_str(call.params, "id").strip()
    if not ref:
        raise ValidationError({"resource_id": [_("Wajib diisi.")]})
    parsed = ids.parse(ref)
    qs = visible_datasets(call.user)
    if parsed is not None:
        dataset = qs.filter(pk=parsed[1]).first() if parsed[0] == ids.DATASTORE else None
    else:
        dataset = qs.filter(slug=ref).first()
    if dataset is None:
        raise NotFound(_("Sumber daya tidak ditemukan."))
    return datastore.search(dataset, ids.make(ids.DATASTORE, dataset.pk), call.params, call.user)


def _paged_names(call: Call, items: list[dict[str, Any]], *, default_sort: str = "title asc") -> Any:
    sort = as_str(call.params, "sort") or default_sort
    bits = sort.split()
    key, direction = bits[0], (bits[1].lower() if len(bits) > 1 else "asc")
    if key not in ("name", "title", "package_count") or direction not in ("asc", "desc"):
        raise ValidationError({"sort": [_("Urutan tidak sah: {sort}").format(sort=sort)]})
    items.sort(key=lambda d: (d[key], d["name"]), reverse=direction == "desc")
    all_fields = as_bool(call.params, "all_fields", False)
    limit = as_int(call.params, "limit", 25 if all_fields else 1000)
    offset = as_int(call.params, "offset", 0) or 0
    page = items[offset : offset + (limit or 0)]
    return page if all_fields else [d["name"] for d in page]


@action
def organization_list(call: Call) -> Any:
    """Producers (organizations): sort (name, title, package_count), limit, offset, all_fields,
    organizations (names to keep). Counts are of public datasets."""
    counts = dict(public_datasets().values_list("producer_id").annotate(n=Count("pk")).order_by())
    wanted = as_list(call.params, "organizations")
    orgs = Organization.objects.all()
    if wanted:
        orgs = orgs.filter(slug__in=wanted)
    items = [organization_dict(o, package_count=counts.get(o.pk, 0)) for o in orgs]
    return _paged_names(call, items)


def _organization(ref: str) -> Organization:
    parsed = ids.parse(ref)
    if parsed is not None and parsed[0] == ids.ORGANIZATION:
        org = Organization.objects.filter(pk=parsed[1]).first()
    else:
        org = Organization.objects.filter(slug=ref).first()
    if org is None:
        raise NotFound(_("Organisasi tidak ditemukan."))
    return org


@action
def organization_show(call: Call) -> dict[str, Any]:
    """One organization (`id`: name or id), with `include_datasets` (the caller may see them)."""
    org = _organization(_required(call, "id"))
    visible = visible_datasets(call.user).filter(producer=org)
    data = organization_dict(org, package_count=visible.count())
    if as_bool(call.params, "include_datasets", False):
        data["packages"] = call.packages(list(_with_details(visible).order_by("slug")[:ROWS_MAX]))
    data["users"] = []
    return data


def _topics(qs: QuerySet[Dataset]) -> dict[str, tuple[str, int]]:
    """group name -> (title, number of datasets)"""
    out: dict[str, tuple[str, int]] = {}
    for row in qs.exclude(topic="").values("topic").annotate(n=Count("pk")).order_by("topic"):
        name = group_name(row["topic"])
        title, n = out.get(name, (row["topic"], 0))
        out[name] = (title, n + row["n"])
    return out


@action
def group_list(call: Call) -> Any:
    """Topics of the public datasets as CKAN groups: sort, limit, offset, all_fields, groups."""
    wanted = set(as_list(call.params, "groups"))
    items = [
        group_dict(title, package_count=n)
        for name, (title, n) in _topics(public_datasets()).items()
        if not wanted or name in wanted
    ]
    return _paged_names(call, items)


@action
def group_show(call: Call) -> dict[str, Any]:
    """One topic (`id`: its name) with `include_datasets` (the caller may see them)."""
    ref = _required(call, "id")
    visible = visible_datasets(call.user)
    topics = _topics(visible)
    if ref not in topics:
        raise NotFound(_("Grup tidak ditemukan."))
    title, n = topics[ref]
    data = group_dict(title, package_count=n)
    if as_bool(call.params, "include_datasets", False):
        members = visible.filter(topic__in=[t for t in visible.values_list("topic", flat=True).distinct()
                                            if group_name(t) == ref])  # fmt: skip
        data["packages"] = call.packages(list(_with_details(members).order_by("slug")[:ROWS_MAX]))
    data["users"] = []
    return data


@action
def tag_list(call: Call) -> Any:
    """Tags of the public datasets, sorted: `query` (substring), `all_fields`."""
    needle = as_str(call.params, "query").lower()
    names: set[str] = set()
    for tags in public_datasets().values_list("tags", flat=True):
        names.update(str(t) for t in tags or [] if str(t).strip())
    found = sorted(n for n in names if needle in n.lower())
    if as_bool(call.params, "all_fields", False):
        return [{"id": n, "name": n, "display_name": n, "vocabulary_id": None} for n in found]
    return found


__all__ = ["ACTIONS", "Call", "Q"]

"""Simpul objects as CKAN dicts (package, resource, organization, group, tag)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.datasets.models import Dataset, Licence, Resource
from simpul.organizations.models import Organization

from . import ids

# CKAN's default licence register ids for Simpul's licences: (id, title, url, open)
LICENCES: dict[str, tuple[str, str, str, bool]] = {
    Licence.CC_BY_4: ("cc-by", "Creative Commons Attribution", "https://creativecommons.org/licenses/by/4.0/",
                      True),
    Licence.CC0: ("cc-zero", "Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/",
                  True),
    Licence.ODBL: ("odc-odbl", "Open Data Commons Open Database License (ODbL)",
                   "https://opendatacommons.org/licenses/odbl/1-0/", True),
    Licence.OTHER: ("notspecified", "License not specified", "", False),
}  # fmt: skip

DATASTORE_FIELDS = [
    ("_id", "int"),
    ("indikator", "text"),
    ("nama_indikator", "text"),
    ("wilayah", "text"),
    ("nama_wilayah", "text"),
    ("periode", "text"),
    ("disagregasi", "text"),
    ("nilai", "numeric"),
    ("satuan", "text"),
    ("status", "text"),
]


def timestamp(value: datetime | None) -> str | None:
    """CKAN's form: ISO 8601 in UTC without an offset."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat()


def group_name(topic: str) -> str:
    return slugify(topic) or "lainnya"


def tag_dicts(tags: list[Any]) -> list[dict[str, Any]]:
    return [
        {"name": str(t), "display_name": str(t), "state": "active", "vocabulary_id": None}
        for t in tags
        if str(t).strip()
    ]


def group_dict(topic: str, *, package_count: int | None = None) -> dict[str, Any]:
    name = group_name(topic)
    data: dict[str, Any] = {
        "id": name,
        "name": name,
        "title": topic,
        "display_name": topic,
        "description": "",
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "image_display_url": "",
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def organization_dict(org: Organization, *, package_count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ids.make(ids.ORGANIZATION, org.pk),
        "name": org.slug,
        "title": org.name,
        "display_name": org.name,
        "description": org.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "created": timestamp(org.created_at),
        "image_url": "",
        "image_display_url": "",
        "extras": [
            {"key": "kind", "value": org.kind},
            {"key": "region_code", "value": org.region_id},
        ],
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def file_resource_dict(
    request: HttpRequest, resource: Resource, dataset: Dataset, position: int
) -> dict[str, Any]:
    url = request.build_absolute_uri(resource.get_absolute_url()) if resource.file else ""
    return {
        "id": ids.make(ids.RESOURCE, resource.pk),
        "package_id": ids.make(ids.PACKAGE, dataset.pk),
        "name": resource.title,
        "description": resource.description,
        "url": url,
        "url_type": "upload",
        "format": (resource.format or "").upper(),
        "mimetype": None,
        "size": resource.size,
        "hash": f"sha256:{resource.sha256}" if resource.sha256 else "",
        "created": timestamp(resource.created_at),
        "last_modified": timestamp(resource.created_at),
        "position": position,
        "state": "active",
        "resource_type": None,
        "datastore_active": False,
    }


def datastore_resource_dict(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    """The dataset's observation table as a DataStore resource (its CSV download is the resource URL)."""
    url = request.build_absolute_uri(
        reverse("datasets:download", kwargs={"slug": dataset.slug, "fmt": "csv"})
    )
    return {
        "id": ids.make(ids.DATASTORE, dataset.pk),
        "package_id": ids.make(ids.PACKAGE, dataset.pk),
        "name": _("{title} (tabel data)").format(title=dataset.title),
        "description": _("Nilai terpublikasi: indikator x wilayah x periode x disagregasi."),
        "url": url,
        "url_type": "datastore",
        "format": "CSV",
        "mimetype": "text/csv",
        "size": None,
        "hash": "",
        "created": timestamp(dataset.created_at),
        "last_modified": timestamp(dataset.modified_at),
        "position": 0,
        "state": "active",
        "resource_type": "datastore",
        "datastore_active": True,
    }


def resource_dicts(request: HttpRequest, dataset: Dataset) -> list[dict[str, Any]]:
    files = sorted(dataset.resources.all(), key=lambda r: (r.title, r.pk))
    return [datastore_resource_dict(request, dataset)] + [
        file_resource_dict(request, r, dataset, position) for position, r in enumerate(files, start=1)
    ]


def package_dict(request: HttpRequest, dataset: Dataset, *, private: bool) -> dict[str, Any]:
    licence_id, licence_title, licence_url, is_open = LICENCES.get(dataset.licence, LICENCES[Licence.OTHER])
    tags = tag_dicts(list(dataset.tags or []))
    resources = resource_dicts(request, dataset)
    groups = [group_dict(dataset.topic)] if dataset.topic else []
    landing = request.build_absolute_uri(reverse("datasets:detail", kwargs={"slug": dataset.slug}))
    extras = {
        "access_level": dataset.access,
        "update_schedule": dataset.update_schedule,
        "temporal_start": dataset.temporal_start,
        "temporal_end": dataset.temporal_end,
        "spatial_code": dataset.spatial_coverage_id or "",
        "topic": dataset.topic,
    }
    return {
        "id": ids.make(ids.PACKAGE, dataset.pk),
        "name": dataset.slug,
        "title": dataset.title,
        "notes": dataset.description,
        "type": "dataset",
        "state": "active",
        "private": private,
        "url": landing,
        "version": None,
        "author": dataset.producer.name,
        "author_email": None,
        "maintainer": dataset.contact_name or None,
        "maintainer_email": dataset.contact_email or None,
        "license_id": licence_id,
        "license_title": licence_title,
        "license_url": licence_url,
        "isopen": is_open,
        "owner_org": ids.make(ids.ORGANIZATION, dataset.producer_id),
        "organization": organization_dict(dataset.producer),
        "metadata_created": timestamp(dataset.created_at),
        "metadata_modified": timestamp(dataset.modified_at),
        "creator_user_id": None,
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": tags,
        "groups": groups,
        "resources": resources,
        "extras": [{"key": k, "value": v} for k, v in extras.items() if v],
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }

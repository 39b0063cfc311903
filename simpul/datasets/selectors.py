"""Reads of datasets and observations, applying the caller's visibility."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from simpul.organizations.choices import Role
from simpul.organizations.permissions import has_role, is_admin, organizations_with_role, roles_of

from .models import AccessLevel, Dataset, Observation

STAFF_ROLES = (Role.WALIDATA, Role.WALIDATA_PENDUKUNG, Role.PEMBINA, Role.PIMPINAN)


def datasets_visible_to(user: Any) -> QuerySet[Dataset]:
    """Public datasets for everyone; internal ones for government users; excluded ones for their producer,
    walidata and admins."""
    qs = Dataset.objects.select_related("producer")
    if is_admin(user) or has_role(user, Role.WALIDATA):
        return qs
    if not roles_of(user):  # anonymous, or signed in without a role anywhere: not a government user
        return qs.filter(access=AccessLevel.PUBLIC)
    own = organizations_with_role(user, Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)
    return qs.filter(Q(access__in=[AccessLevel.PUBLIC, AccessLevel.INTERNAL]) | Q(producer_id__in=own))


def dataset_get(*, slug: str, user: Any) -> Dataset | None:
    return datasets_visible_to(user).filter(slug=slug).first()


def observations_as_of(
    *,
    dataset: Dataset,
    at: datetime | None = None,
    producer_id: int | None = None,
    indicator_ids: list[int] | None = None,
) -> QuerySet[Observation]:
    """The values in force at `at` (now when None): valid_from <= at < valid_to."""
    qs = Observation.objects.filter(dataset=dataset)
    if at is None:
        qs = qs.filter(valid_to__isnull=True)
    else:
        qs = qs.filter(valid_from__lte=at).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
    if producer_id is not None:
        qs = qs.filter(producer_id=producer_id)
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=indicator_ids)
    return qs


def observation_history(
    *, dataset: Dataset, indicator_id: int, region_id: str, period: str, disagg: str = ""
) -> QuerySet[Observation]:
    """Every revision of one cell, oldest first."""
    return Observation.objects.filter(
        dataset=dataset, indicator_id=indicator_id, region_id=region_id, period=period, disagg=disagg
    ).order_by("valid_from", "id")


def public_observations(
    *,
    user: Any = None,
    as_of: datetime | None = None,
    updated_after: datetime | None = None,
    dataset: Dataset | None = None,
    indicator_ids: list[int] | None = None,
    region_ids: list[str] | None = None,
    period: str | None = None,
) -> QuerySet[Observation]:
    """THE source of "which published values may this caller see" (portal, API, CKAN/DCAT/SDMX adapters).

    Per dataset x producer x cell, the latest revision *published* at `as_of` (now when None), from the
    datasets `user` may see (anonymous: public datasets only). A correction uploaded after publication
    stays invisible here until the walidata publishes it; the earlier published revision is served
    meanwhile, and stays readable with `as_of`. `updated_after` keeps only revisions published after it
    (incremental sync). Every producer's value is returned; `simpul.reconcile.selectors.official_values`
    picks the one official number per cell.
    """
    # The latest published revision at a moment: published by then, and not yet replaced by a later
    # published one (`published_until`, kept by datasets.publication).
    if as_of is None:
        latest = Q(published_at__isnull=False, published_until__isnull=True)
    else:
        latest = Q(published_at__lte=as_of) & (Q(published_until__isnull=True) | Q(published_until__gt=as_of))
    # Visibility per row's dataset (a primary-key probe), not an IN-list of every visible dataset: the
    # catalogue may hold tens of thousands of datasets while a call returns a few rows.
    visible = datasets_visible_to(user).filter(pk=OuterRef("dataset_id"))
    qs = Observation.objects.filter(latest, Exists(visible))
    if updated_after is not None:
        qs = qs.filter(published_at__gt=updated_after)
    if dataset is not None:
        qs = qs.filter(dataset=dataset)
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=indicator_ids)
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    if period is not None:
        qs = qs.filter(period=period)
    return qs


def may_see_unpublished(user: Any, dataset: Dataset) -> bool:
    """The dataset's own producer (produsen, walidata pendukung), walidata and admins see values before
    publication; everyone else sees published values only."""
    if is_admin(user) or has_role(user, Role.WALIDATA):
        return True
    return dataset.producer_id in organizations_with_role(user, Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)


def dataset_values(*, dataset: Dataset, user: Any) -> QuerySet[Observation]:
    """What the dataset page, its preview and its downloads show to `user`."""
    if may_see_unpublished(user, dataset):
        return observations_as_of(dataset=dataset)
    return public_observations(user=user, dataset=dataset)

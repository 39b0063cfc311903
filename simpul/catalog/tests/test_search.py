from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from simpul.catalog import search
from simpul.catalog.selectors import Filters, search_datasets
from simpul.datasets.models import Dataset

pytestmark = pytest.mark.django_db


def slugs(result: Any) -> list[str]:
    return [d.slug for d in result.datasets]


def run(user: Any = None, **kw: Any) -> Any:
    return search_datasets(user=user or AnonymousUser(), filters=Filters(**kw))


def test_full_text_over_title_description_tags_and_indicator_names(catalog_data: dict[str, Any]) -> None:
    assert slugs(run(q="penduduk")) == ["penduduk-lampung"]
    assert slugs(run(q="demografi")) == ["penduduk-lampung"]  # a tag
    assert slugs(run(q="proyeksi")) == ["penduduk-lampung"]  # description
    assert slugs(run(q="Human Development")) == ["ipm-lampung"]  # English indicator name
    assert slugs(run(q="pembangunan manusia")) == ["ipm-lampung"]
    assert slugs(run(q="pendud")) == ["penduduk-lampung"]  # prefix of a word
    assert slugs(run(q="PENDUDUK lampung")) == ["penduduk-lampung"]  # case, every word must match
    assert slugs(run(q="penduduk gajah")) == []


def test_query_syntax_characters_are_plain_text(catalog_data: dict[str, Any]) -> None:
    for q in ['"', "penduduk AND", "NEAR(", "*", "a:*|!", "'; drop table", "penduduk)", "-ipm", "ñ\u00e9"]:
        run(q=q)  # no database error


def test_no_leak_of_internal_or_excluded_datasets_in_results_or_facets(catalog_data: dict[str, Any]) -> None:
    everything = run()
    assert sorted(slugs(everything)) == ["ipm-lampung", "penduduk-lampung"]
    assert run(q="senjata").total == 0
    assert run(q="miskin").total == 0
    facet_values = {v.value for values in everything.facets.values() for v in values}
    for secret in ("Topik Internal", "Topik Dikecualikan", "tagrahasia", "byname", "1999", "1998",
                   "diskominfo-lampung", "dinkes-lampung"):  # fmt: skip
        assert secret not in facet_values
    assert everything.facets["organization"][0].count == 2  # only the two public BPS datasets


def test_government_user_sees_internal_dataset(
    catalog_data: dict[str, Any], make_user: Any, orgs: Any
) -> None:
    user = make_user("opd", (orgs["dinkes"], "produsen"))
    assert slugs(run(user, q="senjata")) == ["internal-gudang"]
    assert slugs(run(user, q="miskin")) == ["dikecualikan-x"]  # its own producer


def test_facets_filter_and_count(catalog_data: dict[str, Any]) -> None:
    result = run()
    topics = {v.value: v.count for v in result.facets["topic"]}
    assert topics == {"Kependudukan": 1, "Pembangunan manusia": 1}
    years = {v.value: v.count for v in result.facets["year"]}
    assert years == {"2021": 1, "2022": 1, "2023": 2}
    assert {v.value: v.count for v in result.facets["format"]} == {"XLSX": 1}
    assert slugs(run(year=2021)) == ["penduduk-lampung"]
    assert slugs(run(topic="Pembangunan manusia")) == ["ipm-lampung"]
    assert slugs(run(format="xlsx")) == ["penduduk-lampung"]
    assert slugs(run(tag="ipm")) == ["ipm-lampung"]
    assert slugs(run(region="18")) == ["ipm-lampung", "penduduk-lampung"]
    assert run(organization="bps-lampung").total == 2
    filtered = run(topic="Kependudukan")
    assert {v.value for v in filtered.facets["topic"]} == {"Kependudukan"}


def test_sorting_and_pagination(catalog_data: dict[str, Any], orgs: Any) -> None:
    for i in range(25):
        Dataset.objects.create(slug=f"extra-{i:02d}", title=f"Tambahan {i:02d}", producer=orgs["bps"])
    first = run(sort="title", per_page=10)
    assert first.total == 27
    assert first.pages == 3
    assert len(first.datasets) == 10
    third = run(sort="title", per_page=10, page=3)
    assert len(third.datasets) == 7
    seen = [*slugs(first), *slugs(run(sort="title", per_page=10, page=2)), *slugs(third)]
    assert len(set(seen)) == 27
    titles = [d.title.lower() for d in first.datasets]
    assert titles == sorted(titles)
    newest = run(sort="-modified", per_page=1)
    assert newest.datasets[0].slug == "extra-24"
    assert run(sort="title", per_page=10, page=99).page == 3  # clamped


def test_index_follows_changes(catalog_data: dict[str, Any]) -> None:
    public = catalog_data["public"]
    public.title = "Warga Lampung"
    public.save()
    assert slugs(run(q="warga")) == ["penduduk-lampung"]
    assert run(q="penduduk").total == 0 or "penduduk" in public.description.lower()
    fresh = Dataset.objects.create(slug="baru", title="Curah hujan", producer=catalog_data["public"].producer)
    assert slugs(run(q="hujan")) == [fresh.slug]
    fresh.delete()
    assert run(q="hujan").total == 0
    assert search.rebuild_index() == 4

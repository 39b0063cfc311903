"""`package_search` without Solr: a small, strict subset of Solr's query syntax over the ORM.

`q` takes free words (all must match title, description, name, producer, topic or a tag) and `field:value`
terms; `fq` / `fq_list` take `field:value`, `field:"quoted value"`, `-field:value` (exclusion) and ranges
`field:[FROM TO UNTIL]` on metadata_modified / metadata_created. Anything else is a Search Query Error
rather than a silent mismatch.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from simpul.catalog import search as catalog_search
from simpul.datasets.models import Dataset, Licence, Resource

from ..instants import parse_instant
from .dicts import LICENCES, group_name
from .errors import SearchQueryError

FACETS = ("organization", "tags", "groups", "res_format", "license_id")
FACET_TITLES = {
    "organization": "Organizations",
    "tags": "Tags",
    "groups": "Groups",
    "res_format": "Formats",
    "license_id": "Licenses",
}
TERM_FIELDS = ("name", "title", "organization", "tags", "groups", "res_format", "license_id", "text",
               "capacity", "metadata_modified", "metadata_created", "id")  # fmt: skip
SORTS = {
    "name": "slug",
    "title_string": "title",
    "title": "title",
    "metadata_modified": "modified_at",
    "metadata_created": "created_at",
}
_CLAUSE = re.compile(
    r"""\s*(?P<sign>[+-]?)(?P<field>[A-Za-z_.]+):(?P<value>\[[^\]]*\]|\{[^}]*\}|"(?:[^"\\]|\\.)*"|\([^)]*\)|\S+)"""
)
_WORD = re.compile(r'\s*(?P<value>"(?:[^"\\]|\\.)*"|\S+)')
_RANGE = re.compile(r"\A(?P<open>[\[{])\s*(?P<lo>\S+)\s+TO\s+(?P<hi>\S+)\s*(?P<close>[\]}])\Z")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value


def _bound(text: str) -> datetime | None:
    if text == "*":
        return None
    if text.upper().startswith("NOW"):
        return datetime.now(UTC)
    try:
        return parse_instant(text)
    except ValueError as exc:
        raise SearchQueryError(_("Tanggal tidak dikenali dalam rentang: {text}").format(text=text)) from exc


def _tag_ids(rows: list[tuple[int, Any]], wanted: str) -> set[int]:
    needle = wanted.lower()
    return {pk for pk, tags in rows if any(str(tag).lower() == needle for tag in tags or [])}


class Query:
    """Turns terms into ORM filters on one base queryset (the caller's visible datasets)."""

    def __init__(self, base: QuerySet[Dataset]) -> None:
        self.base = base
        self._tags: list[tuple[int, Any]] | None = None
        self._topics: dict[str, list[str]] | None = None
        self._synced = False

    def tag_rows(self) -> list[tuple[int, Any]]:
        if self._tags is None:
            self._tags = list(self.base.values_list("pk", "tags"))
        return self._tags

    def topics(self) -> dict[str, list[str]]:
        if self._topics is None:
            self._topics = {}
            for topic in self.base.exclude(topic="").values_list("topic", flat=True).distinct():
                self._topics.setdefault(group_name(topic), []).append(topic)
        return self._topics

    def term(self, field: str, raw: str) -> Q:
        if field not in TERM_FIELDS:
            raise SearchQueryError(_("Kolom pencarian tidak dikenal: {field}").format(field=field))
        if raw.startswith("(") and raw.endswith(")"):
            parts = [p for p in re.split(r"\s+OR\s+|\s+", raw[1:-1].strip()) if p]
            result = Q(pk__in=[])
            for part in parts:
                result |= self.term(field, part)
            return result
        if field in ("metadata_modified", "metadata_created"):
            return self._range(SORTS[field], raw)
        value = _unquote(raw)
        if field == "name":
            return Q(slug=value)
        if field == "id":
            from . import ids

            parsed = ids.parse(value)
            return Q(pk=parsed[1]) if parsed and parsed[0] == ids.PACKAGE else Q(pk__in=[])
        if field == "title":
            return Q(title__icontains=value)
        if field == "organization":
            return Q(producer__slug=value)
        if field == "tags":
            return Q(pk__in=_tag_ids(self.tag_rows(), value))
        if field == "groups":
            return Q(topic__in=self.topics().get(value, []))
        if field == "license_id":
            codes = [code for code, entry in LICENCES.items() if entry[0] == value]
            return Q(licence__in=codes)
        if field == "res_format":
            if value.upper() == "CSV":  # every dataset's observation table is a CSV resource
                return Q()
            return Q(pk__in=Resource.objects.filter(format__iexact=value).values("dataset_id"))
        if field == "capacity":
            if value not in ("public", "private"):
                raise SearchQueryError(_("capacity harus public atau private."))
            from .visibility import public_datasets

            public = Q(pk__in=public_datasets().values("pk"))
            return public if value == "public" else ~public
        return self.text(value)  # text:

    def _range(self, column: str, raw: str) -> Q:
        match = _RANGE.match(raw)
        if match is None:
            stamp = _bound(_unquote(raw))
            return Q(**{column: stamp}) if stamp else Q()
        lo, hi = _bound(match.group("lo")), _bound(match.group("hi"))
        q = Q()
        if lo is not None:
            q &= Q(**{f"{column}__{'gte' if match.group('open') == '[' else 'gt'}": lo})
        if hi is not None:
            q &= Q(**{f"{column}__{'lte' if match.group('close') == ']' else 'lt'}": hi})
        return q

    def text(self, word: str) -> Q:
        """Free text: the catalogue's full-text index, as the portal's search box (titles, descriptions,
        tags, topic, producer, indicator codes and names; every word, matched at its start), or the
        dataset's name. Index-driven, so a search over many thousands of datasets stays fast."""
        if not self._synced:
            catalog_search.sync_index()
            self._synced = True
        found = catalog_search.match_subquery(word)
        return Q(slug=word) | (Q(pk__in=found) if found is not None else Q(pk__in=[]))

    def clauses(self, text: str, *, free_text: bool) -> Q:
        """All clauses of one q or fq string, ANDed."""
        result = Q()
        pos = 0
        text = text.strip()
        while pos < len(text):
            match = _CLAUSE.match(text, pos)
            if match is not None:
                term = self.term(match.group("field"), match.group("value"))
                result &= ~term if match.group("sign") == "-" else term
                pos = match.end()
                continue
            word_match = _WORD.match(text, pos)
            if word_match is None:
                break
            word = word_match.group("value")
            pos = word_match.end()
            if word in ("AND", "&&", "*:*", "*"):
                continue
            if not free_text:
                raise SearchQueryError(
                    _("Klausa fq harus berbentuk kolom:nilai, bukan: {word}").format(word=word)
                )
            result &= self.text(_unquote(word))
        return result


def order(sort: str) -> list[str]:
    ordering: list[str] = []
    for part in [p.strip() for p in sort.split(",") if p.strip()]:
        bits = part.split()
        field, direction = bits[0], (bits[1].lower() if len(bits) > 1 else "asc")
        if direction not in ("asc", "desc") or len(bits) > 2:
            raise SearchQueryError(_("Urutan tidak sah: {part}").format(part=part))
        if field == "score":
            continue  # no relevance ranking; the next key decides
        if field not in SORTS:
            raise SearchQueryError(_("Tidak dapat mengurutkan menurut {field}").format(field=field))
        ordering.append(("-" if direction == "desc" else "") + SORTS[field])
    return [*ordering, "-modified_at", "slug"] if not ordering else [*ordering, "slug"]


def facets(qs: QuerySet[Dataset], fields: list[str], *, limit: int, mincount: int) -> dict[str, Counter[str]]:
    """Counts per requested facet over the matching datasets (and only those)."""
    out: dict[str, Counter[str]] = {}
    for field in fields:
        if field not in FACETS:
            raise SearchQueryError(_("Faset tidak dikenal: {field}").format(field=field))
        counts: Counter[str] = Counter()
        if field == "organization":
            for row in qs.values("producer__slug").annotate(n=Count("pk", distinct=True)).order_by():
                counts[row["producer__slug"]] = row["n"]
        elif field == "groups":
            for row in qs.exclude(topic="").values("topic").annotate(n=Count("pk", distinct=True)).order_by():
                counts[group_name(row["topic"])] += row["n"]
        elif field == "license_id":
            for row in qs.values("licence").annotate(n=Count("pk", distinct=True)).order_by():
                counts[LICENCES.get(row["licence"], LICENCES[Licence.OTHER])[0]] += row["n"]
        elif field == "tags":
            for tags in qs.values_list("tags", flat=True):
                counts.update({str(t) for t in tags or [] if str(t).strip()})
        elif field == "res_format":
            total = qs.count()
            if total:
                counts["CSV"] = total
            rows = (
                Resource.objects.filter(dataset__in=qs.values("pk"))
                .exclude(format="")
                .values_list("dataset_id", "format")
                .distinct()
            )
            for _dataset_id, fmt in rows:
                if fmt.upper() != "CSV":
                    counts[fmt.upper()] += 1
        kept = Counter({k: v for k, v in counts.items() if v >= mincount})
        if limit >= 0:
            kept = Counter(dict(sorted(kept.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]))
        out[field] = kept
    return out

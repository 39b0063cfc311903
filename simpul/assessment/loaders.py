"""Load framework files (fixtures/frameworks/*.yaml|*.json): validated, idempotent, all or nothing.

- Every file is parsed and validated before anything is written; one broken file stops the whole run.
- A framework edition is keyed by (code, edition). Loading the same content again changes nothing.
- New wording for a loaded edition (e.g. the official text) updates the rows in place, keeping their ids.
- A change of numbering, weights, scales or predicate bands for a loaded edition is refused unless
  `force=True`: publish it as a new edition instead, so past scores keep their meaning.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from simpul.core.audit import record

from .models import Aspect, Domain, Framework, Indicator, LevelCriterion, LevelScale, ScaleLevel
from .spec import FrameworkSpec, FrameworkSpecError, parse_framework

SUFFIXES = (".yaml", ".yml", ".json")


class FrameworkLoadError(Exception):
    """Problems that stopped a load; `errors` maps a file (or framework) to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        lines = [f"{where}: {message}" for where, messages in errors.items() for message in messages]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class LoadOutcome:
    code: str
    edition: str
    status: str  # created | updated | unchanged
    source: str


def default_directory() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "frameworks"


def framework_files(paths: Iterable[Path | str] = ()) -> list[Path]:
    """The given files, the framework files inside given folders, else the default folder's."""
    chosen = [Path(p) for p in paths] or [default_directory()]
    files: list[Path] = []
    for path in chosen:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


def read_file(path: Path) -> FrameworkSpec:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkSpecError([f"cannot read the file: {exc}"], str(path)) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise FrameworkSpecError([f"not valid {path.suffix.lstrip('.').upper()}: {exc}"], str(path)) from exc
    return parse_framework(data, source=str(path))


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def content_key(spec: FrameworkSpec) -> dict[str, Any]:
    key = spec.structure_key()
    key["text"] = [
        spec.name,
        spec.index_name,
        spec.description,
        spec.regulation,
        str(spec.valid_from),
        spec.wording,
        spec.notes,
        spec.weights_confirmed,
        spec.structure_confirmed,
        [
            [s.key, s.name, s.description, [[lv.level, lv.name, lv.description] for lv in s.levels]]
            for s in sorted(spec.scales, key=lambda s: s.key)
        ],
        [[d.number, d.name, d.weight_text] for d in spec.domains],
        [[a.number, a.name, a.weight_text] for a in spec.aspects()],
        [
            [i.number, i.name, i.weight_text, i.question, i.reference, list(i.criteria)]
            for i in spec.indicators()
        ],
    ]
    return key


def load_framework_files(
    paths: Sequence[Path | str] = (), *, force: bool = False, actor: Any = None
) -> list[LoadOutcome]:
    """Validate every file, then load them all in one transaction; FrameworkLoadError changes nothing."""
    files = framework_files(paths)
    errors: dict[str, list[str]] = {}
    specs: list[tuple[Path, FrameworkSpec]] = []
    if not files:
        raise FrameworkLoadError(
            {str(p): ["no framework files found"] for p in paths or [default_directory()]}
        )
    for path in files:
        if not path.exists():
            errors[str(path)] = ["file not found"]
            continue
        try:
            specs.append((path, read_file(path)))
        except FrameworkSpecError as exc:
            errors[str(path)] = exc.errors
    seen: dict[tuple[str, str], Path] = {}
    for path, spec in specs:
        key = (spec.code, spec.edition)
        if key in seen:
            errors.setdefault(str(path), []).append(
                f"framework {spec.code} edition {spec.edition} is also defined in {seen[key]}"
            )
        seen[key] = path
    if errors:
        raise FrameworkLoadError(errors)
    with transaction.atomic():
        return [load_spec(spec, source=_display_path(path), force=force, actor=actor) for path, spec in specs]


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


@transaction.atomic
def load_spec(
    spec: FrameworkSpec, *, source: str = "", force: bool = False, actor: Any = None
) -> LoadOutcome:
    """Create or update one framework edition from a validated spec."""
    content_hash = _digest(content_key(spec))
    structure_hash = _digest(spec.structure_key())
    framework = Framework.objects.select_for_update().filter(code=spec.code, edition=spec.edition).first()
    if framework is not None and framework.content_hash == content_hash:
        return LoadOutcome(spec.code, spec.edition, "unchanged", source)
    if framework is not None and framework.structure_hash != structure_hash and not force:
        raise FrameworkLoadError(
            {
                source or spec.code: [
                    f"framework {spec.code} edition {spec.edition} is already loaded with different "
                    "numbering, weights, scales or predicate bands; publish the change as a new edition "
                    "(another 'edition' value) or load with --force"
                ]
            }
        )
    created = framework is None
    fields = {
        "name": spec.name,
        "index_name": spec.index_name,
        "description": spec.description,
        "regulation": spec.regulation,
        "valid_from": spec.valid_from,
        "total_weight": spec.total_weight_text,
        "decimals": spec.decimals,
        "predicates": [{"name": b.name, "min": str(b.minimum)} for b in spec.predicates],
        "weights_confirmed": spec.weights_confirmed,
        "structure_confirmed": spec.structure_confirmed,
        "wording": spec.wording,
        "notes": spec.notes,
        "source_file": source[:300],
        "content_hash": content_hash,
        "structure_hash": structure_hash,
    }
    if framework is None:
        framework = Framework.objects.create(code=spec.code, edition=spec.edition, **fields)
    else:
        for name, value in fields.items():
            setattr(framework, name, value)
        framework.save()
    if created:
        _create_tree(framework, spec)
    else:
        _write_tree(framework, spec)
    record(
        actor=actor,
        action="assessment.framework_loaded" if created else "assessment.framework_updated",
        obj=framework,
        after={"code": spec.code, "edition": spec.edition, "content_hash": content_hash, "source": source},
        message=source,
    )
    return LoadOutcome(spec.code, spec.edition, "created" if created else "updated", source)


def _create_tree(framework: Framework, spec: FrameworkSpec) -> None:
    """First load of an edition: a handful of bulk inserts."""
    scales = {
        s.key: LevelScale.objects.create(
            framework=framework, key=s.key, name=s.name, description=s.description
        )
        for s in spec.scales
    }
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scales[s.key], level=lv.level, name=lv.name, description=lv.description)
        for s in spec.scales
        for lv in s.levels
    )
    domains = Domain.objects.bulk_create(
        Domain(framework=framework, number=d.number, name=d.name, weight=d.weight_text) for d in spec.domains
    )
    domain_by_number = {d.number: d for d in domains}
    aspects = Aspect.objects.bulk_create(
        Aspect(
            framework=framework,
            domain=domain_by_number[d.number],
            number=a.number,
            name=a.name,
            weight=a.weight_text,
        )
        for d in spec.domains
        for a in d.aspects
    )
    aspect_by_number = {a.number: a for a in aspects}
    Indicator.objects.bulk_create(
        Indicator(
            framework=framework,
            aspect=aspect_by_number[a.number],
            scale=scales[i.scale],
            number=i.number,
            name=i.name,
            weight=i.weight_text,
            question=i.question,
            reference=i.reference,
        )
        for a in spec.aspects()
        for i in a.indicators
    )
    # Re-read for primary keys: bulk_create does not return them on every backend.
    indicator_ids = dict(Indicator.objects.filter(framework=framework).values_list("number", "id"))
    LevelCriterion.objects.bulk_create(
        LevelCriterion(indicator_id=indicator_ids[i.number], level=level, text=text)
        for i in spec.indicators()
        for level, text in enumerate(i.criteria, start=1)
    )


def _write_tree(framework: Framework, spec: FrameworkSpec) -> None:
    scales: dict[str, LevelScale] = {}
    for scale_spec in spec.scales:
        scale, _created = LevelScale.objects.update_or_create(
            framework=framework,
            key=scale_spec.key,
            defaults={"name": scale_spec.name, "description": scale_spec.description},
        )
        scales[scale.key] = scale
        for level in scale_spec.levels:
            ScaleLevel.objects.update_or_create(
                scale=scale,
                level=level.level,
                defaults={"name": level.name, "description": level.description},
            )
    domain_numbers, aspect_numbers, indicator_numbers = [], [], []
    for domain_spec in spec.domains:
        domain, _created = Domain.objects.update_or_create(
            framework=framework,
            number=domain_spec.number,
            defaults={"name": domain_spec.name, "weight": domain_spec.weight_text},
        )
        domain_numbers.append(domain.number)
        for aspect_spec in domain_spec.aspects:
            aspect, _created = Aspect.objects.update_or_create(
                framework=framework,
                number=aspect_spec.number,
                defaults={"domain": domain, "name": aspect_spec.name, "weight": aspect_spec.weight_text},
            )
            aspect_numbers.append(aspect.number)
            for ind in aspect_spec.indicators:
                indicator, _created = Indicator.objects.update_or_create(
                    framework=framework,
                    number=ind.number,
                    defaults={
                        "aspect": aspect,
                        "scale": scales[ind.scale],
                        "name": ind.name,
                        "weight": ind.weight_text,
                        "question": ind.question,
                        "reference": ind.reference,
                    },
                )
                indicator_numbers.append(indicator.number)
                for number, text in enumerate(ind.criteria, start=1):
                    LevelCriterion.objects.update_or_create(
                        indicator=indicator, level=number, defaults={"text": text}
                    )
    # Only a forced structural change can leave rows that the file no longer has.
    Indicator.objects.filter(framework=framework).exclude(number__in=indicator_numbers).delete()
    Aspect.objects.filter(framework=framework).exclude(number__in=aspect_numbers).delete()
    Domain.objects.filter(framework=framework).exclude(number__in=domain_numbers).delete()
    LevelScale.objects.filter(framework=framework).exclude(key__in=list(scales)).delete()

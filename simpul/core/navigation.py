"""The header navigation: three pillars, each showing only what the user's roles may open."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from simpul.organizations.choices import Role
from simpul.organizations.permissions import has_role

SPBE_ROLES = (
    Role.KOORDINATOR_SPBE,
    Role.PENANGGUNG_JAWAB,
    Role.OPERATOR,
    Role.ASESOR_INTERNAL,
    Role.ASESOR_EKSTERNAL,
    Role.TIM_REVIU,
    Role.PIMPINAN,
)
DATA_ROLES = (Role.WALIDATA, Role.WALIDATA_PENDUKUNG, Role.PRODUSEN, Role.PEMBINA)
CHECKER_ROLES = (Role.WALIDATA, Role.WALIDATA_PENDUKUNG, Role.PEMBINA)
DASHBOARD_ROLES = (Role.PIMPINAN, Role.WALIDATA, Role.KOORDINATOR_SPBE)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] | None = None  # None: everyone, including the public
    login_required: bool = False

    def visible_to(self, user: Any) -> bool:
        if self.roles is None:
            return not self.login_required or bool(user.is_authenticated)
        return has_role(user, *self.roles)


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str | Promise
    items: tuple[NavItem, ...] = field(default_factory=tuple)


NAVIGATION = (
    NavSection(
        "satudata",
        _("Satu Data"),
        (
            NavItem("satudata-home", _("Katalog data"), "satudata:home"),
            NavItem("satudata-work", _("Meja kerja data"), "satudata:work", roles=DATA_ROLES),
            NavItem("satudata-plans", _("Daftar Data"), "reconcile:plans", roles=DATA_ROLES),
            NavItem("satudata-standards", _("Standar data"), "standards:home", roles=DATA_ROLES),
            NavItem("satudata-check", _("Pemeriksaan"), "satudata:check", roles=CHECKER_ROLES),
        ),
    ),
    NavSection(
        "evaluasi",
        _("Evaluasi SPBE"),
        (
            NavItem("evaluasi-home", _("Ringkasan indeks"), "evaluasi:home"),
            NavItem("evaluasi-simulator", _("Simulasi indeks"), "assessment:simulator"),
            NavItem("evaluasi-work", _("Penilaian"), "evaluasi:work", roles=SPBE_ROLES),
        ),
    ),
    NavSection(
        "pantau",
        _("Pantau"),
        (
            NavItem("pantau-home", _("Dasbor pimpinan"), "pantau:home", roles=DASHBOARD_ROLES),
            NavItem("pantau-followups", _("Tindak lanjut"), "pantau:followups", login_required=True),
        ),
    ),
)


def navigation_for(user: Any) -> list[dict[str, Any]]:
    sections = []
    for section in NAVIGATION:
        items = [
            {"key": item.key, "label": item.label, "url": reverse(item.url_name)}
            for item in section.items
            if item.visible_to(user)
        ]
        if items:
            sections.append({"key": section.key, "label": section.label, "items": items})
    return sections

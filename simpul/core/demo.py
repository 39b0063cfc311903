"""The Lampung demo: province 18, its 15 kab/kota governments, provincial OPDs, BPS and one user per role.

Idempotent: running it again adds only what is missing. Demo users are flagged `is_demo`, and the auth
backend refuses them whenever DEBUG (demo mode) is off.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from simpul.accounts.models import User
from simpul.organizations import services as org_services
from simpul.organizations.choices import OrganizationKind, Role
from simpul.organizations.models import Organization
from simpul.regions.models import Level, Region

DEMO_PASSWORD = "demo-simpul"  # documented in the README; refused unless DEBUG and demo mode are on
PROVINCE = "18"

PROVINCIAL_OPDS = [
    ("diskominfotik-lampung", "Dinas Komunikasi, Informatika dan Statistik Provinsi Lampung"),
    ("bappeda-lampung", "Badan Perencanaan Pembangunan Daerah Provinsi Lampung"),
    ("dinkes-lampung", "Dinas Kesehatan Provinsi Lampung"),
    ("disdikbud-lampung", "Dinas Pendidikan dan Kebudayaan Provinsi Lampung"),
    ("dinsos-lampung", "Dinas Sosial Provinsi Lampung"),
    ("distanhorti-lampung", "Dinas Tanaman Pangan dan Hortikultura Provinsi Lampung"),
    ("dkp-lampung", "Dinas Kelautan dan Perikanan Provinsi Lampung"),
    ("dishub-lampung", "Dinas Perhubungan Provinsi Lampung"),
    ("dispar-lampung", "Dinas Pariwisata dan Ekonomi Kreatif Provinsi Lampung"),
    ("disnakertrans-lampung", "Dinas Tenaga Kerja dan Transmigrasi Provinsi Lampung"),
    ("disdukcapil-lampung", "Dinas Kependudukan dan Pencatatan Sipil Provinsi Lampung"),
    ("dlh-lampung", "Dinas Lingkungan Hidup Provinsi Lampung"),
    ("diskop-lampung", "Dinas Koperasi dan UKM Provinsi Lampung"),
    ("disperindag-lampung", "Dinas Perindustrian dan Perdagangan Provinsi Lampung"),
    ("dishut-lampung", "Dinas Kehutanan Provinsi Lampung"),
    ("dpppa-lampung", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Provinsi Lampung"),
    ("dpmptsp-lampung", "Dinas Penanaman Modal dan PTSP Provinsi Lampung"),
    ("bapenda-lampung", "Badan Pendapatan Daerah Provinsi Lampung"),
    ("bkd-lampung", "Badan Kepegawaian Daerah Provinsi Lampung"),
    ("inspektorat-lampung", "Inspektorat Provinsi Lampung"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    organization: str  # slug
    role: str


DEMO_USERS = [
    DemoUser("admin", "Admin Simpul", "diskominfotik-lampung", Role.ADMIN),
    DemoUser("walidata", "Rina Walidata", "diskominfotik-lampung", Role.WALIDATA),
    DemoUser("walidata-pendukung", "Bayu Walidata Pendukung", "bappeda-lampung", Role.WALIDATA_PENDUKUNG),
    DemoUser("produsen", "Sari Produsen Dinkes", "dinkes-lampung", Role.PRODUSEN),
    DemoUser(
        "produsen-lamsel",
        "Andi Produsen Lampung Selatan",
        "diskominfo-kabupaten-lampung-selatan",
        Role.PRODUSEN,
    ),
    DemoUser("pembina", "Dewi Pembina BPS", "bps-lampung", Role.PEMBINA),
    DemoUser("koordinator", "Sekda Koordinator SPBE", "pemprov-lampung", Role.KOORDINATOR_SPBE),
    DemoUser("penanggung-jawab", "Kadis Penanggung Jawab", "diskominfotik-lampung", Role.PENANGGUNG_JAWAB),
    DemoUser("operator", "Yoga Operator SPBE", "diskominfotik-lampung", Role.OPERATOR),
    DemoUser("asesor-internal", "Tuti Asesor Internal", "inspektorat-lampung", Role.ASESOR_INTERNAL),
    DemoUser("asesor-eksternal", "Hendra Asesor Eksternal", "asesor-eksternal-spbe", Role.ASESOR_EKSTERNAL),
    DemoUser("tim-reviu", "Lina Tim Reviu", "asesor-eksternal-spbe", Role.TIM_REVIU),
    DemoUser("pimpinan", "Gubernur Lampung", "pemprov-lampung", Role.PIMPINAN),
]


def _org(
    actor: User, *, slug: str, name: str, kind: str, region: Region, parent: Organization | None
) -> Organization:
    existing = Organization.objects.filter(slug=slug).first()
    if existing:
        return existing
    return org_services.organization_create(
        actor=actor, slug=slug, name=name, kind=kind, region=region, parent=parent
    )


@transaction.atomic
def load_demo() -> dict[str, int]:
    province = Region.objects.get(code=PROVINCE)
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"full_name": "Admin Simpul", "is_demo": True, "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])

    prov = _org(
        admin,
        slug="pemprov-lampung",
        name="Pemerintah Provinsi Lampung",
        kind=OrganizationKind.PEMDA,
        region=province,
        parent=None,
    )
    for slug, name in PROVINCIAL_OPDS:
        _org(admin, slug=slug, name=name, kind=OrganizationKind.OPD, region=province, parent=prov)
    _org(
        admin,
        slug="bps-lampung",
        name="BPS Provinsi Lampung",
        kind=OrganizationKind.BPS,
        region=province,
        parent=None,
    )
    _org(
        admin,
        slug="asesor-eksternal-spbe",
        name="Tim Evaluator Eksternal SPBE (KemenPANRB)",
        kind=OrganizationKind.VERTIKAL,
        region=province,
        parent=None,
    )
    for kabkota in Region.objects.filter(parent=province, level=Level.KABKOTA).order_by("code"):
        pemda = _org(
            admin,
            slug=f"pemda-{slugify(kabkota.name)}",
            name=f"Pemerintah {kabkota.name}",
            kind=OrganizationKind.PEMDA,
            region=kabkota,
            parent=None,
        )
        _org(
            admin,
            slug=f"diskominfo-{slugify(kabkota.name)}",
            name=f"Dinas Kominfo {kabkota.name}",
            kind=OrganizationKind.OPD,
            region=kabkota,
            parent=pemda,
        )

    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "full_name": spec.full_name,
                "is_demo": True,
                "email": f"{spec.username}@demo.simpul.local",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        org_services.membership_grant(
            actor=admin,
            user=user,
            organization=Organization.objects.get(slug=spec.organization),
            role=spec.role,
        )
    from simpul.assessment.demo import load_demo_evaluations

    load_demo_evaluations()
    from simpul.reconcile.demo import load_demo_workflow

    load_demo_workflow()
    from simpul.ingest.demo import load_demo_data

    load_demo_data()
    from simpul.dashboard.demo import load_demo_targets

    load_demo_targets()
    return {"organizations": Organization.objects.count(), "users": User.objects.filter(is_demo=True).count()}

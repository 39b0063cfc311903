from django.urls import URLPattern, URLResolver, include, path

from simpul.assessment import evaluation_views
from simpul.catalog import views as catalog_views
from simpul.ingest import views as ingest_views
from simpul.reconcile import views as reconcile_views

satudata: tuple[list[URLPattern | URLResolver], str] = (
    [
        path("", catalog_views.home, name="home"),  # the public catalogue (simpul.catalog)
        path("meja-kerja/", ingest_views.index, name="work"),
        path("pemeriksaan/", reconcile_views.queue, name="check"),
    ],
    "satudata",
)
evaluasi: tuple[list[URLPattern | URLResolver], str] = (
    [
        path(
            "",
            evaluation_views.summary,
            name="home",
        ),
        path(
            "penilaian/",
            evaluation_views.work,
            name="work",
        ),
    ],
    "evaluasi",
)
pantau: tuple[list[URLPattern | URLResolver], str] = (
    [
        path("", include("simpul.dashboard.urls")),  # names: home, big-screen, region, organization, data-*
        path("tindak-lanjut/", include("simpul.followups.urls")),  # names: followups, followup-detail, ...
    ],
    "pantau",
)

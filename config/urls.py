from django.contrib import admin
from django.urls import include, path

from simpul.api import dcat
from simpul.api.v1 import api
from simpul.core import urls as core_urls
from simpul.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("satu-data/dataset/", include("simpul.datasets.urls")),
    path("satu-data/unggah/", include("simpul.ingest.urls")),
    path("satu-data/katalog/", include("simpul.catalog.urls")),
    path("satu-data/standar/", include("simpul.standards.urls")),
    path("satu-data/", include(core_urls.satudata)),
    path("satu-data/", include("simpul.reconcile.urls")),
    path("evaluasi/simulasi/", include("simpul.assessment.urls")),
    path("evaluasi/", include(core_urls.evaluasi)),
    path("evaluasi/", include("simpul.assessment.evaluation_urls")),
    path("pantau/", include(core_urls.pantau)),
    path("akun/", include("simpul.accounts.urls")),
    path("audit/", include("simpul.core.audit_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/", include("simpul.api.ckan.urls")),  # CKAN Action API (interop)
    path("api/sdmx/", include("simpul.api.sdmx.urls")),  # SDMX REST (interop)
    path("catalog.<str:fmt>", dcat.catalog, name="dcat-catalog"),  # DCAT-AP (interop)
    path("dataset/<slug:slug>.<str:fmt>", dcat.dataset_rdf, name="dcat-dataset"),
    path("admin/", admin.site.urls),
]

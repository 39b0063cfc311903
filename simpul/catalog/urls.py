from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "catalog"
urlpatterns = [
    # Someone trimming the address back to /satu-data/katalog/ lands on the search, not a 404.
    path("", RedirectView.as_view(pattern_name="catalog:search", query_string=True), name="index"),
    path("cari/", views.search, name="search"),
    path("organisasi/", views.organizations, name="organizations"),
    path("organisasi/<slug:slug>/", views.organization, name="organization"),
    path("indikator/", views.indicators, name="indicators"),
    path("indikator/<str:code>/", views.indicator, name="indicator"),
    path("wilayah/<str:code>/", views.region, name="region"),
]

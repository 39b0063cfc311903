"""Included under /pantau/ in the `pantau` namespace (simpul/core/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("layar-besar/", views.big_screen, name="big-screen"),
    path("wilayah/<str:code>/", views.region_page, name="region"),
    path("instansi/<slug:slug>/", views.organization_page, name="organization"),
    path("target/", views.targets, name="targets"),
    path("data/indikator/", views.data_indicators, name="data-indicators"),
    path("data/peta/", views.data_map, name="data-map"),
    path("data/tren/", views.data_trend, name="data-trend"),
    path("data/spbe/", views.data_spbe, name="data-spbe"),
    path("data/kelengkapan/", views.data_completeness, name="data-completeness"),
    path("data/tindak-lanjut/", views.data_followups, name="data-followups"),
]

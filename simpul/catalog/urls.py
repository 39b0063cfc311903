from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("organisasi/", views.organizations, name="organizations"),
    path("organisasi/<slug:slug>/", views.organization, name="organization"),
    path("indikator/", views.indicators, name="indicators"),
    path("indikator/<str:code>/", views.indicator, name="indicator"),
    path("wilayah/<str:code>/", views.region, name="region"),
]

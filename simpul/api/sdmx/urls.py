from django.urls import path

from . import views

app_name = "sdmx"
urlpatterns = [
    path("data/dataflow/<str:agency>/<str:flow>/", views.data_view, name="data"),
    path("data/dataflow/<str:agency>/<str:flow>/<str:version>/", views.data_view, name="data-version"),
    path("data/dataflow/<str:agency>/<str:flow>/<str:version>/<str:key>", views.data_view, name="data-key"),
    path("structure/<str:kind>/<str:agency>/", views.structure_view, name="structures"),
    path("structure/<str:kind>/<str:agency>/<str:artefact>/", views.structure_view, name="structure"),
    path(
        "structure/<str:kind>/<str:agency>/<str:artefact>/<str:version>",
        views.structure_view,
        name="structure-version",
    ),
]

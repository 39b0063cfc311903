from django.urls import re_path

from . import views

app_name = "sdmx"
_ID = r"[^/]+"
urlpatterns = [
    # /data/dataflow/<agency>/<flow>[/<version>[/<key>]]
    re_path(
        rf"^data/dataflow/(?P<agency>{_ID})/(?P<flow>{_ID})(?:/(?P<version>{_ID})(?:/(?P<key>[^/]*))?)?/?$",
        views.data_view,
        name="data",
    ),
    # /structure/<kind>/<agency>[/<id>[/<version>]]
    re_path(
        rf"^structure/(?P<kind>{_ID})/(?P<agency>{_ID})(?:/(?P<artefact>{_ID})(?:/(?P<version>{_ID}))?)?/?$",
        views.structure_view,
        name="structure",
    ),
]

from django.urls import path

from . import views

app_name = "datasets"
urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/unduh.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/berkas/<int:pk>/", views.resource, name="resource"),
]

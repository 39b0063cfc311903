from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/periksa/", views.run_submit, name="submit"),
    path("<int:pk>/simpan/", views.run_commit, name="commit"),
    path("<int:pk>/setor/", views.run_setor, name="setor"),
    path("<int:pk>/status/", views.run_status, name="status"),
    path("<int:pk>/laporan.<str:fmt>", views.run_report, name="report"),
]

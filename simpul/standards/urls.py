from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.home, name="home"),
    path("impor/", views.import_file, name="import"),
    path("ekspor/<str:kind>.<str:fmt>", views.export_file, name="export"),
    path("<str:kind>/", views.standard_list, name="list"),
    path("<str:kind>/baru/", views.standard_form, name="create"),
    path("<str:kind>/<str:code>/", views.standard_detail, name="detail"),
    path("<str:kind>/<str:code>/ubah/", views.standard_form, name="edit"),
    path("<str:kind>/<str:code>/hapus/", views.standard_delete, name="delete"),
]

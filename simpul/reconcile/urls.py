"""Included under /satu-data/ in the `reconcile` namespace (config/urls.py)."""

from django.urls import path

from . import views

app_name = "reconcile"
urlpatterns = [
    path("pemeriksaan/setoran/<int:pk>/", views.submission_detail, name="submission"),
    path("setoran/baru/", views.submission_create, name="submit"),
    path("konflik/", views.conflict_list, name="conflicts"),
    path("konflik/<int:pk>/", views.conflict_detail, name="conflict"),
    path("daftar-data/", views.plan_list, name="plans"),
    path("daftar-data/<int:pk>/", views.plan_detail, name="plan"),
    path("daftar-data/butir/<int:pk>/", views.plan_item, name="plan-item"),
    path("kelengkapan/", views.completeness, name="completeness"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/<int:pk>/", views.notification_open, name="notification"),
]

"""Included under /pantau/tindak-lanjut/ inside the `pantau` namespace (see simpul/core/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.followup_list, name="followups"),
    path("baru/", views.followup_create, name="followup-create"),
    path("<int:pk>/", views.followup_detail, name="followup-detail"),
    path("<int:pk>/disposisi/", views.followup_dispose, name="followup-dispose"),
    path("<int:pk>/selesai/", views.followup_complete, name="followup-complete"),
    path("<int:pk>/bukti/", views.followup_evidence, name="followup-evidence"),
    path("disposisi/<int:pk>/teruskan/", views.disposition_redispose, name="disposition-redispose"),
    path("disposisi/<int:pk>/proses/", views.disposition_process, name="disposition-process"),
    path("disposisi/<int:pk>/selesai/", views.disposition_complete, name="disposition-complete"),
    path("disposisi/<int:pk>/batal/", views.disposition_cancel, name="disposition-cancel"),
    path("disposisi/<int:pk>/bukti/", views.disposition_evidence, name="disposition-evidence"),
]

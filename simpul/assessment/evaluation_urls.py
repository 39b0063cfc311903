"""Evaluation workflow pages under /evaluasi/penilaian/<pk>/ (the list itself is evaluasi:work)."""

from django.urls import path

from . import analysis_views
from . import evaluation_views as views

app_name = "penilaian"

urlpatterns = [
    path("penilaian/<int:pk>/", views.detail, name="detail"),
    path("penilaian/<int:pk>/tahap/", views.advance, name="advance"),
    path("penilaian/<int:pk>/penugasan/", views.assign, name="assign"),
    path("penilaian/<int:pk>/indikator/<int:number>/", views.answer, name="answer"),
    path("penilaian/<int:pk>/indikator/<int:number>/bukti/", views.evidence_add, name="evidence-add"),
    path("penilaian/<int:pk>/bukti/<int:evidence_id>/", views.evidence_file, name="evidence-file"),
    path("penilaian/<int:pk>/berita-acara.pdf", views.berita_acara, name="berita-acara"),
    path("penilaian/<int:pk>/laporan.pdf", views.report_pdf, name="report-pdf"),
    path("penilaian/<int:pk>/laporan.xlsx", views.report_xlsx, name="report-xlsx"),
    # analysis, comparisons, import of earlier results (analysis_views.py)
    path("penilaian/<int:pk>/analisis/", analysis_views.analysis_page, name="analysis"),
    path(
        "penilaian/<int:pk>/analisis/tindak-lanjut/", analysis_views.make_followup, name="analysis-followup"
    ),
    path("penilaian/impor/", analysis_views.import_page, name="import"),
    path("penilaian/impor/templat.xlsx", analysis_views.import_template, name="import-template"),
    path("perbandingan/", analysis_views.compare, name="compare"),
    path("perbandingan/instansi/<slug:slug>/", analysis_views.compare_years, name="compare-years"),
]

"""Dataset page and downloads: thin adapters over selectors and downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import downloads
from .models import Dataset
from .selectors import dataset_get, dataset_values

PREVIEW_ROWS = 50


def _dataset(request: HttpRequest, slug: str) -> Dataset:
    dataset = dataset_get(slug=slug, user=request.user)
    if dataset is None:
        raise Http404
    return dataset


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    from simpul.catalog.selectors import dataset_chart  # the portal's chart and map data
    from simpul.catalog.views import tilegrid_tiles

    dataset = _dataset(request, slug)
    if request.GET.get("format") == "json":  # the page's JSON twin: same as /api/v1/datasets/<slug>
        return redirect(f"/api/v1/datasets/{dataset.slug}")
    current = dataset_values(dataset=dataset, user=request.user)
    preview = list(
        current.select_related("indicator", "region").order_by("indicator__code", "region_id", "period")[
            :PREVIEW_ROWS
        ]
    )
    context = {
        "dataset": dataset,
        "count": current.count(),
        "preview": preview,
        "indicators": dataset.indicators.order_by("code"),
        "resources": dataset.resources.select_related("dataset"),
        "chart": {**dataset_chart(user=request.user, dataset=dataset), "tiles": tilegrid_tiles()},
        "api_base": request.build_absolute_uri("/api/v1/"),
        "nav_key": "satudata-home",
    }
    return render(request, "datasets/detail.html", context)


def download(
    request: HttpRequest, slug: str, fmt: str
) -> HttpResponse | StreamingHttpResponse | FileResponse:
    dataset = _dataset(request, slug)
    values = dataset_values(dataset=dataset, user=request.user)
    name = f"{dataset.slug}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(downloads.csv_chunks(values), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = StreamingHttpResponse(
            downloads.json_chunks(dataset, values), content_type="application/json"
        )
    elif fmt == "xlsx":
        return FileResponse(
            downloads.xlsx_file(values),
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def resource(request: HttpRequest, slug: str, pk: int) -> HttpResponse | FileResponse:
    """A dataset file: the original or, for the public, its masked copy (simpul.reconcile.selectors)."""
    from simpul.reconcile.selectors import resource_download

    dataset = _dataset(request, slug)
    found = get_object_or_404(dataset.resources.select_related("dataset"), pk=pk)
    try:
        file, masked = resource_download(request.user, found)
    except PermissionDenied:
        return HttpResponse(
            _("Berkas ini sedang diperiksa walidata karena memuat data pribadi; coba lagi nanti."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    name = file.name.rsplit("/", 1)[-1]
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name)
    response["X-Simpul-Masked"] = "1" if masked else "0"
    return response

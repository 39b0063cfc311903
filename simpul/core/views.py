from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary()
    if request.GET.get("format") == "json":
        return JsonResponse(summary)
    return render(request, "core/home.html", {"summary": summary})

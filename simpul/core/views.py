from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views import View

from .navigation import NAVIGATION, NavItem
from .selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary()
    if request.GET.get("format") == "json":
        return JsonResponse(summary)
    return render(request, "core/home.html", {"summary": summary})


def _nav_item(key: str) -> NavItem:
    return next(item for section in NAVIGATION for item in section.items if item.key == key)


class PillarPage(View):
    """A pillar's landing page; who may open it is the navigation item's rule, nothing else."""

    nav_key = ""
    template_name = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = _nav_item(self.nav_key)
        if not item.visible_to(request.user):
            if not request.user.is_authenticated:
                return redirect(f"/akun/masuk/?next={request.path}")
            raise PermissionDenied
        return render(request, self.template_name, {"nav_key": self.nav_key})

"""Read-only audit pages (and their JSON twins). There is no edit or delete view, by design."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .models import AuditEntry
from .selectors import audit_entries


def _as_json(entries: list[AuditEntry]) -> list[dict[str, object]]:
    return [
        {
            "created_at": e.created_at.isoformat(),
            "actor": e.actor_name,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object": e.object_repr,
            "before": e.before,
            "after": e.after,
            "message": e.message,
        }
        for e in entries
    ]


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_entries(user=request.user), 50).get_page(request.GET.get("page"))
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"results": _as_json(list(page)), "page": page.number, "pages": page.paginator.num_pages}
        )
    return render(request, "core/audit_list.html", {"page": page})


@login_required
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    entries = list(audit_entries(user=request.user, object_type=object_type, object_id=object_id)[:500])
    if request.GET.get("format") == "json":
        return JsonResponse({"results": _as_json(entries)})
    return render(
        request,
        "core/audit_history.html",
        {"entries": entries, "object_type": object_type, "object_id": object_id},
    )

"""The badge pages: every badge by tier, and who earned one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from questor.qa import badge_selectors, selectors
from questor.qa.models import Badge, BadgeTier

AWARDS_PER_PAGE = 50


@require_GET
def badge_list(request: HttpRequest) -> HttpResponse:
    groups = badge_selectors.badge_index(request.user)
    return render(
        request,
        "qa/badge_list.html",
        {"groups": groups, "badge_total": sum(len(group.entries) for group in groups)},
    )


@require_GET
def badge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    badge = get_object_or_404(Badge, slug=slug)
    page = selectors.paginate(
        badge_selectors.badge_awards(badge), page=request.GET.get("page"), per_page=AWARDS_PER_PAGE
    )
    return render(
        request,
        "qa/badge_detail.html",
        {
            "badge": badge,
            "tier_css": badge_selectors.TIER_CSS[BadgeTier(badge.tier)],
            "page_obj": page,
            "awards": page.object_list,
        },
    )

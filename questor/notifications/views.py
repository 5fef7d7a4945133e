"""The inbox, the unread count (polled by htmx, so pages pay no query for it), follow
buttons (loaded by htmx after the page), email settings and one-click unsubscribe."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from questor.accounts.models import User
from questor.lib.htmx import HtmxHttpRequest
from questor.lib.text import id_from
from questor.notifications import actions, selectors
from questor.notifications.emails import read_unsubscribe_token
from questor.notifications.models import Delivery, Kind, Notification
from questor.qa.models import Category, Post, PostType, Tag
from questor.qa.selectors import paginate

INBOX_PAGE_SIZE = 30


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Log in first.")
    return user


def _inbox_url(user: User) -> str:
    return f"/users/{user.pk}/{user.slug}/inbox/"


def _safe_path(url: str) -> str:
    """Only paths on this site (entries store paths; never follow them elsewhere)."""
    parts = urlsplit(url)
    if url.startswith("/") and not url.startswith("//") and not parts.scheme and not parts.netloc:
        return url
    return "/"


# The inbox ----------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest, user_id: int, slug: str = "") -> HttpResponse:
    user = _member(request)
    if user.pk != user_id:
        raise Http404("This inbox is not yours.")
    if slug != user.slug:
        return redirect(_inbox_url(user))
    page = paginate(selectors.inbox(user), page=request.GET.get("page"), per_page=INBOX_PAGE_SIZE)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "entries": page.object_list,
            "unread": selectors.unread_count(user),
            "pagesize": None,
        },
    )


@require_GET
def unread(request: HttpRequest) -> HttpResponse:
    """The header's inbox link text; polled every 60 s by htmx."""
    user = request.user
    if not isinstance(user, User):
        return HttpResponse("Inbox")
    response = render(
        request, "notifications/includes/unread.html", {"count": selectors.unread_count(user)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def open_entry(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow an entry's link, marking it read."""
    user = _member(request)
    entry = get_object_or_404(Notification, pk=notification_id, recipient=user)
    actions.mark_read(user=user, notification_id=entry.pk)
    return redirect(_safe_path(entry.url) if entry.url else _inbox_url(user))


@login_required
@require_POST
def mark_read(request: HtmxHttpRequest, notification_id: int) -> HttpResponse:
    user = _member(request)
    entry = get_object_or_404(
        Notification.objects.select_related("actor"), pk=notification_id, recipient=user
    )
    actions.mark_read(user=user, notification_id=entry.pk)
    if request.htmx:
        entry.refresh_from_db(fields=["read_at"])
        response = render(request, "notifications/includes/entry.html", {"entry": entry})
        response["HX-Trigger"] = "inbox-changed"
        return response
    return redirect(_inbox_url(user))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    count = actions.mark_all_read(user=user)
    messages.success(request, f"Marked {count} notification{'' if count == 1 else 's'} as read.")
    return redirect(_inbox_url(user))


# Email settings and unsubscribe -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    if request.method == "POST":
        choices = {
            kind: request.POST[kind]
            for kind in Kind.values
            if request.POST.get(kind) in Delivery.values
        }
        actions.save_settings(user=user, choices=choices)
        messages.success(request, "Your email settings are saved.")
        return redirect("notifications:settings")
    current = actions.delivery_settings(user)
    rows = [(kind, Kind(kind).label, current[kind]) for kind in Kind.values]
    return render(
        request,
        "notifications/settings.html",
        {"rows": rows, "deliveries": Delivery.choices, "inbox_url": _inbox_url(user)},
    )


@csrf_exempt  # the signed token in the link authorises it (RFC 8058 one-click POST)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (link scanners must not unsubscribe anyone); POST, from that
    button or from a mail client's List-Unsubscribe-Post, unsubscribes. No log-in."""
    target = read_unsubscribe_token(token)
    if target is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    what = Kind(target.kind).label.lower() if target.kind else f"the {target.period} digest"
    if request.method == "POST":
        actions.unsubscribe(target)
        return render(request, "notifications/unsubscribe.html", {"done": True, "what": what})
    return render(request, "notifications/unsubscribe.html", {"what": what, "token": token})


# Following ----------------------------------------------------------------------------


def _target(kind: str, key: str) -> actions.Target:
    if kind == "question":
        question = Post.objects.filter(pk=id_from(key) or 0, post_type=PostType.QUESTION).first()
        if question is None or not question.is_public:
            raise Http404("No such question.")
        return actions.Target("question", question=question)
    if kind == "tag":
        return actions.Target("tag", tag=get_object_or_404(Tag, name=key.lower()))
    if kind == "category":
        return actions.Target("category", category=get_object_or_404(Category, slug=key))
    if kind == "user":
        person = User.objects.filter(pk=id_from(key) or 0, is_active=True).first()
        if person is None:
            raise Http404("No such member.")
        return actions.Target("user", user=person)
    raise Http404("Nothing to follow.")


def _follow_context(user: User, target: actions.Target, key: str) -> dict[str, object]:
    context: dict[str, object] = {
        "type": target.kind,
        "key": key,
        "following": selectors.is_following(user, **target.filter()),
        "is_self": target.kind == "user" and target.user is not None and target.user.pk == user.pk,
    }
    if target.tag is not None:
        context["ignoring"] = selectors.is_ignoring(user, target.tag.pk)
    return context


@require_GET
def follow_button(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        return HttpResponse("")
    kind, key = request.GET.get("type", ""), request.GET.get("key", "")
    target = _target(kind, key)
    return render(request, "notifications/includes/follow.html", _follow_context(user, target, key))


@login_required
@require_POST
def follow(request: HtmxHttpRequest) -> HttpResponse:
    user = _member(request)
    kind, key, action = (request.POST.get(name, "") for name in ("type", "key", "action"))
    target = _target(kind, key)
    if action == "follow":
        actions.follow(user=user, target=target)
    elif action == "unfollow":
        actions.unfollow(user=user, target=target)
    elif action in {"ignore", "unignore"} and target.tag is not None:
        actions.ignore_tag(user=user, tag=target.tag, ignored=action == "ignore")
    else:
        return HttpResponse("Follow or unfollow.", status=400, content_type="text/plain")
    if request.htmx:
        return render(
            request, "notifications/includes/follow.html", _follow_context(user, target, key)
        )
    back = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)


@login_required
@require_GET
def mention_suggestions(request: HttpRequest) -> HttpResponse:
    """Usernames for the editor's @mention completion."""
    return JsonResponse({"names": selectors.mention_suggestions(request.GET.get("q", ""))})

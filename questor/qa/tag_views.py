"""A tag's description: the excerpt shown in lists and the longer wiki, read by anyone
and edited by members with the edit privilege (and moderators)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from questor.lib.forms import PlainLabels
from questor.lib.markdown import html_to_markdown, render_markdown
from questor.qa.models import Tag
from questor.qa.permissions import AnyUser, is_moderator
from questor.qa.privileges import has_privilege, privilege_refusal


class TagInfoForm(PlainLabels, forms.Form):
    excerpt = forms.CharField(
        label="Excerpt",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two plain sentences: when should a question use this tag?",
    )
    wiki = forms.CharField(
        label="Wiki",
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown. Background, good resources, what belongs elsewhere.",
    )


def can_edit_tag_info(user: AnyUser) -> bool:
    return is_moderator(user) or has_privilege(user, "edit_others")


@require_GET
def tag_info(request: HttpRequest, name: str) -> HttpResponse:
    tag = get_object_or_404(Tag, name=name.lower())
    return render(
        request,
        "qa/tag_info.html",
        {"tag": tag, "can_edit": can_edit_tag_info(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def tag_info_edit(request: HttpRequest, name: str) -> HttpResponse:
    tag = get_object_or_404(Tag, name=name.lower())
    if not can_edit_tag_info(request.user):
        raise PermissionDenied(privilege_refusal(request.user, "edit_others"))
    if request.method == "POST":
        form = TagInfoForm(request.POST)
        if form.is_valid():
            tag.excerpt = " ".join(form.cleaned_data["excerpt"].split())
            wiki = form.cleaned_data["wiki"].strip()
            tag.wiki_html = render_markdown(wiki) if wiki else ""
            tag.save(update_fields=["excerpt", "wiki_html"])
            return redirect("qa:tag_info", name=tag.name)
    else:
        form = TagInfoForm(
            initial={"excerpt": tag.excerpt, "wiki": html_to_markdown(tag.wiki_html)}
        )
    return render(
        request,
        "qa/tag_info_edit.html",
        {"tag": tag, "form": form},
        status=400 if form.errors else 200,
    )

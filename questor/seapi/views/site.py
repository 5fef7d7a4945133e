"""Network-wide methods (/sites, /errors) and /info; the answer for unknown methods."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from questor.lib.text import id_from
from questor.seapi import selectors, serializers
from questor.seapi.endpoint import endpoint
from questor.seapi.errors import ERROR_NAMES, ApiError, error_response
from questor.seapi.filters import Filter
from questor.seapi.params import Params
from questor.seapi.wrapper import respond_list, respond_one


@endpoint(per_site=False)
def sites(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    """Every community this server is: the one. pagesize is unbounded here, as on SE."""
    return respond_list(
        params, filt, [None], lambda rows: [serializers.site(filt) for _ in rows], unbounded=True
    )


@endpoint()
def info(request: HttpRequest, params: Params, filt: Filter) -> HttpResponse:
    return respond_one(filt, serializers.info(selectors.site_totals(), filt))


@endpoint(per_site=False)
def errors(request: HttpRequest, params: Params, filt: Filter, error_id: str) -> HttpResponse:
    """Simulates an error, for testing a client's error handling (as SE's /errors/{id})."""
    if id_from(error_id) not in ERROR_NAMES:
        raise ApiError(400, f"error_id: no error with id {error_id}")
    return error_response(int(error_id))


@csrf_exempt
def no_method(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return error_response(404)

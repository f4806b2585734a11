"""A page of a catalogue list, and the list's address without its page number (for the links)."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def page_of(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

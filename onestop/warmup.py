"""What a web worker loads before its first request: every view (the URL configuration), the
translation catalogues and this year's national days off (the ``holidays`` package).

Django loads all of them lazily, on the first request that needs them. On a busy server each
new worker's first intake then took half a second while the desk's officers queued behind it
(issue 9). No database is touched here: the worker may start before the database does.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils import timezone, translation

from procedures.calendar.core import national_days_off


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view, serializer and form
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dossier")
    year = timezone.localdate().year
    for day_year in (year - 1, year, year + 1):  # a dossier received in December is due in January
        national_days_off(day_year)

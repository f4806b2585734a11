"""Chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg) on screen: the leaders' page
(the province's score this month against last month, the agencies worst first, each
indicator one click from what lost its points) and the reform officers' catalogue work list."""

from datetime import date

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from procedures.reports.serving_index import serving_index_dashboard
from procedures.roles import Role, has_role
from procedures.selectors.serving_index_catalogue import catalogue_index_work
from procedures.selectors.statistics_limits import StatisticsTimeout, statistics_timeout
from procedures.selectors.units import unit_codes_in_scope

READERS = (Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR)


def _month(value: str, today: date) -> date | None:
    """``YYYY-MM`` as the month's first day; the current month when empty, ``None`` if wrong."""
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


class ServingIndexPageView(LoginRequiredMixin, View):
    """Chỉ số phục vụ: the province's and the agencies' score for a month (``?month=YYYY-MM``)."""

    def get(self, request):
        if not has_role(request.user, *READERS):
            raise PermissionDenied
        today = timezone.localdate()
        month = _month(request.GET.get("month", ""), today)
        if month is None or month > today:
            return HttpResponse(
                _("The month must be written YYYY-MM and not be in the future."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        try:
            with statistics_timeout():
                # A leader named on some units sees theirs (and those under them), as on the
                # dashboard; the statistics' own user check would give them the province.
                units = unit_codes_in_scope(request.user, date_from=month, date_to=today)
                page = serving_index_dashboard(
                    month=month, today=today, user=request.user, units=units
                )
        except StatisticsTimeout as stopped:
            return HttpResponse(str(stopped), status=503, content_type="text/plain; charset=utf-8")
        return render(request, "serving_index/page.html", {"page": page, "month": month})


class ServingIndexCatalogueView(LoginRequiredMixin, View):
    """Việc về danh mục TTHC làm mất điểm: the reform officers' work list."""

    def get(self, request):
        if not has_role(request.user, *READERS):
            raise PermissionDenied
        work = catalogue_index_work(today=timezone.localdate())
        return render(request, "serving_index/catalogue.html", {"work": work})

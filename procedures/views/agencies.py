"""Trang của một cơ quan, đơn vị: one agency's own page, opened from the agencies' ranking (or
where a leader who answers for that unit lands): its trend by month, its sectors and procedures
with the most late dossiers, its desks and its dossiers overdue now; and the list of units with
(or without) a one-stop desk behind the report's coverage figures."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views import View

from procedures.filters.units import CoverageUnitFilterSet
from procedures.models import Dossier, Unit
from procedures.selectors.dossiers import dossiers_overdue
from procedures.selectors.statistics_groupings import GROUPINGS
from procedures.selectors.units import units_led_by, user_can_see_unit
from procedures.views.home import dashboard_context

OVERDUE_SHOWN = 20


class UnitPageView(LoginRequiredMixin, View):
    """Trang đơn vị: the dashboard of one agency, for the same period and sector filters."""

    def get(self, request, code: str):
        unit = get_object_or_404(Unit, code=code)
        if not user_can_see_unit(user=request.user, unit=unit):
            raise PermissionDenied
        context = dashboard_context(request, unit=unit.code)
        overdue = (
            dossiers_overdue(
                at=timezone.now(),
                queryset=Dossier.objects.filter(GROUPINGS["unit"].filter_q([unit.code])),
            )
            .select_related("desk", "procedure_version")
            .order_by("due_at", "code")
        )
        context |= {
            "unit": unit,
            "overdue_dossiers": list(overdue[:OVERDUE_SHOWN]),
            "led_units": list(units_led_by(request.user)),
            "ranking_query": urlencode(
                {k: v for k, v in context["filters"].as_params().items() if k != "unit"}
            ),
        }
        return render(request, "home/unit.html", context)


class UnitListView(LoginRequiredMixin, View):
    """Danh sách đơn vị có Bộ phận một cửa: the units behind the report's coverage figures."""

    page_size = 100

    def get(self, request):
        filterset = CoverageUnitFilterSet(request.GET, queryset=Unit.objects.all())
        units = (
            filterset.qs.select_related("parent").order_by("kind", "code")
            if filterset.is_valid()
            else Unit.objects.none()
        )
        page = Paginator(units, self.page_size).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        count = page.paginator.count
        return render(
            request,
            "units/list.html",
            {
                "filterset": filterset,
                "page": page,
                "count_text": ngettext("%(count)s unit", "%(count)s units", count)
                % {"count": f"{count:,}".replace(",", ".")},
                "query": query.urlencode(),
            },
            status=200 if filterset.is_valid() else 400,
        )

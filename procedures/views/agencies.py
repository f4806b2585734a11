"""Trang của một cơ quan, đơn vị: one agency's own page, opened from the agencies' ranking (or
where a leader who answers for that unit lands): its trend by month, its sectors and procedures
with the most late dossiers, its desks and its dossiers overdue now."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

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

"""The home page: each role lands on its work. Leaders on the dashboard, reception staff on
their desk's queue with today's counts, reform officers on what waits for them (decisions not
applied, changes not published, imports that failed), administrators on the system's health.
Visitors see the public entry points."""

from dataclasses import replace

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from onestop.health import broker_state, database_state
from procedures.choices import Level
from procedures.models import Centre, Sector
from procedures.reports.charts import FORMATS
from procedures.reports.dashboard import (
    CHARTS,
    TABLE_FORMATS,
    TABLES,
    DashboardFilters,
    dashboard_chart,
    dashboard_data,
    dashboard_filters,
    dashboard_ranking,
    dashboard_table,
    desk_day_figures,
)
from procedures.reports.serving_index import dashboard_serving_index
from procedures.roles import Role, has_role, user_roles
from procedures.selectors.agency_ranking import AGENCY_LEVELS
from procedures.selectors.dossiers import dossier_work_queue, dossiers_visible_to
from procedures.selectors.home import last_heartbeat, officer_work
from procedures.selectors.statistics_limits import StatisticsTimeout, statistics_timeout
from procedures.selectors.units import desks_of_user, statistics_scope_of, units_led_by
from procedures.selectors.warnings import dossiers_time_left_mark, warnings_for

DASHBOARD_ROLES = (Role.LEADER, Role.REFORM_OFFICER, Role.ADMINISTRATOR)


def _landing(user) -> str:
    """Which home a user lands on. An administrator's work is the system (a superuser holds
    every role); then leaders, reform officers, reception staff."""
    roles = user_roles(user)
    in_groups = set(user.groups.values_list("name", flat=True))
    if Role.ADMINISTRATOR in in_groups or (user.is_superuser and not in_groups):
        return "administrator"
    for role, landing in (
        (Role.LEADER, "leader"),
        (Role.REFORM_OFFICER, "reform_officer"),
        (Role.RECEPTION, "reception"),
    ):
        if role in roles:
            return landing
    return "none"


def reader_filters(filters: DashboardFilters, user) -> DashboardFilters:
    """The filters limited to what ``user`` answers for (:func:`statistics_scope_of`): another
    unit's figures by the query string (a chart's or a table's) are refused as its page is."""
    scope = statistics_scope_of(
        user, date_from=filters.date_from, date_to=filters.date_to, unit=filters.unit
    )
    return replace(filters, scope=scope)


def dashboard_context(request, *, unit: str = "") -> dict:
    """The dashboard's filters and figures; with ``unit``, those of one agency's own page (its
    desks instead of the agencies' ranking)."""
    now = timezone.now()
    params = request.GET.copy()
    params.pop("unit", None)  # the province's dashboard, or the one unit the page is about
    if unit:
        params["unit"] = unit
    filters, errors = dashboard_filters(params, today=timezone.localdate(now))
    filters = reader_filters(filters, request.user)
    params = filters.as_params()
    led = list(units_led_by(request.user)) if filters.scope else []
    return {
        "filters": filters,
        # What a leader limited to some units is shown: their units, and how many under them.
        "scope_named": ", ".join(u.name for u in led if u.code in filters.scope),
        "scope_under": len(filters.scope) - sum(u.code in filters.scope for u in led),
        "filter_errors": errors,
        "data": dashboard_data(filters, now=now),
        "ranking": None if unit else dashboard_ranking(filters, now=now),
        # The agency's own page has the index's page one click away; the dashboard a panel.
        "serving_index": None
        if unit
        else dashboard_serving_index(filters, today=timezone.localdate(now), user=request.user),
        "levels": [(str(int(level)), Level(level).label) for level in AGENCY_LEVELS],
        "chart_query": "&".join(f"{k}={v}" for k, v in params.items()),
        "centres": Centre.objects.order_by("-valid_from", "name"),
        "sectors": Sector.objects.order_by("name"),
        "periods": (
            ("month", _("This month")),
            ("quarter", _("This quarter")),
            ("year", _("This year")),
            ("range", _("A range of dates")),
        ),
    }


class HomeView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return render(request, "home.html")
        landing = _landing(request.user)
        context = {"landing": landing}
        if landing == "leader":
            # A leader who answers for some units only starts from the first of them.
            led = units_led_by(request.user).first()
            if led is not None and not has_role(
                request.user, Role.REFORM_OFFICER, Role.ADMINISTRATOR
            ):
                return redirect("unit-page", code=led.code)
            context["warnings"] = warnings_for(
                queryset=dossiers_visible_to(request.user), at=timezone.now()
            )
            return _dashboard_page(request, context)
        if landing == "reception":
            desks = list(desks_of_user(request.user).select_related("centre"))
            now = timezone.now()
            queue = list(dossier_work_queue(user=request.user)[:20])
            dossiers_time_left_mark(queue, at=now)
            context |= {
                "desks": desks,
                "today": _reception_today(desks),
                "queue": queue,
                "warnings": warnings_for(queryset=dossiers_visible_to(request.user), at=now),
            }
            return render(request, "home/reception.html", context)
        if landing == "reform_officer":
            context["work"] = officer_work()
            return render(request, "home/reform_officer.html", context)
        if landing == "administrator":
            context |= {
                "database": database_state(),
                "broker": broker_state(),
                "eager": settings.CELERY_TASK_ALWAYS_EAGER,
                "heartbeat": last_heartbeat(),
                "work": officer_work(),
            }
            return render(request, "home/administrator.html", context)
        return render(request, "home.html", context)


def _reception_today(desks) -> list[dict]:
    now = timezone.now()
    return [desk_day_figures(desk=desk, now=now) for desk in desks]


class DashboardView(LoginRequiredMixin, View):
    """Bảng điều khiển: the leaders' dashboard, also open to reform officers and
    administrators."""

    def get(self, request):
        if not has_role(request.user, *DASHBOARD_ROLES):
            raise PermissionDenied
        return _dashboard_page(request, {})


def _dashboard_page(request, context: dict) -> HttpResponse:
    """The dashboard for the asked filters. A wrong filter (a period past the limits) is named
    on the page with the default period shown, and answers 400 so that a script sees it."""
    try:
        with statistics_timeout():
            context |= dashboard_context(request)
    except StatisticsTimeout as stopped:
        return _stopped(stopped)
    status = 400 if context["filter_errors"] else 200
    return render(request, "home/leader.html", context, status=status)


def _refused_filters(filters_errors: list[str]) -> HttpResponse:
    return HttpResponse(
        "\n".join(filters_errors), status=400, content_type="text/plain; charset=utf-8"
    )


def _stopped(stopped: StatisticsTimeout) -> HttpResponse:
    return HttpResponse(str(stopped), status=503, content_type="text/plain; charset=utf-8")


class DashboardChartView(LoginRequiredMixin, View):
    """One chart of the dashboard, as SVG or PNG, for the same filters."""

    def get(self, request, name: str, fmt: str):
        if not has_role(request.user, *DASHBOARD_ROLES):
            raise PermissionDenied
        if name not in CHARTS or fmt not in FORMATS:
            raise Http404
        now = timezone.now()
        filters, errors = dashboard_filters(request.GET, today=timezone.localdate(now))
        if errors:
            return _refused_filters(errors)
        filters = reader_filters(filters, request.user)
        try:
            with statistics_timeout():
                content = dashboard_chart(filters, name, fmt, now=now)
        except StatisticsTimeout as stopped:
            return _stopped(stopped)
        response = HttpResponse(content, content_type=FORMATS[fmt])
        if request.GET.get("download"):
            stamp = f"{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}"
            response["Content-Disposition"] = f'attachment; filename="bieu-do-{name}-{stamp}.{fmt}"'
        return response


class DashboardTableView(LoginRequiredMixin, View):
    """A table of the dashboard (by centre, desk, sector, procedure or month) as CSV or XLSX,
    for the same filters."""

    def get(self, request, fmt: str):
        if not has_role(request.user, *DASHBOARD_ROLES):
            raise PermissionDenied
        dim = request.GET.get("table", "centre")
        if dim not in TABLES or fmt not in TABLE_FORMATS:
            raise Http404
        filters, errors = dashboard_filters(request.GET, today=timezone.localdate())
        if errors:
            return _refused_filters(errors)
        filters = reader_filters(filters, request.user)
        try:
            with statistics_timeout():
                content = dashboard_table(filters, dim, fmt)
        except StatisticsTimeout as stopped:
            return _stopped(stopped)
        response = HttpResponse(content, content_type=TABLE_FORMATS[fmt])
        stamp = f"{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}"
        response["Content-Disposition"] = f'attachment; filename="thong-ke-{dim}-{stamp}.{fmt}"'
        return response

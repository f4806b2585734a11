"""Danh sách hồ sơ: every dossier a user may read, narrowed by the dossier FilterSet. Each figure
of the dashboard links here with the filters that select exactly the dossiers behind it."""

from datetime import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from procedures.choices import Channel, DossierStatus, Outcome
from procedures.filters.dossiers import DossierFilterSet
from procedures.models import Centre, Desk, Sector, Unit
from procedures.selectors.dossiers import dossiers_visible_to
from procedures.selectors.warnings import dossiers_time_left_mark
from procedures.views.dossiers import RolesRequiredMixin


def _moment_text(value) -> str:
    return date_format(timezone.localtime(value), "H:i d/m/Y")


def _day_text(value: str | None) -> str:
    """2025-03-01 -> 01/03/2025 (as typed when it is not an ISO date; "…" when absent)."""
    if not value:
        return "…"
    try:
        return datetime.strptime(value, "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return value


def filter_summary(data) -> list[tuple[str, str]]:
    """The filters in force, as (label, value) pairs a reader understands: names, not codes."""
    parts: list[tuple[str, str]] = []
    # Centre, desk and agency may be several (a report's total over its centres, a unit's
    # desks, a leader's units).
    for key, model, label in (
        ("centre", Centre, _("Centre")),
        ("desk", Desk, _("Desk")),
        ("unit", Unit, _("Agency")),
    ):
        codes = [c.strip() for v in data.getlist(key) for c in v.split(",") if c.strip()]
        if codes:
            names = dict(model.objects.filter(code__in=codes).values_list("code", "name"))
            parts.append((label, ", ".join(names.get(code, code) for code in codes)))
    if code := data.get("sector"):
        sector = Sector.objects.filter(code=code).first()
        parts.append((_("Sector"), sector.name if sector else code))
    if code := data.get("procedure"):
        parts.append((_("Procedure"), code))
    channels = [Channel(c).label for c in data.getlist("channel") if c in Channel.values]
    if channels:
        parts.append((_("Channel"), ", ".join(map(str, channels))))
    outcomes = [Outcome(o).label for o in data.getlist("outcome") if o in Outcome.values]
    if outcomes:
        parts.append((_("Outcome"), ", ".join(map(str, outcomes))))
    statuses = [
        DossierStatus(int(s)).label
        for s in data.getlist("status")
        if s.isdigit() and int(s) in DossierStatus.values
    ]
    if statuses:
        parts.append((_("Status"), ", ".join(map(str, statuses))))
    for start, end, label in (
        ("received_from", "received_to", _("Received")),
        ("resolved_from", "resolved_to", _("Resolved")),
        ("apologised_from", "apologised_to", _("Apology issued")),
    ):
        if data.get(start) or data.get(end):
            parts.append(
                (
                    label,
                    _("%(start)s to %(end)s")
                    % {"start": _day_text(data.get(start)), "end": _day_text(data.get(end))},
                )
            )
    apology = {"in_time": _("in time"), "late": _("late")}.get(data.get("apology"))
    if apology:
        parts.append((_("Apology"), apology))
    return parts


class DossierListView(RolesRequiredMixin, View):
    """Danh sách hồ sơ theo bộ lọc: the dossiers behind a figure."""

    page_size = 50

    def get(self, request):
        filterset = DossierFilterSet(request.GET, queryset=dossiers_visible_to(request.user))
        dossiers = filterset.qs.order_by("-received_at", "code") if filterset.is_valid() else None
        page = (
            Paginator(dossiers, self.page_size).get_page(request.GET.get("page"))
            if (dossiers is not None)
            else None
        )
        if page is not None:
            dossiers_time_left_mark(page, at=timezone.now())
        count = page.paginator.count if page else 0
        query = request.GET.copy()
        query.pop("page", None)
        summary = filter_summary(request.GET)
        for key, label in (("open_at", _("Open at")), ("overdue_at", _("Overdue at"))):
            if filterset.is_valid() and filterset.form.cleaned_data.get(key):
                summary.append((label, _moment_text(filterset.form.cleaned_data[key])))
        return render(
            request,
            "dossiers/list.html",
            {
                "page": page,
                "filterset": filterset,
                "summary": summary,
                "count_text": ngettext("%(count)s dossier", "%(count)s dossiers", count)
                % {"count": f"{count:,}".replace(",", ".")},
                "query": query.urlencode(),
            },
            status=200 if filterset.is_valid() else 400,
        )

"""Số liệu kiểm soát TTHC: the catalogue's figures for the report section, for a period, a level
or an agency."""

from datetime import date

from django.utils import timezone
from django.views.generic import TemplateView

from procedures.choices import Level
from procedures.forms.catalogue import FiguresForm
from procedures.selectors.catalogue import procedure_versions_in_force
from procedures.selectors.catalogue_figures import catalogue_figures
from procedures.views.catalogue.access import READERS, RolesRequired


class FiguresView(RolesRequired, TemplateView):
    """Số liệu kiểm soát TTHC for the report section, for a period, a level or an agency."""

    roles = READERS
    template_name = "catalogue/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        initial = {"date_from": date(today.year, 1, 1), "date_to": today}
        form = FiguresForm(self.request.GET or None, initial=initial)
        values = None
        if form.is_bound and form.is_valid():
            values = form.cleaned_data
        elif not form.is_bound:
            values = {**initial, "level": None, "agency_name": ""}
        if values is not None:
            level = values.get("level")
            context["figures"] = catalogue_figures(
                date_from=values["date_from"],
                date_to=values["date_to"],
                level=level if level not in (None, "") else None,
                agency_name=values.get("agency_name") or "",
            )
        context["form"] = form
        context["agencies"] = (
            procedure_versions_in_force(as_of=today)
            .exclude(agency_name="")
            .order_by("agency_name")
            .values_list("agency_name", flat=True)
            .distinct()
        )
        context["levels"] = Level
        return context

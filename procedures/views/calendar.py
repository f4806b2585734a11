"""Lịch làm việc: the year's days off, make-up working days and sessions (read-only)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from procedures.choices import SupplementMode
from procedures.selectors.calendar import calendar_year_get

FIRST_YEAR, LAST_YEAR = 1990, 2100


class WorkingCalendarView(LoginRequiredMixin, TemplateView):
    template_name = "calendar/year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        asked = self.request.GET.get("year")
        if asked:
            try:
                if not FIRST_YEAR <= int(asked) <= LAST_YEAR:
                    raise ValueError(asked)
                year = int(asked)
            except ValueError:
                messages.error(
                    self.request,
                    _("The year must be a number from %(first)d to %(last)d; showing %(year)d.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": year},
                )
        calendar_year = calendar_year_get(year=year)
        context.update(
            calendar=calendar_year,
            supplement_mode_label=SupplementMode(calendar_year.supplement_mode).label,
            months=list(enumerate(calendar_year.working_days_by_month, start=1)),
            previous_year=year - 1 if year > FIRST_YEAR else None,
            next_year=year + 1 if year < LAST_YEAR else None,
        )
        return context

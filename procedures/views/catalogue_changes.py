"""The lists behind the report's catalogue figures (issue 21, every number traceable): the
changes of one kind in a period (thay đổi trong kỳ) and the procedures reviewed in a period by
how much their time was cut (thủ tục được rà soát). Read-only, each with its total count."""

from datetime import date

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from procedures.filters.catalogue_changes import (
    CatalogueChangeFilterSet,
    ReviewedProcedureFilterSet,
)
from procedures.models import Procedure, ProcedureVersion
from procedures.views.catalogue import PAGE_SIZE, READERS, RolesRequired


class _PeriodListView(RolesRequired, TemplateView):
    """A paginated list for a period (this year until today unless the address names one)."""

    roles = READERS
    filterset_class = None
    queryset = None
    defaults: dict = {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        data = {"date_from": date(today.year, 1, 1).isoformat(), "date_to": today.isoformat()}
        data.update(self.defaults)
        data.update(self.request.GET.dict())
        filterset = self.filterset_class(data, queryset=self.queryset.none())
        rows = self.queryset.none()
        if filterset.is_valid():
            period = filterset.form.cleaned_data
            if period["date_from"] > period["date_to"]:
                filterset.form.add_error("date_to", _("The period ends before it starts."))
            else:
                rows = filterset.qs
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=filterset, page=page, total=page.paginator.count, query=query.urlencode()
        )
        return context


class CatalogueChangesView(_PeriodListView):
    """Thay đổi trong kỳ: the versions of one kind of change (new, amended, replaced,
    abolished, corrected, published in the national database) in the period."""

    template_name = "catalogue/changes_list.html"
    filterset_class = CatalogueChangeFilterSet
    queryset = ProcedureVersion.objects.all()
    defaults = {"kind": "new"}


class ReviewedProceduresView(_PeriodListView):
    """Thủ tục được rà soát: the procedures reviewed in the period, by how much the time was
    cut."""

    template_name = "catalogue/reviewed_list.html"
    filterset_class = ReviewedProcedureFilterSet
    queryset = Procedure.objects.all()

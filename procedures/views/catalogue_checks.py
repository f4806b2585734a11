"""The reform officer's list of what a national file left to check (cần xem lại): the cells
an import took in as written, without a value read from them, until a correction settles
them."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from procedures.selectors.catalogue import procedure_versions_to_check
from procedures.views.catalogue import READERS, RolesRequired

PAGE_SIZE = 50


class ToCheckListView(RolesRequired, TemplateView):
    """Cần xem lại: each procedure with its cells to check (column, text as written, why)."""

    roles = READERS
    template_name = "catalogue/to_check_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = procedure_versions_to_check()
        context["page"] = Paginator(versions, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context["total"] = context["page"].paginator.count
        return context

"""Thủ tục hành chính for the public: the catalogue in force today and a procedure's page,
read-only and without login."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from procedures.filters.catalogue import ProcedureVersionFilterSet
from procedures.models import ProcedureVersion
from procedures.selectors.catalogue import (
    procedure_by_code,
    procedure_versions_in_force,
    procedure_versions_on,
    search_ordered,
)
from procedures.views.catalogue.paging import page_of, query_without_page


class PublicCatalogueView(TemplateView):
    """Thủ tục hành chính: the catalogue in force today, for anyone, no login."""

    template_name = "catalogue/public_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = {
            key: value
            for key, value in self.request.GET.items()
            if key in {"q", "sector", "level", "page"}
        }
        filterset = ProcedureVersionFilterSet(
            params or None,
            queryset=ProcedureVersion.objects.select_related("procedure", "sector"),
        )
        versions = (
            filterset.qs
            if filterset.is_bound
            else procedure_versions_in_force(as_of=timezone.localdate())
        )
        context.update(
            filter=filterset,
            page=page_of(self.request, search_ordered(versions)),
            query=query_without_page(self.request),
        )
        return context


class PublicProcedureView(TemplateView):
    template_name = "catalogue/public_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedure = procedure_by_code(kwargs["code"])
        version = (
            procedure_versions_on(as_of=timezone.localdate()).filter(procedure=procedure).first()
            if procedure
            else None
        )
        if version is None:
            raise Http404(_("No procedure with this code."))
        context["version"] = version
        return context

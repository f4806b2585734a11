"""Danh mục TTHC for reform officers: the catalogue with its filters and search, a procedure's
history, an administrator's correction (đính chính), and the export of the catalogue in force."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from procedures.filters.catalogue import ProcedureVersionFilterSet
from procedures.forms.catalogue import CatalogueExportForm, CorrectionForm
from procedures.models import ProcedureVersion
from procedures.problems import Refused
from procedures.reports.catalogue_export import catalogue_csv, catalogue_xlsx
from procedures.roles import Role
from procedures.selectors.catalogue import (
    DISTRICTS_ENDED,
    procedure_by_code,
    procedure_history,
    procedure_versions_in_force,
    procedure_versions_needing_level_reassignment,
    search_ordered,
)
from procedures.services.catalogue import procedure_version_correct
from procedures.views.catalogue.access import READERS, RolesRequired
from procedures.views.catalogue.paging import page_of, query_without_page


class CatalogueListView(RolesRequired, TemplateView):
    """Danh mục TTHC with filters and a search that ignores diacritics."""

    roles = READERS
    template_name = "catalogue/procedure_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = ProcedureVersionFilterSet(
            self.request.GET or None,
            queryset=ProcedureVersion.objects.select_related("procedure", "sector"),
        )
        versions = (
            filterset.qs
            if filterset.is_bound
            else procedure_versions_in_force(as_of=timezone.localdate())
        )
        as_of = (
            filterset.form.cleaned_data.get("as_of")
            if filterset.is_bound and filterset.form.is_valid()
            else None
        ) or timezone.localdate()
        context.update(
            filter=filterset,
            page=page_of(self.request, search_ordered(versions)),
            query=query_without_page(self.request),
            as_of=as_of,
            reassign_count=procedure_versions_needing_level_reassignment(as_of=as_of).count(),
            districts_ended=DISTRICTS_ENDED,
            export_form=CatalogueExportForm(initial={"as_of": as_of}),
        )
        return context


class ProcedureDetailView(RolesRequired, TemplateView):
    """A procedure with its history as a timeline (each version, what it changed, why)."""

    roles = READERS
    template_name = "catalogue/procedure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedure = procedure_by_code(self.kwargs["code"])
        if procedure is None:
            raise Http404(_("No procedure with this code."))
        history = procedure_history(procedure=procedure)
        today = timezone.localdate()
        # The version in force today; a decision applied ahead of its date makes a later one.
        current = next(
            (
                v
                for v in history
                if v.valid_from <= today and (v.superseded_on is None or v.superseded_on > today)
            ),
            None,
        )
        context.update(
            procedure=procedure,
            history=list(reversed(history)),
            current=current,
            latest=history[-1] if history else None,
            today=today,
            correction_form=kwargs.get("correction_form") or CorrectionForm(),
        )
        return context


class ProcedureCorrectView(RolesRequired, TemplateView):
    """An administrator's correction of a procedure's record, recorded as such."""

    roles = (Role.ADMINISTRATOR,)
    template_name = "catalogue/procedure_detail.html"

    def get(self, request, *args, **kwargs):
        return redirect("procedure-detail", code=kwargs["code"])

    def post(self, request, *args, **kwargs):
        procedure = procedure_by_code(kwargs["code"])
        if procedure is None:
            raise Http404(_("No procedure with this code."))
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                procedure_version_correct(
                    procedure=procedure,
                    changes=form.changes(),
                    note=form.cleaned_data["note"],
                    valid_from=form.cleaned_data.get("valid_from"),
                    user=request.user,
                )
            except Refused as refusal:
                for problem in refusal.problems:
                    form.add_problem(problem)
            else:
                messages.success(request, _("The correction is recorded."))
                return redirect("procedure-detail", code=procedure.code)
        detail = ProcedureDetailView(request=request, kwargs=kwargs)
        context = detail.get_context_data(correction_form=form, **kwargs)
        return self.render_to_response(context, status=400)


class CatalogueExportView(RolesRequired, View):
    """The catalogue in force on a date, as XLSX or CSV with the import's headers."""

    roles = READERS

    def get(self, request):
        form = CatalogueExportForm(request.GET)
        if not form.is_valid():
            messages.error(request, _("Choose a date and a format to export."))
            return redirect("catalogue-list")
        as_of = form.cleaned_data.get("as_of") or timezone.localdate()
        name = f"danh-muc-tthc-{as_of:%Y-%m-%d}"
        if form.cleaned_data["file_format"] == "csv":
            response = HttpResponse(catalogue_csv(as_of=as_of), content_type="text/csv")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            response = HttpResponse(
                catalogue_xlsx(as_of=as_of),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response

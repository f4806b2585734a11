"""The report screen: ask for the administrative-reform report, follow its generation by a
Celery task, read its narrative and download the file."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from procedures.choices import ImportStatus
from procedures.forms.reports import AdminReformReportForm, ReportAuditForm, ReportTemplateForm
from procedures.problems import Refused
from procedures.reports.admin_reform import admin_reform_data
from procedures.reports.audit import (
    UNPLACED,
    audit_summary,
    audit_text,
    document_text,
    verdict_label,
)
from procedures.reports.docx_template import PLACEHOLDERS, REQUIRED
from procedures.reports.narrative import (
    admin_reform_paragraphs,
    check_lines,
    figure_spans,
    report_title,
)
from procedures.selectors.reports import (
    generated_report_progress,
    generated_reports_of,
    generated_reports_recent,
    report_document_last,
    report_template_active,
)
from procedures.selectors.units import (
    OutsideScope,
    report_unit_of,
    statistics_units_of,
    unit_list,
)
from procedures.services.reports import admin_reform_report_create, generated_reports_expire
from procedures.views.catalogue import READERS, RolesRequired

FIELDS = {"from": "date_from", "to": "date_to", "unit": "unit", "format": "file_format"}


def _report_unit(form, user) -> str | None:
    """The unit of the report asked for by ``form``, or ``None`` with the form's error said
    (another unit than the leader's own, or none chosen among theirs)."""
    values = form.cleaned_data
    try:
        return report_unit_of(
            user, date_from=values["date_from"], date_to=values["date_to"], unit=values["unit"]
        )
    except OutsideScope as outside:
        form.add_error("unit", str(outside))
    except Refused as refusal:
        for problem in refusal.problems:
            form.add_error("unit", problem.message)
    return None


class ReportListView(RolesRequired, TemplateView):
    """Lập báo cáo: the form and the reports asked for lately."""

    roles = READERS
    template_name = "reports/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        generated_reports_expire()
        context.setdefault(
            "form",
            kwargs.get("form")
            or AdminReformReportForm(document=report_document_last(user=self.request.user)),
        )
        context["reports"] = generated_reports_recent(
            reports=generated_reports_of(self.request.user)
        )
        context.setdefault("template_form", ReportTemplateForm())
        context["template_placeholders"] = list(PLACEHOLDERS.items())
        context["template_required"] = REQUIRED
        context["report_template"] = report_template_active()
        units = unit_list().select_related(None).prefetch_related(None).only("code", "name")
        mine = statistics_units_of(self.request.user)
        context["units"] = units.filter(code__in=mine) if mine else units
        return context

    def post(self, request, *args, **kwargs):
        form = AdminReformReportForm(request.POST)
        unit_code = _report_unit(form, request.user) if form.is_valid() else None
        if unit_code is not None:
            values = form.cleaned_data
            try:
                report = admin_reform_report_create(
                    date_from=values["date_from"],
                    date_to=values["date_to"],
                    unit_code=unit_code,
                    file_format=values["file_format"],
                    user=request.user,
                    document=form.document(),
                    base_url=request.build_absolute_uri("/"),
                )
            except Refused as refusal:
                for problem in refusal.problems:
                    field = FIELDS.get(problem.column or "")
                    form.add_error(field if field in form.fields else None, problem.message)
            else:
                return redirect("report-detail", pk=report.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReportDetailView(RolesRequired, TemplateView):
    """A report: its progress while it is made, then its narrative and the download."""

    roles = READERS
    template_name = "reports/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        generated_reports_expire()
        report = get_object_or_404(
            generated_reports_of(self.request.user).defer("content").select_related("unit"),
            pk=kwargs["pk"],
        )
        context.update(report=report, progress=generated_report_progress(report))
        if report.status == ImportStatus.DONE and report.data:
            context.update(
                title=report_title(report.data),
                paragraphs=[
                    figure_spans(text, report.data.get("sources"))
                    for text in admin_reform_paragraphs(report.data, marked=True)
                ],
                checks=check_lines(report.data),
            )
        return context


class ReportStatusView(RolesRequired, View):
    """The progress of a report, polled by its page."""

    roles = READERS

    def get(self, request, pk):
        generated_reports_expire()
        report = get_object_or_404(
            generated_reports_of(request.user).defer("content", "data"), pk=pk
        )
        return JsonResponse(generated_report_progress(report))


class ReportDownloadView(RolesRequired, View):
    roles = READERS

    def get(self, request, pk):
        report = get_object_or_404(
            generated_reports_of(request.user).defer("data"), pk=pk, status=ImportStatus.DONE
        )
        response = HttpResponse(bytes(report.content), content_type=report.content_type)
        response["Content-Disposition"] = f'attachment; filename="{report.file_name}"'
        return response


class ReportAuditView(RolesRequired, TemplateView):
    """Đối chiếu báo cáo: upload a published report, see each figure against the data."""

    roles = READERS
    template_name = "reports/audit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ReportAuditForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ReportAuditForm(request.POST, request.FILES)
        context = {"form": form}
        unit_code = _report_unit(form, request.user) if form.is_valid() else None
        if unit_code is not None:
            values = form.cleaned_data
            upload = values["document"]
            try:
                text = document_text(upload.read(), upload.name)
                data = admin_reform_data(
                    date_from=values["date_from"],
                    date_to=values["date_to"],
                    unit_code=unit_code,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValueError as error:
                form.add_error("document", str(error))
            except Refused as refusal:
                for problem in refusal.problems:
                    field = FIELDS.get(problem.column or "")
                    form.add_error(field if field in form.fields else None, problem.message)
            else:
                summary = audit_summary(audit_text(text, data))
                if not values["show_unplaced"]:
                    summary[UNPLACED] = []
                context.update(
                    summary=summary,
                    counts={key: len(found) for key, found in summary.items()},
                    labels={key: verdict_label(key) for key in summary},
                    file_name=upload.name,
                )
                return self.render_to_response(self.get_context_data(**context))
        return self.render_to_response(self.get_context_data(**context), status=400)

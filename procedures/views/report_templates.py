"""Mẫu báo cáo (Word) on the report screen: download the default template to start from, upload
the office's own (checked before it is kept), download the one in use, go back to the default."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from procedures.forms.reports import ReportTemplateForm
from procedures.problems import Refused
from procedures.reports.admin_reform_files import CONTENT_TYPES
from procedures.reports.docx_template import default_template, default_template_path
from procedures.selectors.reports import report_template_active
from procedures.services.report_templates import report_template_reset, report_template_upload
from procedures.views.catalogue import READERS, WRITERS, RolesRequired
from procedures.views.reports import ReportListView


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ReportTemplateDefaultView(RolesRequired, View):
    """Tải mẫu mặc định: the shipped template, in the reader's language."""

    roles = READERS

    def get(self, request):
        return _docx(default_template(), default_template_path().name)


class ReportTemplateCurrentView(RolesRequired, View):
    """The template the next reports are made from: the office's, else the default."""

    roles = READERS

    def get(self, request):
        current = report_template_active()
        if current is None:
            return _docx(default_template(), default_template_path().name)
        return _docx(bytes(current.content), current.file_name)


class ReportTemplateUploadView(ReportListView):
    """Upload the office's template: kept and used only once it passes every check; refused,
    the report screen shows each problem under the file field."""

    roles = WRITERS

    def get(self, request, *args, **kwargs):
        return redirect("report-list")

    def post(self, request, *args, **kwargs):
        form = ReportTemplateForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["template"]
            try:
                report_template_upload(
                    content=upload.read(), file_name=upload.name, user=request.user
                )
            except Refused as refusal:
                for problem in refusal.problems:
                    form.add_error("template", problem.message)
            else:
                messages.success(
                    request,
                    _("“%(name)s” is in use: the next Word reports are made from it.")
                    % {"name": upload.name},
                )
                return redirect("report-list")
        return self.render_to_response(self.get_context_data(template_form=form), status=400)


class ReportTemplateResetView(RolesRequired, View):
    """Go back to the default template (the uploads stay on record)."""

    roles = WRITERS

    def post(self, request):
        if report_template_reset():
            messages.success(request, _("The default template is in use again."))
        return redirect("report-list")

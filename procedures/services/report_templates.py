"""Mẫu báo cáo (Word): an office puts its own template of the report's DOCX in use, or goes
back to the default. The only code that writes ``ReportTemplate`` rows."""

from django.db import transaction
from django.utils.translation import gettext as _

from procedures.models import ReportTemplate
from procedures.problems import Problem, Refused
from procedures.reports.docx_template import MAX_BYTES, template_problems

FIELD = "template"


@transaction.atomic
def report_template_upload(*, content: bytes, file_name: str, user) -> ReportTemplate:
    """Check ``content`` as the report's Word template and put it in use for the next reports;
    refused with every problem (each naming its placeholder) and nothing changed otherwise."""
    if not file_name.lower().endswith(".docx"):
        raise Refused(
            [
                Problem(
                    _("“%(name)s”: give a Word file (.docx).") % {"name": file_name}, column=FIELD
                )
            ]
        )
    if len(content) > MAX_BYTES:
        raise Refused([Problem(_("The file is larger than 5 MB."), column=FIELD)])
    problems = template_problems(content)
    if problems:
        raise Refused([Problem(f"“{file_name}”: {message}", column=FIELD) for message in problems])
    ReportTemplate.objects.filter(active=True).update(active=False)
    return ReportTemplate.objects.create(
        content=content,
        file_name=file_name[:255],
        active=True,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def report_template_reset() -> int:
    """Go back to the shipped template; the uploads stay on record. Returns how many stopped."""
    return ReportTemplate.objects.filter(active=True).update(active=False)

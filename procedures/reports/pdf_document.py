"""The report as a PDF (WeasyPrint, as the receipt): the same document as the DOCX, for the
officer who sends it through the document system. Portrait A4 for the report, each form on
landscape pages whose header rows repeat; the layout lives in ``reports/document.html``."""

from django.template.loader import render_to_string

from procedures.reports import official_forms as forms
from procedures.reports.document import circular_line, particulars
from procedures.reports.formats import whole
from procedures.reports.narrative import admin_reform_paragraphs, check_lines, report_title


def _form_context(form: forms.Form, rows: list[list], totals: list, unit: str) -> dict:
    """The form's header as two rows of cells with their spans, and its body as text cells,
    numbers written the Vietnamese way and marked for right alignment."""
    groups = forms.official_groups(form)
    count = sum(len(group.labels) for group in groups)
    top = [
        {"text": g.title, "colspan": len(g.labels), "rowspan": 1 if len(g.labels) > 1 else 2}
        for g in groups
    ]
    sub = [label for g in groups if len(g.labels) > 1 for label in g.labels]

    def cells(row: list) -> list[dict]:
        out = []
        for position, value in enumerate(row[:count]):
            number = isinstance(value, int) and position > 1
            out.append({"text": whole(value) if number else str(value), "number": number})
        return out

    return {
        "code": form.code,
        "title": form.title,
        "unit": unit,
        "top": top,
        "sub": sub,
        "numbers": [f"({n})" for n in range(1, count + 1)],
        "rows": [cells(row) for row in rows],
        "totals": cells(totals),
        "wide": count > 6,
    }


def admin_reform_html(data: dict, document: dict | None = None) -> str:
    from django.utils.translation import gettext as _

    context = {
        "who": particulars(data, document),
        "title": report_title(data).upper(),
        "paragraphs": admin_reform_paragraphs(data),
        "checks": check_lines(data),
        "circular": circular_line(),
        "period": forms.period_line(data),
        "forms": [
            _form_context(
                forms.form_06(outside=False),
                *forms.form_06_rows(data, outside=False),
                _("dossiers"),
            ),
            _form_context(forms.form_06a(), *forms.form_06a_rows(data), _("dossiers")),
            _form_context(forms.form_07b(), *forms.form_07b_rows(data), _("procedures")),
        ],
    }
    return render_to_string("reports/document.html", context)


def admin_reform_pdf(data: dict, document: dict | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=admin_reform_html(data, document)).write_pdf()

"""The report as a PDF (WeasyPrint, as the receipt): the same document as the DOCX, for the
officer who sends it through the document system. Portrait A4 for the report, each form on
landscape pages whose header rows repeat; the layout lives in ``reports/document.html``."""

from django.template.loader import render_to_string

from procedures.reports import official_forms as forms
from procedures.reports.document import circular_line, particulars
from procedures.reports.formats import whole
from procedures.reports.narrative import (
    admin_reform_paragraphs,
    check_lines,
    figure_spans,
    report_title,
)
from procedures.reports.serving_index_document import serving_index_pdf_context
from procedures.reports.sources import form_links


def _form_context(
    form: forms.Form, rows: list[list], totals: list, unit: str, links: tuple[list, list]
) -> dict:
    """The form's header as two rows of cells with their spans, and its body as text cells,
    numbers written the Vietnamese way and marked for right alignment."""
    groups = forms.official_groups(form)
    count = sum(len(group.labels) for group in groups)
    top = [
        {"text": g.title, "colspan": len(g.labels), "rowspan": 1 if len(g.labels) > 1 else 2}
        for g in groups
    ]
    sub = [label for g in groups if len(g.labels) > 1 for label in g.labels]

    def cells(row: list, urls: list[str]) -> list[dict]:
        out = []
        for position, value in enumerate(row[:count]):
            number = isinstance(value, int) and position > 1
            url = urls[position] if number and position < len(urls) else ""
            out.append(
                {"text": whole(value) if number else str(value), "number": number, "url": url}
            )
        return out

    row_links, total_links = links

    return {
        "code": form.code,
        "title": form.title,
        "unit": unit,
        "top": top,
        "sub": sub,
        "numbers": [f"({n})" for n in range(1, count + 1)],
        "rows": [cells(row, (row_links[i : i + 1] or [[]])[0]) for i, row in enumerate(rows)],
        "totals": cells(totals, total_links),
        "wide": count > 6,
    }


def admin_reform_html(data: dict, document: dict | None = None) -> str:
    from django.utils.translation import gettext as _

    context = {
        "who": particulars(data, document),
        "title": report_title(data).upper(),
        "paragraphs": [
            figure_spans(text, data.get("sources"))
            for text in admin_reform_paragraphs(data, marked=True)
        ],
        "checks": check_lines(data),
        "circular": circular_line(),
        "period": forms.period_line(data),
        "serving_index": serving_index_pdf_context(data),
        "forms": [
            _form_context(
                forms.form_06(outside=False),
                *forms.form_06_rows(data, outside=False),
                _("dossiers"),
                form_links(data, "06"),
            ),
            _form_context(
                forms.form_06a(), *forms.form_06a_rows(data), _("dossiers"), form_links(data, "06a")
            ),
            _form_context(
                forms.form_07b(),
                *forms.form_07b_rows(data),
                _("procedures"),
                form_links(data, "07b"),
            ),
        ],
    }
    return render_to_string("reports/document.html", context)


def admin_reform_pdf(data: dict, document: dict | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=admin_reform_html(data, document)).write_pdf()

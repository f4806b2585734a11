"""Screens of the dossier flow: intake, receipt (page and PDF), work queue, overdue list, the
dossier page with its timeline and next actions, and the public lookup (tra cứu)."""

import base64
import io
from urllib.parse import urlencode

import qrcode
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from procedures.calendar.time_left import working_time_text
from procedures.dossier_flow import ACTION_LABELS, TRANSITIONS, WAITING_STATUSES
from procedures.forms.dossiers import DossierActionForm, DossierIntakeForm, DossierRatingForm
from procedures.models import Desk, Dossier, Procedure
from procedures.personal_data import mask_for_display, name_initials, user_handles_dossier
from procedures.public_lookup import check_value, lookup_admit, lookup_failed, public_dossier
from procedures.roles import Role, has_role
from procedures.search import fold
from procedures.selectors.calendar import clock_rule_book_get
from procedures.selectors.catalogue import procedure_versions_search
from procedures.selectors.dossiers import (
    dossier_allowed_actions,
    dossier_events,
    dossier_has_rating,
    dossier_is_overdue_now,
    dossier_no_time_limit_text,
    dossier_overdue_list,
    dossier_slip,
    dossier_transfer_receivers,
    dossier_user_can_receive,
    dossier_work_queue,
    dossiers_overdue,
    dossiers_visible_to,
    version_paper_names,
)
from procedures.selectors.lateness_risk import dossiers_risk_mark
from procedures.selectors.units import desk_procedure_versions
from procedures.selectors.warnings import dossiers_time_left_mark, warnings_for
from procedures.services.dossier_facts import RATEABLE_STATUSES
from procedures.services.dossiers import (
    DossierActionNotAllowed,
    IdempotencyKeyReused,
    dossier_act,
    dossier_receive,
)
from procedures.services.personal_data import dossier_applicant_access
from procedures.views.pagination import CappedPaginator

STAFF_ROLES = (Role.RECEPTION, Role.LEADER, Role.ADMINISTRATOR)


class RolesRequiredMixin(LoginRequiredMixin):
    roles: tuple[str, ...] = STAFF_ROLES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(request.user, *self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _intake_desks(user):
    if has_role(user, Role.ADMINISTRATOR):
        return Desk.objects.valid_on(timezone.localdate()).select_related("unit")
    return Desk.objects.filter(staff=user).valid_on(timezone.localdate()).select_related("unit")


def processing_time_text(version, channel: str | None = None) -> str:
    """The time a dossier takes, as the portal writes it ("15 Ngày", "Trong ngày")."""
    return str(version.processing_time_for(channel))


def _submission_key(request, submission: str) -> str | None:
    # Scoped to the user: a token is only ever rendered to the user who submits it.
    return f"form:{request.user.pk}:{submission}" if submission else None


class DossierIntakeView(RolesRequiredMixin, View):
    """Tiếp nhận hồ sơ: one screen, one submit."""

    roles = (Role.RECEPTION, Role.ADMINISTRATOR)
    template_name = "dossiers/intake.html"

    def get(self, request):
        form = DossierIntakeForm(desks=_intake_desks(request.user))
        return self._render(request, form)

    def post(self, request):
        form = DossierIntakeForm(request.POST, desks=_intake_desks(request.user))
        if form.is_valid():
            data = form.cleaned_data
            procedure = Procedure.objects.filter(code=data["procedure"]).first()
            if procedure is None:
                form.add_error("procedure", _("Pick a procedure from the list."))
                return self._render(request, form)
            try:
                dossier, _created = dossier_receive(
                    actor=request.user,
                    desk=data["desk"],
                    procedure=procedure,
                    channel=data["channel"],
                    applicant_name=data["applicant_name"],
                    applicant_id_number=data["applicant_id_number"],
                    applicant_phone=data["applicant_phone"],
                    applicant_address=data["applicant_address"],
                    applicant_email=data["applicant_email"],
                    papers=form.paper_items(),
                    fee_amount=data["fee_amount"],
                    paid_online=data["paid_online"],
                    idempotency_key=_submission_key(request, data["submission"]),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self._render(request, form)
            except IdempotencyKeyReused:
                # The same form sent again with other values: a new form, not a second dossier.
                messages.error(request, _("This form was already sent: fill in a new one."))
                return redirect("dossier-intake")
            if not _created:
                messages.info(
                    request, _("This form was already sent: here is the dossier it received.")
                )
                return redirect("dossier-detail", code=dossier.code)
            if dossier.has_time_limit:
                text = _("Dossier %(code)s received; result due at %(due)s.") % {
                    "code": dossier.code,
                    "due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y"),
                }
            else:
                text = _("Dossier %(code)s received without a due date: %(reason)s.") % {
                    "code": dossier.code,
                    "reason": dossier_no_time_limit_text(dossier),
                }
            messages.success(request, text)
            return redirect("dossier-detail", code=dossier.code)
        return self._render(request, form)

    def _render(self, request, form):
        chosen, papers = None, []
        code = form.data.get("procedure") if form.is_bound else None
        desk_id = form.data.get("desk") if form.is_bound else form.fields["desk"].initial
        desk = Desk.objects.filter(pk=getattr(desk_id, "pk", desk_id)).first() if desk_id else None
        if code and desk:
            chosen = (
                desk_procedure_versions(desk=desk, as_of=timezone.localdate())
                .filter(procedure__code=code)
                .first()
            )
            papers = version_paper_names(chosen) if chosen else []
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "chosen": chosen,
                "chosen_time": processing_time_text(chosen) if chosen else "",
                "papers": papers,
                "checked_papers": set(form.papers) if form.is_bound else set(papers),
                "digitised_papers": set(form.data.getlist("digitised")) if form.is_bound else set(),
                "reused_papers": set(form.data.getlist("reused")) if form.is_bound else set(),
                "chosen_fee": chosen.fee_amount if chosen else None,
                "no_desk": not form.fields["desk"].queryset.exists(),
            },
            status=400 if form.is_bound and form.errors else 200,
        )


class ProcedureSuggestionsView(RolesRequiredMixin, View):
    """JSON for the intake autocomplete: the desk's procedures matching ``q`` by code or name,
    ignoring diacritics."""

    roles = (Role.RECEPTION, Role.ADMINISTRATOR)
    limit = 15

    def get(self, request):
        desk_id = request.GET.get("desk", "")
        if not desk_id.isascii() or not desk_id.isdigit():
            raise Http404  # desk=abc: no such desk, not a 500
        desk = Desk.objects.filter(pk=int(desk_id)).select_related("unit").first()
        if desk is None or not dossier_user_can_receive(user=request.user, desk=desk):
            raise Http404
        q = request.GET.get("q", "")
        versions = desk_procedure_versions(desk=desk, as_of=timezone.localdate())
        versions = procedure_versions_search(versions, q)[: self.limit] if fold(q) else []
        results = [
            {
                "code": version.procedure.code,
                "name": version.name,
                "time": processing_time_text(version),
                "papers": version_paper_names(version),
                "fee_amount": version.fee_amount,
                "online_payment": version.online_payment,
            }
            for version in versions
        ]
        return JsonResponse({"results": results})


def _visible_dossier(request, code: str, via: str | None = None) -> Dossier:
    """The dossier ``code`` if the user may read it (404 otherwise). Shown (``via`` a page):
    the applicant in full to those who handle it, the view recorded; masked to the others
    (Decree 13/2023, procedures.personal_data)."""
    dossier = get_object_or_404(dossiers_visible_to(request.user), code=code)
    if via and not dossier_applicant_access(user=request.user, dossier=dossier, via=via):
        mask_for_display(dossier)
    return dossier


def _clock_context(dossier: Dossier, now) -> dict:
    """What the screens say about the clock: overdue now, or stopped while the applicant is
    awaited (since when, and the working time left)."""
    waiting = dossier.status in WAITING_STATUSES
    context = {
        "waiting": waiting,
        "overdue_now": dossiers_overdue(
            at=now, queryset=Dossier.objects.filter(pk=dossier.pk)
        ).exists()
        if dossier.is_open
        else False,
    }
    if dossier.is_open:
        book = clock_rule_book_get()
        dossiers_time_left_mark([dossier], at=now, book=book)
        dossiers_risk_mark([dossier], at=now, book=book)
        context["time_left_text"] = dossier.time_left_text
    if waiting:
        context["stopped_at"] = (
            dossier.events.filter(to_status=dossier.status)
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        context["work_left"] = (
            working_time_text(dossier.clock_work, _dossier_calendar(dossier))
            if not dossier.clock_ran_out and dossier.clock_work is not None
            else None
        )
    return context


def _dossier_calendar(dossier: Dossier):
    """The sessions a dossier's time is counted along: those of the rule set in force when it
    was received, for its whole life (a working day is their length)."""
    return clock_rule_book_get().for_moment(dossier.received_at)[0]


def _slip_rows(dossier: Dossier, events) -> list[dict]:
    """The slip's lines with their working times written as staff count them."""
    calendar = _dossier_calendar(dossier)

    def text(work):
        return working_time_text(work, calendar) if work is not None else "—"

    return [
        {
            "line": line,
            "held": text(line.held),
            "share": text(line.share),
            "late_by": text(line.late_by) if line.late_by else "—",
        }
        for line in dossier_slip(dossier=dossier, events=events)
    ]


class DossierDetailView(RolesRequiredMixin, View):
    """Hồ sơ: its data, the timeline of events and the next allowed actions only."""

    def get(self, request, code: str):
        dossier = _visible_dossier(request, code, via="page")
        now = timezone.now()
        allowed = dossier_allowed_actions(dossier=dossier, user=request.user, at=now)
        events = list(dossier_events(dossier=dossier))
        previous_due = None
        for event in events:
            event.label = ACTION_LABELS.get(event.action, event.action)
            # Show the due moment where it was set or moved, not again on every line.
            event.due_changed = event.due_at is not None and event.due_at != previous_due
            previous_due = event.due_at or previous_due
        return render(
            request,
            "dossiers/detail.html",
            {
                "dossier": dossier,
                "events": events,
                "actions": [(name, ACTION_LABELS[name]) for name in allowed],
                "receivers": dossier_transfer_receivers(dossier=dossier)
                if "transfer" in allowed
                else [],
                "form": DossierActionForm(),
                "slip": _slip_rows(dossier, events),
                **_clock_context(dossier, now),
            },
        )


class DossierActView(RolesRequiredMixin, View):
    """One action posted from the dossier page: one service call."""

    def post(self, request, code: str, action: str):
        if action not in TRANSITIONS:
            raise Http404
        # As in the API: another desk's staff are told nothing exists (404); a user who reads
        # the dossier but may not act on it gets 403 from the service.
        dossier = _visible_dossier(request, code)
        form = DossierActionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("dossier-detail", code=code)
        data = form.cleaned_data
        new_due_at = data.get("new_due_at")
        try:
            dossier_act(
                dossier=dossier,
                actor=request.user,
                action=action,
                note=data.get("note") or "",
                receiver=data.get("receiver"),
                new_due_at=new_due_at,
                # The resolve form's two ticks: unticked is a "no", the desk said it.
                electronic_result=data.get("electronic_result") if action == "resolve" else None,
                result_digitised=data.get("result_digitised") if action == "resolve" else None,
            )
        except DossierActionNotAllowed as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[action]})
        return redirect("dossier-detail", code=code)


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, box_size=4, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _receipt_context(request, dossier: Dossier) -> dict:
    check = check_value(dossier.code)
    lookup_url = request.build_absolute_uri(
        reverse("public-lookup") + "?" + urlencode({"code": dossier.code, "check": check})
    )
    version = dossier.procedure_version
    return {
        "check": check,
        "dossier": dossier,
        "version": version,
        "processing_time": processing_time_text(version, dossier.channel),
        "lookup_url": lookup_url,
        "qr": _qr_data_uri(lookup_url),
        "receiver": dossier.created_by,
    }


class DossierReceiptView(RolesRequiredMixin, View):
    """Phiếu tiếp nhận và hẹn trả kết quả, as a page to print."""

    def get(self, request, code: str):
        dossier = _visible_dossier(request, code, via="receipt")
        return render(request, "dossiers/receipt.html", _receipt_context(request, dossier))


class DossierReceiptPdfView(RolesRequiredMixin, View):
    """The receipt as a PDF (WeasyPrint, DejaVu Sans for every Vietnamese glyph)."""

    def get(self, request, code: str):
        from weasyprint import HTML

        dossier = _visible_dossier(request, code, via="receipt-pdf")
        context = {**_receipt_context(request, dossier), "pdf": True}
        html = render_to_string("dossiers/receipt.html", context, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        disposition = "attachment" if request.GET.get("download") else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="phieu-{dossier.code}.pdf"'
        return response


class DossierQueueView(RolesRequiredMixin, View):
    """Hồ sơ đang giải quyết: the desk's work queue, due soonest first."""

    overdue_only = False
    page_size = 50

    def get(self, request):
        now = timezone.now()
        if self.overdue_only:
            dossiers = dossier_overdue_list(user=request.user, at=now)
        else:
            dossiers = dossier_work_queue(user=request.user)
        page = CappedPaginator(dossiers, self.page_size).get_page(request.GET.get("page"))
        for dossier in page:
            # Marked from the row by the overdue list's rule: no second query for the page.
            dossier.overdue_now = self.overdue_only or dossier_is_overdue_now(dossier, at=now)
            dossier.waiting = dossier.status in WAITING_STATUSES
            if not user_handles_dossier(request.user, dossier):
                # A leader's queue names applicants by their initials (Decree 13/2023).
                dossier.applicant_name = name_initials(dossier.applicant_name)
        # The rule book read once for the page's time left and its risk of lateness.
        book = clock_rule_book_get()
        dossiers_time_left_mark(page, at=now, book=book)
        dossiers_risk_mark(page, at=now, book=book)
        return render(
            request,
            "dossiers/queue.html",
            {"page": page, "now": now, "overdue_only": self.overdue_only},
        )


class DossierWarningsView(RolesRequiredMixin, View):
    """Sắp đến hạn: the reader's dossiers due within one working day and those whose current
    agency is past its share of the time (a desk's and its agency's; every one for leaders)."""

    def get(self, request):
        now = timezone.now()
        warnings = warnings_for(queryset=dossiers_visible_to(request.user), at=now)
        return render(request, "dossiers/due_soon.html", {"warnings": warnings, "now": now})


def rating_context(dossier) -> dict:
    """What the lookup page shows under a dossier: the form once its result exists and until
    it is rated; a thank-you after."""
    if dossier is None or dossier.status not in RATEABLE_STATUSES:
        return {}
    if dossier_has_rating(dossier=dossier):
        return {"rated": True}
    return {"rating_form": DossierRatingForm()}


class PublicLookupView(View):
    """Tra cứu hồ sơ: anyone enters the dossier code and the check value of their receipt (the
    QR link fills both) and reads its state, never personal data. Counted per client, as the
    public API is (procedures.public_lookup)."""

    def get(self, request):
        code = (request.GET.get("code") or "").strip()
        check = (request.GET.get("check") or "").strip()
        context, status = {"code": code, "check": check}, 200
        if code:
            wait = lookup_admit(request)
            if wait is not None:
                context["throttled"] = True
                status = 429
            else:
                dossier = public_dossier(code=code, check=check)
                if dossier is None:
                    lookup_failed(request)
                context["dossier"] = dossier
                context["not_found"] = dossier is None
                # After the result: the citizen's rating form, or thanks for it (issue 19).
                context |= rating_context(dossier)
                context["waiting"] = dossier is not None and dossier.status in WAITING_STATUSES
        response = render(request, "dossiers/lookup.html", context, status=status)
        if status == 429:
            response["Retry-After"] = str(wait)
        return response

"""Screens of the TTHC catalogue: for reform officers (the catalogue, a procedure's history,
decisions, imports, reviews, publication, figures) and a public read-only catalogue."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from procedures.choices import Channel, ImportStatus, Level, OnlineLevel, ReviewBucket
from procedures.filters.catalogue import ProcedureVersionFilterSet
from procedures.forms.catalogue import (
    CatalogueExportForm,
    CorrectionForm,
    DecisionForm,
    DecisionLineFormSet,
    FiguresForm,
    ImportForm,
    PublishForm,
    ReviewApplyForm,
    ReviewForm,
    ReviewItemFormSet,
)
from procedures.models import AnnouncementDecision, CatalogueImport, ProcedureVersion, TimeReview
from procedures.problems import Refused
from procedures.records import column_header
from procedures.reports.catalogue_export import catalogue_csv, catalogue_xlsx
from procedures.roles import Role, has_role
from procedures.selectors.catalogue import (
    DISTRICTS_ENDED,
    decisions_list,
    procedure_by_code,
    procedure_history,
    procedure_versions_in_force,
    procedure_versions_needing_level_reassignment,
    procedure_versions_on,
    reviews_list,
    reviews_with_items,
    search_ordered,
    unpublished_versions,
)
from procedures.selectors.catalogue_figures import catalogue_figures
from procedures.services.catalogue import procedure_version_correct, procedure_versions_publish
from procedures.services.catalogue_imports import (
    catalogue_import_create,
    catalogue_import_retry,
    catalogue_imports_expire,
    progress_key,
)
from procedures.services.decisions import (
    clean_lines,
    decision_apply,
    decision_create,
    decision_delete,
    decision_header_problems,
)
from procedures.services.reviews import time_review_apply, time_review_create, time_review_delete
from procedures.templatetags.catalogue_tags import amount, channel_labels, time_in

READERS = (Role.REFORM_OFFICER, Role.ADMINISTRATOR, Role.LEADER)
WRITERS = (Role.REFORM_OFFICER, Role.ADMINISTRATOR)
PAGE_SIZE = 50
PROBLEMS_PER_PAGE = 50


class RolesRequired(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous users go to the login page; users without one of ``roles`` get 403."""

    roles: tuple[str, ...] = WRITERS

    def test_func(self) -> bool:
        return has_role(self.request.user, *self.roles)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = has_role(self.request.user, *WRITERS)
        context["can_correct"] = has_role(self.request.user, Role.ADMINISTRATOR)
        return context


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ---------------------------------------------------------------------------------------------
# The catalogue


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
            page=_page(self.request, search_ordered(versions)),
            query=_query_without_page(self.request),
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


# ---------------------------------------------------------------------------------------------
# Announcement decisions


def _place_problems(problems, *, form, line_forms) -> list:
    """Show each refused problem beside what it is about: a line's problems on that line's
    form, a header field's on the field; return those that belong to neither."""
    unplaced = []
    for problem in problems:
        if problem.line is not None and 0 < problem.line <= len(line_forms):
            line_forms[problem.line - 1].add_problem(problem)
        elif problem.column in form.fields:
            form.add_error(problem.column, problem.message)
        else:
            unplaced.append(problem)
    return unplaced


class DecisionListView(RolesRequired, TemplateView):
    """Quyết định công bố: leaders read them; officers and administrators enter and apply."""

    roles = READERS
    template_name = "catalogue/decision_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = _page(self.request, decisions_list())
        return context


class DecisionCreateView(RolesRequired, TemplateView):
    """Nhập quyết định công bố: the decision and its lines, in one form."""

    roles = WRITERS
    template_name = "catalogue/decision_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", kwargs.get("form") or DecisionForm())
        context.setdefault("formset", kwargs.get("formset") or DecisionLineFormSet(prefix="lines"))
        return context

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        formset = DecisionLineFormSet(request.POST, prefix="lines")
        problems = []
        if form.is_valid() and formset.is_valid():
            filled = formset.filled_forms()
            try:
                decision = decision_create(
                    **form.cleaned_data, lines=formset.lines(), user=request.user
                )
            except Refused as refusal:
                problems = _place_problems(refusal.problems, form=form, line_forms=filled)
            else:
                messages.success(
                    request,
                    _("Decision %(number)s is entered. Check its lines, then apply it.")
                    % {"number": decision.number},
                )
                return redirect("decision-detail", pk=decision.pk)
        else:
            # Some fields did not even parse: still check the rest, the decision's number and
            # dates and every line, so the officer sees every problem at once.
            header = {key: form.cleaned_data.get(key) for key in ("signed_on", "effective_on")}
            for problem in decision_header_problems(
                number=form.cleaned_data.get("number", ""), **header
            ):
                if problem.column not in form.errors:
                    form.add_error(problem.column, problem.message)
            filled = {
                index: line_form
                for index, line_form in enumerate(formset.forms, start=1)
                if line_form.has_changed()
            }
            for line_form in filled.values():
                line_form.is_valid()  # cleaned_data holds the fields that did parse
            lines = [line_form.line(index) for index, line_form in filled.items()]
            for problem in clean_lines(lines)[1]:
                filled[problem.line].add_problem(problem)
        context = self.get_context_data(form=form, formset=formset, problems=problems)
        return self.render_to_response(context, status=400)


def _line_header(key: str) -> str:
    """A line's field as a reform officer reads it: the file's header, or for the fields the
    reading derives (no column of their own) a label, never the field's name."""
    labels = {
        "processing_time_text": _("Processing time as written"),
        "channel_times": _("Processing time by channel"),
        "processing_time_cutoff": _("Cut-off time of the day"),
    }
    return labels.get(key) or column_header("level" if key == "levels" else key)


def _announced_value(key: str, value, record: dict) -> str:
    if key == "channel_times":
        return "; ".join(
            f"{Channel(channel).label if channel in Channel.values else channel}: "
            f"{time_in(time.get('amount'), time.get('unit'))}"
            for channel, time in value.items()
        )
    if key == "level":
        return str(Level(value).label)
    if key == "levels":
        return ", ".join(str(Level(level).label) for level in value)
    if key == "online_level":
        return str(OnlineLevel(value).label)
    if key == "channels":
        return channel_labels(value)
    if key == "papers":
        return "; ".join(paper["name"] for paper in value)
    if key in {"is_one_stop", "is_interconnected", "online_payment"}:
        return _("Yes") if value else _("No")
    if key == "interconnected_agencies":
        return " → ".join(value)
    if key == "applied_time_value":
        # In the unit of the processing time: the line's when it announces one.
        unit = record.get("processing_time_unit")
        return time_in(value, unit) if unit else amount(value)
    return str(value)


def _decision_context(decision: AnnouncementDecision) -> dict:
    hidden = {"name", "processing_time_value", "processing_time_unit", "legal_basis"}
    lines = list(decision.lines.order_by("position"))
    for line in lines:
        # A line with several levels shows them all once, under the level's header.
        skip = hidden | ({"level"} if line.record.get("levels") else set())
        line.announced = [
            (_line_header(key), _announced_value(key, value, line.record))
            for key, value in line.record.items()
            if key not in skip and value not in ("", None, [], {})
        ]
        if "processing_time_value" in line.record:
            line.time = (
                line.record["processing_time_value"],
                line.record.get("processing_time_unit"),
            )
    return {"decision": decision, "lines": lines}


class DecisionDetailView(RolesRequired, TemplateView):
    roles = READERS
    template_name = "catalogue/decision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = get_object_or_404(AnnouncementDecision, pk=self.kwargs["pk"])
        context.update(_decision_context(decision))
        return context


class DecisionApplyView(RolesRequired, TemplateView):
    """Apply a decision: the catalogue moves, or the offending lines are shown."""

    roles = WRITERS
    template_name = "catalogue/decision_detail.html"

    def get(self, request, *args, **kwargs):
        return redirect("decision-detail", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        decision = get_object_or_404(AnnouncementDecision, pk=kwargs["pk"])
        try:
            counts = decision_apply(decision=decision, user=request.user)
        except Refused as refusal:
            context = self.get_context_data(problems=refusal.problems, **kwargs)
            context.update(_decision_context(decision))
            return self.render_to_response(context, status=409 if refusal.conflict else 400)
        messages.success(
            request,
            _(
                "Decision %(number)s is applied from %(date)s: %(new)s new, %(amended)s amended, "
                "%(replaced)s replaced, %(abolished)s abolished."
            )
            % {
                "number": decision.number,
                "date": decision.effective_on.strftime("%d/%m/%Y"),
                **counts,
            },
        )
        return redirect("decision-detail", pk=decision.pk)


class DecisionDeleteView(RolesRequired, View):
    roles = WRITERS

    def post(self, request, pk):
        decision = get_object_or_404(AnnouncementDecision, pk=pk)
        try:
            decision_delete(decision=decision)
        except Refused as refusal:
            for problem in refusal.problems:
                messages.error(request, str(problem))
            return redirect("decision-detail", pk=pk)
        messages.success(
            request, _("Decision %(number)s is deleted.") % {"number": decision.number}
        )
        return redirect("decision-list")


# ---------------------------------------------------------------------------------------------
# Imports


class CatalogueImportView(RolesRequired, TemplateView):
    """Upload a catalogue file; a Celery task imports it while the next page shows progress."""

    roles = WRITERS
    template_name = "catalogue/import_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", kwargs.get("form") or ImportForm())
        catalogue_imports_expire()
        context["imports"] = CatalogueImport.objects.defer("content", "problems").select_related(
            "decision", "created_by"
        )[:10]
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = catalogue_import_create(
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    content=upload.read(),
                    options=form.options(),
                    user=request.user,
                )
            except Refused as refusal:
                for problem in refusal.problems:
                    form.add_error(
                        problem.column if problem.column in form.fields else None, problem.message
                    )
            else:
                return redirect("catalogue-import-detail", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _import_progress(job: CatalogueImport) -> dict:
    finished = job.status not in (ImportStatus.PENDING, ImportStatus.RUNNING)
    progress = cache.get(progress_key(job.pk)) or {"done": 0, "total": 100}
    percent = 100 if finished else round(100 * progress["done"] / (progress["total"] or 1))
    return {
        "status": job.status,
        "status_display": str(job.get_status_display()),
        "percent": percent,
        "finished": finished,
    }


class CatalogueImportDetailView(RolesRequired, TemplateView):
    """An import: its progress while it runs, then its report (every bad row) or summary."""

    roles = WRITERS
    template_name = "catalogue/import_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A run whose worker died is shown as failed (and can be retried), not running forever.
        catalogue_imports_expire()
        job = get_object_or_404(
            CatalogueImport.objects.defer("content").select_related("decision"), pk=kwargs["pk"]
        )
        problems = job.problems or []
        has_sheets = any(problem.get("sheet") for problem in problems)
        context.update(
            job=job,
            progress=_import_progress(job),
            has_sheets=has_sheets,
            # The kept problems (IMPORT_PROBLEMS_KEPT at most), a page at a time.
            problems_page=Paginator(problems, PROBLEMS_PER_PAGE).get_page(
                self.request.GET.get("page")
            ),
            problems_total=max(job.problems_total, len(problems)),
            problems_cut=job.problems_total > len(problems),
        )
        return context


class CatalogueImportStatusView(RolesRequired, View):
    """The progress of an import, polled by its page."""

    roles = WRITERS

    def get(self, request, pk):
        catalogue_imports_expire()
        job = get_object_or_404(CatalogueImport.objects.defer("content", "problems"), pk=pk)
        return JsonResponse(_import_progress(job))


class CatalogueImportRetryView(RolesRequired, View):
    """Run a failed import again: the same file, all or nothing as before."""

    roles = WRITERS

    def post(self, request, pk):
        job = get_object_or_404(CatalogueImport.objects.defer("content", "problems"), pk=pk)
        try:
            catalogue_import_retry(job=job, user=request.user)
        except Refused as refusal:
            for problem in refusal.problems:
                messages.error(request, str(problem))
        return redirect("catalogue-import-detail", pk=pk)


# ---------------------------------------------------------------------------------------------
# Time reviews


class ReviewListView(RolesRequired, TemplateView):
    roles = READERS
    template_name = "catalogue/review_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = _page(self.request, reviews_list())
        context["buckets"] = ReviewBucket
        return context


class ReviewCreateView(RolesRequired, TemplateView):
    roles = WRITERS
    template_name = "catalogue/review_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", kwargs.get("form") or ReviewForm())
        context.setdefault("formset", kwargs.get("formset") or ReviewItemFormSet(prefix="items"))
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        formset = ReviewItemFormSet(request.POST, prefix="items")
        problems = []
        if form.is_valid() and formset.is_valid():
            filled = formset.filled_forms()
            try:
                review = time_review_create(
                    **form.cleaned_data, items=[f.item() for f in filled], user=request.user
                )
            except Refused as refusal:
                problems = _place_problems(refusal.problems, form=form, line_forms=filled)
            else:
                messages.success(request, _("The review is recorded."))
                return redirect("review-detail", pk=review.pk)
        context = self.get_context_data(form=form, formset=formset, problems=problems)
        return self.render_to_response(context, status=400)


class ReviewDetailView(RolesRequired, TemplateView):
    roles = READERS
    template_name = "catalogue/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = get_object_or_404(reviews_with_items(), pk=kwargs["pk"])
        context.update(review=review, buckets=ReviewBucket)
        context.setdefault(
            "apply_form",
            kwargs.get("apply_form")
            or ReviewApplyForm(initial={"effective_on": review.reviewed_on}),
        )
        return context


class ReviewApplyView(ReviewDetailView):
    """Apply a review: its applied times become the catalogue's from a date, or the procedures
    that contradict the catalogue are named and nothing changes."""

    roles = WRITERS

    def get(self, request, *args, **kwargs):
        return redirect("review-detail", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        review = get_object_or_404(TimeReview, pk=kwargs["pk"])
        form = ReviewApplyForm(request.POST)
        problems, status = [], 400
        if form.is_valid():
            try:
                applied = time_review_apply(
                    review=review,
                    effective_on=form.cleaned_data.get("effective_on"),
                    user=request.user,
                )
            except Refused as refusal:
                for problem in refusal.problems:
                    if problem.column == "effective_on":
                        form.add_error("effective_on", problem.message)
                    else:
                        problems.append(problem)
                status = 409 if refusal.conflict else 400
            else:
                messages.success(
                    request,
                    _(
                        "Review %(plan)s is applied from %(date)s: %(changed)s procedures take "
                        "their new applied time, %(unchanged)s already had it."
                    )
                    % {
                        "plan": review.plan_number,
                        "date": applied.effective_on.strftime("%d/%m/%Y"),
                        "changed": applied.changed,
                        "unchanged": applied.unchanged,
                    },
                )
                return redirect("review-detail", pk=review.pk)
        context = self.get_context_data(apply_form=form, problems=problems, **kwargs)
        return self.render_to_response(context, status=status)


class ReviewDeleteView(RolesRequired, View):
    roles = WRITERS

    def post(self, request, pk):
        review = get_object_or_404(TimeReview, pk=pk)
        try:
            time_review_delete(review=review)
        except Refused as refusal:
            for problem in refusal.problems:
                messages.error(request, str(problem))
            return redirect("review-detail", pk=pk)
        messages.success(request, _("Review %(plan)s is deleted.") % {"plan": review.plan_number})
        return redirect("review-list")


# ---------------------------------------------------------------------------------------------
# Publication in the national database


class PublicationView(RolesRequired, TemplateView):
    """Changes announced but not yet published in the national database; mark them published."""

    roles = WRITERS
    template_name = "catalogue/publication.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = _page(self.request, unpublished_versions())
        context.update(page=page, versions=page.object_list, query="")
        context.setdefault("form", kwargs.get("form") or PublishForm())
        return context

    def post(self, request, *args, **kwargs):
        form = PublishForm(request.POST)
        problems = []
        if form.is_valid():
            try:
                count = procedure_versions_publish(
                    version_ids=form.cleaned_data["versions"],
                    published_on=form.cleaned_data["published_on"],
                    user=request.user,
                )
            except Refused as refusal:
                problems = refusal.problems
            else:
                messages.success(
                    request,
                    _("%(count)s changes marked published on %(date)s.")
                    % {
                        "count": count,
                        "date": form.cleaned_data["published_on"].strftime("%d/%m/%Y"),
                    },
                )
                return redirect("catalogue-publication")
        context = self.get_context_data(form=form, problems=problems)
        return self.render_to_response(context, status=400)


# ---------------------------------------------------------------------------------------------
# Figures


class FiguresView(RolesRequired, TemplateView):
    """Số liệu kiểm soát TTHC for the report section, for a period, a level or an agency."""

    roles = READERS
    template_name = "catalogue/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        initial = {"date_from": date(today.year, 1, 1), "date_to": today}
        form = FiguresForm(self.request.GET or None, initial=initial)
        values = None
        if form.is_bound and form.is_valid():
            values = form.cleaned_data
        elif not form.is_bound:
            values = {**initial, "level": None, "agency_name": ""}
        if values is not None:
            level = values.get("level")
            context["figures"] = catalogue_figures(
                date_from=values["date_from"],
                date_to=values["date_to"],
                level=level if level not in (None, "") else None,
                agency_name=values.get("agency_name") or "",
            )
        context["form"] = form
        context["agencies"] = (
            procedure_versions_in_force(as_of=today)
            .exclude(agency_name="")
            .order_by("agency_name")
            .values_list("agency_name", flat=True)
            .distinct()
        )
        context["levels"] = Level
        return context


# ---------------------------------------------------------------------------------------------
# Public, read-only


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
            page=_page(self.request, search_ordered(versions)),
            query=_query_without_page(self.request),
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

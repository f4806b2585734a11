"""Quyết định công bố: the list of decisions, entering one with its lines, a decision's page,
applying it to the catalogue and deleting it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from procedures.choices import Channel, Level, OnlineLevel
from procedures.forms.catalogue import DecisionForm, DecisionLineFormSet
from procedures.models import AnnouncementDecision
from procedures.problems import Refused
from procedures.records import column_header
from procedures.selectors.catalogue import decisions_list
from procedures.services.decisions import (
    clean_lines,
    decision_apply,
    decision_create,
    decision_delete,
    decision_header_problems,
)
from procedures.templatetags.catalogue_tags import amount, channel_labels, time_in
from procedures.views.catalogue.access import READERS, WRITERS, RolesRequired
from procedures.views.catalogue.paging import page_of
from procedures.views.catalogue.refusals import place_problems


class DecisionListView(RolesRequired, TemplateView):
    """Quyết định công bố: leaders read them; officers and administrators enter and apply."""

    roles = READERS
    template_name = "catalogue/decision_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = page_of(self.request, decisions_list())
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
                problems = place_problems(refusal.problems, form=form, line_forms=filled)
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

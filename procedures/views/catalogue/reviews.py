"""Rà soát, cắt giảm thời gian: the list of time reviews, entering one, its page, applying its
times to the catalogue from a date and deleting it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from procedures.choices import ReviewBucket
from procedures.forms.catalogue import ReviewApplyForm, ReviewForm, ReviewItemFormSet
from procedures.models import TimeReview
from procedures.problems import Refused
from procedures.selectors.catalogue import reviews_list, reviews_with_items
from procedures.services.reviews import time_review_apply, time_review_create, time_review_delete
from procedures.views.catalogue.access import READERS, WRITERS, RolesRequired
from procedures.views.catalogue.paging import page_of
from procedures.views.catalogue.refusals import place_problems


class ReviewListView(RolesRequired, TemplateView):
    roles = READERS
    template_name = "catalogue/review_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = page_of(self.request, reviews_list())
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
                problems = place_problems(refusal.problems, form=form, line_forms=filled)
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

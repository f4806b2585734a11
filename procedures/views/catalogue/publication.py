"""Công khai trên Cơ sở dữ liệu quốc gia về TTHC: the changes announced but not yet published in
the national database, marked published on a date."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from procedures.forms.catalogue import PublishForm
from procedures.problems import Refused
from procedures.selectors.catalogue import unpublished_versions
from procedures.services.catalogue import procedure_versions_publish
from procedures.views.catalogue.access import WRITERS, RolesRequired
from procedures.views.catalogue.paging import page_of


class PublicationView(RolesRequired, TemplateView):
    """Changes announced but not yet published in the national database; mark them published."""

    roles = WRITERS
    template_name = "catalogue/publication.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = page_of(self.request, unpublished_versions())
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

"""Nhập danh mục từ tệp: uploading a catalogue file, its progress while a Celery task imports it,
its report or summary, and a retry of a failed run."""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from procedures.choices import ImportStatus
from procedures.forms.catalogue import ImportForm
from procedures.models import CatalogueImport
from procedures.problems import Refused
from procedures.services.catalogue_imports import (
    catalogue_import_create,
    catalogue_import_retry,
    catalogue_imports_expire,
    progress_key,
)
from procedures.views.catalogue.access import WRITERS, RolesRequired

PROBLEMS_PER_PAGE = 50


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

from django.urls import path

from procedures.views import (
    agencies,
    catalogue,
    catalogue_changes,
    catalogue_checks,
    dossier_list,
    dossiers,
    ratings,
    report_templates,
    reports,
)
from procedures.views.calendar import WorkingCalendarView
from procedures.views.home import (
    DashboardChartView,
    DashboardTableView,
    DashboardView,
    HomeView,
)
from procedures.views.serving_index import ServingIndexCatalogueView, ServingIndexPageView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("bang-dieu-khien/", DashboardView.as_view(), name="dashboard"),
    path("chi-so-phuc-vu/", ServingIndexPageView.as_view(), name="serving-index"),
    path(
        "chi-so-phuc-vu/danh-muc/",
        ServingIndexCatalogueView.as_view(),
        name="serving-index-catalogue",
    ),
    path("bang-dieu-khien/bang.<str:fmt>", DashboardTableView.as_view(), name="dashboard-table"),
    path(
        "bang-dieu-khien/bieu-do/<str:name>.<str:fmt>",
        DashboardChartView.as_view(),
        name="dashboard-chart",
    ),
    path("don-vi/", agencies.UnitListView.as_view(), name="unit-list"),
    path("don-vi/<str:code>/", agencies.UnitPageView.as_view(), name="unit-page"),
    path("lich-lam-viec/", WorkingCalendarView.as_view(), name="working-calendar"),
    path("dossiers/", dossiers.DossierQueueView.as_view(), name="dossier-queue"),
    path(
        "dossiers/overdue/",
        dossiers.DossierQueueView.as_view(overdue_only=True),
        name="dossier-overdue",
    ),
    path("dossiers/new/", dossiers.DossierIntakeView.as_view(), name="dossier-intake"),
    path("dossiers/sap-den-han/", dossiers.DossierWarningsView.as_view(), name="dossier-due-soon"),
    path("dossiers/list/", dossier_list.DossierListView.as_view(), name="dossier-list"),
    path(
        "dossiers/procedures.json",
        dossiers.ProcedureSuggestionsView.as_view(),
        name="dossier-procedure-suggestions",
    ),
    path("dossiers/<str:code>/", dossiers.DossierDetailView.as_view(), name="dossier-detail"),
    path(
        "dossiers/<str:code>/receipt/",
        dossiers.DossierReceiptView.as_view(),
        name="dossier-receipt",
    ),
    path(
        "dossiers/<str:code>/receipt.pdf",
        dossiers.DossierReceiptPdfView.as_view(),
        name="dossier-receipt-pdf",
    ),
    path(
        "dossiers/<str:code>/act/<str:action>/",
        dossiers.DossierActView.as_view(),
        name="dossier-act",
    ),
    path("tra-cuu/", dossiers.PublicLookupView.as_view(), name="public-lookup"),
    path("tra-cuu/danh-gia/", ratings.PublicRatingView.as_view(), name="public-rating"),
    path("danh-gia-tai-quay/", ratings.TabletRatingView.as_view(), name="dossier-tablet-rating"),
    # The TTHC catalogue (reform officers) and its public page.
    path("thu-tuc/", catalogue.PublicCatalogueView.as_view(), name="public-catalogue"),
    path("thu-tuc/<str:code>/", catalogue.PublicProcedureView.as_view(), name="public-procedure"),
    path("danh-muc/", catalogue.CatalogueListView.as_view(), name="catalogue-list"),
    path("danh-muc/xuat/", catalogue.CatalogueExportView.as_view(), name="catalogue-export"),
    path("danh-muc/can-xem-lai/", catalogue_checks.ToCheckListView.as_view(), name="to-check-list"),
    path(
        "danh-muc/thu-tuc/<str:code>/",
        catalogue.ProcedureDetailView.as_view(),
        name="procedure-detail",
    ),
    path(
        "danh-muc/thu-tuc/<str:code>/dinh-chinh/",
        catalogue.ProcedureCorrectView.as_view(),
        name="procedure-correct",
    ),
    path("danh-muc/quyet-dinh/", catalogue.DecisionListView.as_view(), name="decision-list"),
    path(
        "danh-muc/quyet-dinh/moi/", catalogue.DecisionCreateView.as_view(), name="decision-create"
    ),
    path(
        "danh-muc/quyet-dinh/<int:pk>/",
        catalogue.DecisionDetailView.as_view(),
        name="decision-detail",
    ),
    path(
        "danh-muc/quyet-dinh/<int:pk>/ap-dung/",
        catalogue.DecisionApplyView.as_view(),
        name="decision-apply",
    ),
    path(
        "danh-muc/quyet-dinh/<int:pk>/xoa/",
        catalogue.DecisionDeleteView.as_view(),
        name="decision-delete",
    ),
    path("danh-muc/nhap/", catalogue.CatalogueImportView.as_view(), name="catalogue-import"),
    path(
        "danh-muc/nhap/<int:pk>/",
        catalogue.CatalogueImportDetailView.as_view(),
        name="catalogue-import-detail",
    ),
    path(
        "danh-muc/nhap/<int:pk>/tien-do/",
        catalogue.CatalogueImportStatusView.as_view(),
        name="catalogue-import-status",
    ),
    path(
        "danh-muc/nhap/<int:pk>/thu-lai/",
        catalogue.CatalogueImportRetryView.as_view(),
        name="catalogue-import-retry",
    ),
    path("danh-muc/ra-soat/", catalogue.ReviewListView.as_view(), name="review-list"),
    path("danh-muc/ra-soat/moi/", catalogue.ReviewCreateView.as_view(), name="review-create"),
    path("danh-muc/ra-soat/<int:pk>/", catalogue.ReviewDetailView.as_view(), name="review-detail"),
    path(
        "danh-muc/ra-soat/<int:pk>/ap-dung/",
        catalogue.ReviewApplyView.as_view(),
        name="review-apply",
    ),
    path(
        "danh-muc/ra-soat/<int:pk>/xoa/", catalogue.ReviewDeleteView.as_view(), name="review-delete"
    ),
    path("danh-muc/cong-khai/", catalogue.PublicationView.as_view(), name="catalogue-publication"),
    path("danh-muc/so-lieu/", catalogue.FiguresView.as_view(), name="catalogue-figures"),
    path(
        "danh-muc/thay-doi/",
        catalogue_changes.CatalogueChangesView.as_view(),
        name="catalogue-changes",
    ),
    path(
        "danh-muc/ra-soat/thu-tuc/",
        catalogue_changes.ReviewedProceduresView.as_view(),
        name="reviewed-procedures",
    ),
    # Reports (leaders, reform officers, administrators).
    path("bao-cao/", reports.ReportListView.as_view(), name="report-list"),
    path("bao-cao/doi-chieu/", reports.ReportAuditView.as_view(), name="report-audit"),
    path(
        "bao-cao/mau/mac-dinh/",
        report_templates.ReportTemplateDefaultView.as_view(),
        name="report-template-default",
    ),
    path(
        "bao-cao/mau/dang-dung/",
        report_templates.ReportTemplateCurrentView.as_view(),
        name="report-template-current",
    ),
    path(
        "bao-cao/mau/tai-len/",
        report_templates.ReportTemplateUploadView.as_view(),
        name="report-template-upload",
    ),
    path(
        "bao-cao/mau/mac-dinh-lai/",
        report_templates.ReportTemplateResetView.as_view(),
        name="report-template-reset",
    ),
    path("bao-cao/<int:pk>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("bao-cao/<int:pk>/tien-do/", reports.ReportStatusView.as_view(), name="report-status"),
    path("bao-cao/<int:pk>/tai-ve/", reports.ReportDownloadView.as_view(), name="report-download"),
]

from django.urls import path

from procedures.views import dossiers
from procedures.views.calendar import WorkingCalendarView
from procedures.views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("lich-lam-viec/", WorkingCalendarView.as_view(), name="working-calendar"),
    path("dossiers/", dossiers.DossierQueueView.as_view(), name="dossier-queue"),
    path(
        "dossiers/overdue/",
        dossiers.DossierQueueView.as_view(overdue_only=True),
        name="dossier-overdue",
    ),
    path("dossiers/new/", dossiers.DossierIntakeView.as_view(), name="dossier-intake"),
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
]

"""The REST API, version 1. Each sub-domain registers its routes on the one router."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from api.views import catalogue
from api.views.auth import AuthTokenView
from api.views.calendar import CalendarDueApi, CalendarWorkingDaysApi, CalendarYearApi
from api.views.dossier_facts import (
    NationalSyncPendingExportView,
    NationalSyncView,
    PublicRatingView,
)
from api.views.dossiers import DossierActionView, DossierViewSet, PublicDossierView
from api.views.reports import AdminReformReportView
from api.views.root import ApiRootView
from api.views.statistics import DossierStatisticsView, ServingIndexView
from api.views.units import CentreViewSet, DeskViewSet, UnitViewSet
from procedures.dossier_flow import ACTIONS

router = DefaultRouter()
router.APIRootView = ApiRootView
router.register("units", UnitViewSet, basename="unit")
router.register("centres", CentreViewSet, basename="centre")
router.register("desks", DeskViewSet, basename="desk")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("procedures", catalogue.ProcedureViewSet, basename="procedure")
router.register("decisions", catalogue.DecisionViewSet, basename="decision")
router.register("reviews", catalogue.TimeReviewViewSet, basename="review")

urlpatterns = [
    path("auth/token/", AuthTokenView.as_view(), name="api-auth-token"),
    path("calendar/", CalendarYearApi.as_view(), name="api-calendar-year"),
    path("calendar/due/", CalendarDueApi.as_view(), name="api-calendar-due"),
    path(
        "calendar/working-days/", CalendarWorkingDaysApi.as_view(), name="api-calendar-working-days"
    ),
    re_path(
        rf"^dossiers/(?P<code>[^/]+)/(?P<action>{'|'.join(ACTIONS)})/$",
        DossierActionView.as_view(),
        name="dossier-action",
    ),
    path(
        "dossiers/national-sync/pending.csv",
        NationalSyncPendingExportView.as_view(),
        name="dossier-national-sync-pending",
    ),
    re_path(
        r"^dossiers/(?P<code>[^/]+)/national-sync/$",
        NationalSyncView.as_view(),
        name="dossier-national-sync",
    ),
    path("public/dossiers/<str:code>/", PublicDossierView.as_view(), name="public-dossier"),
    path(
        "public/dossiers/<str:code>/rating/",
        PublicRatingView.as_view(),
        name="public-dossier-rating",
    ),
    path("catalogue/figures/", catalogue.CatalogueFiguresView.as_view(), name="catalogue-figures"),
    path(
        "catalogue/unpublished/",
        catalogue.UnpublishedView.as_view(),
        name="catalogue-unpublished",
    ),
    path("catalogue/publish/", catalogue.PublishView.as_view(), name="catalogue-publish"),
    path("reports/admin-reform/", AdminReformReportView.as_view(), name="report-admin-reform"),
    path("stats/dossiers/", DossierStatisticsView.as_view(), name="stats-dossiers"),
    path("stats/serving-index/", ServingIndexView.as_view(), name="stats-serving-index"),
    path("", include(router.urls)),
]

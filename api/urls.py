"""The REST API, version 1. Each sub-domain registers its routes on the one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api.views.calendar import CalendarDueApi, CalendarWorkingDaysApi, CalendarYearApi
from api.views.units import CentreViewSet, DeskViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("centres", CentreViewSet, basename="centre")
router.register("desks", DeskViewSet, basename="desk")

urlpatterns = [
    path("calendar/", CalendarYearApi.as_view(), name="api-calendar-year"),
    path("calendar/due/", CalendarDueApi.as_view(), name="api-calendar-due"),
    path(
        "calendar/working-days/", CalendarWorkingDaysApi.as_view(), name="api-calendar-working-days"
    ),
    path("", include(router.urls)),
]

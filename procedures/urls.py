from django.urls import path

from procedures.views.calendar import WorkingCalendarView
from procedures.views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("lich-lam-viec/", WorkingCalendarView.as_view(), name="working-calendar"),
]

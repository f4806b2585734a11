from django.urls import path

from procedures import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]

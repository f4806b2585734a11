"""Screens of the procedures app. Views read through selectors and write through services."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"

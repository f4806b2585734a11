"""The REST API, version 1. Each sub-domain registers its routes on the one router."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from api.views.dossiers import DossierActionView, DossierViewSet, PublicDossierView
from procedures.dossier_flow import ACTIONS

router = DefaultRouter()
router.register("dossiers", DossierViewSet, basename="dossier")

urlpatterns = [
    re_path(
        rf"^dossiers/(?P<code>[^/]+)/(?P<action>{'|'.join(ACTIONS)})/$",
        DossierActionView.as_view(),
        name="dossier-action",
    ),
    path("public/dossiers/<str:code>/", PublicDossierView.as_view(), name="public-dossier"),
    path("", include(router.urls)),
]

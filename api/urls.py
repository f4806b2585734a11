"""The REST API, version 1. Each sub-domain registers its routes on the one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api.views import catalogue

router = DefaultRouter()
router.register("procedures", catalogue.ProcedureViewSet, basename="procedure")
router.register("decisions", catalogue.DecisionViewSet, basename="decision")
router.register("reviews", catalogue.TimeReviewViewSet, basename="review")

urlpatterns = [
    path("", include(router.urls)),
    path("catalogue/figures/", catalogue.CatalogueFiguresView.as_view(), name="catalogue-figures"),
    path(
        "catalogue/unpublished/",
        catalogue.UnpublishedView.as_view(),
        name="catalogue-unpublished",
    ),
    path("catalogue/publish/", catalogue.PublishView.as_view(), name="catalogue-publish"),
]

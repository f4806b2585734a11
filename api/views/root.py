"""The API's root (``/api/v1/``): a link to every JSON endpoint.

DRF's default root reverses each route by its name (``dossier-list``, ``decision-list``, ...),
and the HTML screens bear the same names, so it linked to the screens. The links are built
from the root's own address instead: each one is the API's, whatever the screens are called.
"""

from rest_framework.response import Response
from rest_framework.routers import APIRootView

# Endpoints outside the router, by the path under /api/v1/ (the router's resources are added
# from its own registry).
OTHER_ENDPOINTS = {
    "stats/dossiers": "stats/dossiers/",
    "stats/serving-index": "stats/serving-index/",
    "calendar": "calendar/",
    "calendar/due": "calendar/due/",
    "calendar/working-days": "calendar/working-days/",
    "catalogue/figures": "catalogue/figures/",
    "catalogue/unpublished": "catalogue/unpublished/",
    "reports/admin-reform": "reports/admin-reform/",
}


class ApiRootView(APIRootView):
    """Links to the JSON endpoints of API version 1."""

    def get(self, request, *args, **kwargs):
        root = request.build_absolute_uri(request.path)
        links = {prefix: f"{root}{prefix}/" for prefix in self.api_root_dict}
        links |= {name: f"{root}{path}" for name, path in OTHER_ENDPOINTS.items()}
        return Response(links)

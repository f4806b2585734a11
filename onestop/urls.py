from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from onestop.docs_access import OpenWhenDebug, login_required_unless_debug
from onestop.favicon import FaviconView
from onestop.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says: the same icon.
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("api.urls")),
    # The schema and its Swagger UI: open with DEBUG, behind a login in production.
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[OpenWhenDebug]),
        name="schema",
    ),
    # The split view serves its script as a file, so the Content-Security-Policy needs no inline.
    path(
        "api/docs/",
        login_required_unless_debug(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
    path("", include("procedures.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

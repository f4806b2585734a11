"""/favicon.ico: browsers ask for it whatever the page's <link rel="icon"> says."""

from django.templatetags.static import static
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """To the icon among the static files (its hashed name in production, known per request)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.svg")

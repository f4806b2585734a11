import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
application = get_wsgi_application()

# Without a broker (the embedded default), long tasks run beside the requests, not inside them.
from onestop import background  # noqa: E402

background.enable()

# The first request of each worker would otherwise load what it needs while others wait.
from onestop.warmup import warm_up  # noqa: E402

warm_up()

"""A web worker loads the views, the translations and the national calendar before its first
request (onestop.warmup), so that request does not wait for them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from onestop.wsgi import application
from procedures.calendar.core import _national_year
print(json.dumps({
    "views": "api.views.dossiers" in sys.modules and "procedures.views.dossiers" in sys.modules,
    "holidays": "holidays.countries.vietnam" in sys.modules,
    "years": _national_year.cache_info().currsize,
}))
"""


def test_loading_the_wsgi_application_loads_what_the_first_request_needs():
    # A fresh interpreter: this one has long loaded everything.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onestop.settings"}
    probe = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    loaded = json.loads(probe.stdout.strip().splitlines()[-1])
    assert loaded == {"views": True, "holidays": True, "years": 3}

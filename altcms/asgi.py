"""ASGI entry point (gunicorn's ASGI worker, altcms/gunicorn.conf.py). Production settings
unless DJANGO_SETTINGS_MODULE says otherwise."""

import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "altcms.settings.production")

# Files (whitenoise's static files, uploads, documents) are served by synchronous iterators,
# which Django's ASGI handler reads in a thread and says so each time; that is expected here.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)

application = get_asgi_application()

"""gunicorn's settings for `make serve` and production; each can be overridden in the
environment (GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT) or on the command line."""

import os

wsgi_app = "altcms.wsgi:application"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 5000  # recycle workers now and then, so a slow leak cannot grow for ever
max_requests_jitter = 500
# Load the app once in the master and fork it: workers start in milliseconds (a recycled worker
# no longer stalls the requests queued on it for a second) and share the loaded code's memory.
preload_app = True
# The app writes its own structured request log (altcms.middleware); gunicorn logs errors only.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (for `gunicornc`) is off: nothing here uses it, and two instances on
# one machine (behind Varnish, deploy/varnish/) would share its one default path.
control_socket_disable = True

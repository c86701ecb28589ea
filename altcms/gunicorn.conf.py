"""gunicorn's settings for `make serve` and production; each can be overridden in the
environment (GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_WORKER_CLASS) or on the command line.

Workers are gunicorn's own ASGI worker (asyncio) serving Django's ASGI application: a request,
body included, is read without holding a worker, and the app sees it only once it has all
arrived. So a slow client (a POST that announces a large body and sends it a few bytes at a
time) costs a waiting connection, not a worker, and cannot stall the site; with the classic
sync worker two such clients froze two workers for the whole timeout. The app itself is
synchronous: each worker runs it one request at a time, as before. GUNICORN_WORKER_CLASS=sync
(with GUNICORN_THREADS) brings back the WSGI workers, for use behind a buffering proxy.
"""

import os

worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "asgi")
wsgi_app = "altcms.asgi:application" if worker_class == "asgi" else "altcms.wsgi:application"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
if worker_class != "asgi":
    threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# How long a request may take to arrive, and a sync worker to answer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 5000  # recycle workers now and then, so a slow leak cannot grow for ever
max_requests_jitter = 500
# Load the app once in the master and fork it: workers start in milliseconds (a recycled worker
# no longer stalls the requests queued on it for a second) and share the loaded code's memory.
preload_app = True
# The app writes its own structured request log (altcms.http.middleware); gunicorn logs errors only.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (for `gunicornc`) is off: nothing here uses it, and two instances on
# one machine (behind Varnish, deploy/varnish/) would share its one default path.
control_socket_disable = True

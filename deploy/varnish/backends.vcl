# The app servers Varnish sends requests to, in turn, skipping any whose /healthz fails.
# Two gunicorn instances on this machine; list yours.
import directors;

probe healthz {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

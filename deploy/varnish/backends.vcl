# The app servers Varnish sends requests to, in turn, skipping any whose /healthz fails.
# Two gunicorn instances on this machine; list yours.
import directors;

# A server is out of service only when it has not answered /healthz for the last five probes
# (25 s): a server that is busy still answers, only late, and the probe's request waits behind
# the readers' in its queue. Taking a busy server out would send its share to the other and
# answer readers 503 while both still work (seen under `make bench`'s mixed load with a 2 s
# probe that needed 3 of 5). A server that is really down refuses connections at once, and
# default.vcl tries the other server for that request meanwhile.
probe healthz {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 5s;
    .window = 5;
    .threshold = 1;
    .initial = 1;
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

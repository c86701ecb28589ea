# Varnish in front of the app servers (Varnish 7; Debian's package `varnish`).
#
#   varnishd -a :80 -f /path/to/deploy/varnish/default.vcl -p vcl_path=/path/to/deploy/varnish \
#            -s malloc,256m
#
# The app servers are listed in backends.vcl, beside this file. The app tells Varnish what it
# may keep (Cache-Control: public, s-maxage=… on pages that are the same for every reader who
# is not signed in; private on everything else) and purges what a change makes stale, through
# wagtail.contrib.frontend_cache (WAGTAILFRONTENDCACHE, see altcms/caching/purge.py):
#   PURGE /some/address/     that address, with every query string
#   PURGE /some/address/*    that address and everything below it
#   PURGE /*                 everything
vcl 4.1;

import std;

include "backends.vcl";

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        # Addresses arrive percent-encoded (only letters, digits, "%/_.-~"), so they are safe
        # in a regular expression; "." matching any character only widens a purge.
        set req.http.X-Purge = regsub(req.url, "\?.*$", "");
        if (req.http.X-Purge ~ "\*$") {
            ban("obj.http.X-Url-Path ~ ^" + regsub(req.http.X-Purge, "\*$", ""));
        } else {
            ban("obj.http.X-Url-Path == " + req.http.X-Purge);
        }
        return (synth(200, "Purged."));
    }

    # A form's body is read whole here before it is passed on, so a slow client holds a
    # Varnish thread, not an app worker (the largest upload the site takes is 20 MB).
    if (req.method == "POST") {
        std.cache_req_body(25MB);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Never kept: the admin, accounts, the discussion's actions, the API, private documents,
    # the language switch, the health check.
    if (req.url ~ "^/(ja/)?(admin|accounts|discussion|api|documents|language)(/|$)"
        || req.url ~ "^/healthz") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A signed-in reader (a session) or one with a message to see gets their own page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # The interface language (altcms/http/language.py): an address under /ja/ is Japanese for
    # everyone; at any other page address the app sends a reader who chose Japanese (the
    # language cookie), or whose browser asks for it and who has not chosen, to the /ja/
    # address. Those readers go to the app, whose own cache answers with the English page when
    # it does not redirect them; for everyone else the page at the address is the English one.
    # Only a plain choice of English is read here: any other cookie value ("JA", one the site
    # does not have) and any browser that mentions Japanese at all is the app's to decide.
    if (req.url !~ "^/(ja|static|media)(/|\?|$)") {
        if (req.http.Cookie ~ "(^|;\s*)django_language=en(;|$)") {
            # chose English: the page at the address
        } elsif (req.http.Cookie ~ "(^|;\s*)django_language=") {
            return (pass);
        } elsif (req.http.Accept-Language ~ "(?i)(^|,)\s*ja\s*(-|;|,|$)") {
            return (pass);
        }
    }
    # So no shared page depends on the browser's languages (nor varies on them).
    unset req.http.Accept-Language;
    # Nothing a shared page shows depends on any other cookie (a form that needs a CSRF
    # token makes its page private, and it sets a fresh one).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The address an object answers for, so that a purge can find it by address.
    set beresp.http.X-Url-Path = regsub(bereq.url, "\?.*$", "");
    # Keep only what the app says is the same for everyone.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # If every app server is down, a page kept a little past its time beats an error.
    set beresp.grace = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Frontend-Cache = "HIT";
    } else {
        set resp.http.X-Frontend-Cache = "MISS";
    }
    unset resp.http.X-Url-Path;
}

sub vcl_backend_error {
    # An app server that refused or dropped a reader's request (stopped, restarting, before the
    # probe notices): the same request once more, to the next server in turn. Only what is safe
    # to repeat.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

# Keurmerk's edge: Varnish 7 with vmod_xkey (Debian: apt-get install varnish varnish-modules).
# It caches badges, status lists, keys and full log tiles for as long as the registry's
# Surrogate-Control says (EDGE_MAX_AGE, a day by default), and drops them the moment the registry
# purges their tags (EDGE_PURGE=varnish+http://THIS_HOST:PORT). Everything else passes through.
# See docs/deployment.md, "An edge cache that is told at once".
vcl 4.1;

import directors;
import std;
import xkey;

# The registry's instances. Add one backend per instance and add it to the director below.
backend registry1 {
    .host = "127.0.0.1";
    .port = "4321";
}

# Only the registry's instances may purge: list their addresses (as this edge sees them).
acl purgers {
    "127.0.0.1";
}

sub vcl_init {
    new registry = directors.round_robin();
    registry.add_backend(registry1);
}

sub vcl_recv {
    set req.backend_hint = registry.backend();

    # Purge by tag: the registry sends `PURGE /` with `xkey-purge: cert:ID statuslist:N ...`.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purges are accepted only from the registry"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    if (req.url ~ "^/badges/[^/?]+\.(svg|png)$") {
        # The embed code's plain URL (most requests): the defaults, without reading a query.
        set req.url = req.url + "?lang=nl&size=m&theme=light";
    } elsif (req.url ~ "^/badges/[^/?]+\.(svg|png)\?") {
        # One canonical query per variant, as the registry reads it: all three options in name
        # order, unknown values replaced by the defaults, every other parameter dropped. Variants
        # share one entry each, and invented parameters cannot multiply entries.
        # (badges/serve/badge-request.ts, canonicalBadgeQuery, is the registry's side of this.)
        set req.http.x-lang = "nl";
        if (req.url ~ "[?&]lang=en(&|$)") {
            set req.http.x-lang = "en";
        } elsif (req.url ~ "[?&]lang=fr(&|$)") {
            set req.http.x-lang = "fr";
        }
        set req.http.x-size = "m";
        if (req.url ~ "[?&]size=s(&|$)") {
            set req.http.x-size = "s";
        } elsif (req.url ~ "[?&]size=l(&|$)") {
            set req.http.x-size = "l";
        }
        set req.http.x-theme = "light";
        if (req.url ~ "[?&]theme=dark(&|$)") {
            set req.http.x-theme = "dark";
        }
        set req.url = regsub(req.url, "\?.*$", "") + "?lang=" + req.http.x-lang + "&size=" +
            req.http.x-size + "&theme=" + req.http.x-theme;
        unset req.http.x-lang;
        unset req.http.x-size;
        unset req.http.x-theme;
    } elsif (req.url ~ "^/status/[0-9]+(\?|$)" ||
             req.url ~ "^/\.well-known/jwks\.json(\?|$)" ||
             req.url ~ "^/keys/[A-Za-z0-9_-]+(\?|$)" ||
             (req.url ~ "^/log/tile/" && req.url !~ "\.p/")) {
        # These take no query at all.
        set req.url = regsub(req.url, "\?.*$", "");
    } else {
        return (pass);
    }
    # Badges never depend on cookies or credentials; skip the built-in rule that passes them.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # The URL alone: an invented Host header must not make a new entry either.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_fetch {
    # The edge's access log carries the Referer to the registry (POST /api/v1/edge/log); sending
    # it on a miss as well would count that one request twice.
    unset bereq.http.Referer;
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        # The registry's edge lifetime; no grace: a stale copy could be a revoked badge.
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
        set beresp.grace = 0s;
        set beresp.keep = 0s;
    } else {
        set beresp.ttl = 0s;
    }
    if (beresp.ttl <= 0s) {
        # Not for the edge (an error, a badge rendered from superseded state): fetch anew next time.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Surrogate headers are for edges only.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    unset resp.http.Cache-Tag;
    # The copy here is kept current by purges, so its age says nothing about staleness: browsers
    # keep it for Cache-Control's max-age (BADGE_MAX_AGE) from when they received it.
    unset resp.http.Age;
}

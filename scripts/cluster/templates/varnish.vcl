# Rendered by scripts/cluster from cluster.yaml; edit that file instead.
# Caching by allow-list: only anonymous GET/HEAD answers the portal marked
# for shared caches (plone.app.caching: `public` or `s-maxage`) are stored;
# anything personal answers `Cache-Control: private, no-store` and passes.
vcl 4.1;

backend balancer {
    .host = "$balancer_host";
    .port = "$balancer_port";
    .connect_timeout = 5s;
    .first_byte_timeout = 300s;
    .between_bytes_timeout = 60s;
}

# who may PURGE: the instances (plone.cachepurging) and the operator's host
acl purgers {
$purgers
}

sub vcl_recv {
    unset req.http.X-Ptsp-Format;
    unset req.http.X-Ptsp-Language;
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        # every stored variant (HTML/JSON, each language) of this path
        ban("obj.http.X-Ptsp-Url == " + req.url);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # logged in (plone.session's __ac, restapi's auth_token) or Basic/Bearer
    if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*(__ac|auth_token)=") {
        return (pass);
    }
    # any cookie but the language (a status message, a second-factor ticket):
    # a personal answer, never from or into the cache
    if (req.http.Cookie) {
        set req.http.X-Ptsp-Language = regsub(req.http.Cookie, "^(?:.*;)?\s*I18N_LANGUAGE=([^;]*).*$$", "\1");
        if (req.http.X-Ptsp-Language == req.http.Cookie) {
            set req.http.X-Ptsp-Language = "";
        }
        if (regsuball(req.http.Cookie, "(^|;)\s*I18N_LANGUAGE=[^;]*", "") ~ "[^;\s]") {
            return (pass);
        }
        if (req.http.X-Ptsp-Language == "") {
            unset req.http.Cookie;
        } else {
            set req.http.Cookie = "I18N_LANGUAGE=" + req.http.X-Ptsp-Language;
        }
    }
    # the same URL answers HTML or JSON (plone.rest, without Vary: Accept)
    if (req.http.Accept ~ "application/json") {
        set req.http.X-Ptsp-Format = "json";
        set req.http.Accept = "application/json";
    } else {
        set req.http.X-Ptsp-Format = "html";
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    hash_data("format:" + req.http.X-Ptsp-Format);
    hash_data("language:" + req.http.X-Ptsp-Language);
    return (lookup);
}

sub vcl_backend_response {
    set beresp.http.X-Ptsp-Url = bereq.url;
    # allow-list: stored only when the portal says a shared cache may
    if (bereq.uncacheable
        || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(?i)(public|s-maxage)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Ptsp-Url;
    # Age and X-Varnish stay: operators see hits
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

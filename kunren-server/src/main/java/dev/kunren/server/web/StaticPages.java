package dev.kunren.server.web;

import dev.kunren.server.http.Exchange;
import dev.kunren.server.http.Problem;
import dev.kunren.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The pages and their assets, from the jar's {@code web/} folder, with headers that keep them
 * from being framed or running anything but their own scripts.
 */
final class StaticPages {

    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/facilitator", "facilitator.html", "/team", "team.html", "/scoreboard", "scoreboard.html",
            "/status", "status.html", "/debrief", "debrief.html", "/pages/ack", "page.html", "/observe", "observe.html");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml");

    private StaticPages() {
    }

    static void mount(Router router) {
        PAGES.forEach((path, file) -> router.route("GET", path, Router.Access.ANYONE, x -> serve(x, file)));
        router.route("GET", "/static/{file}", Router.Access.ANYONE, x -> serve(x, "static/" + x.path("file")));
        router.route("GET", "/static/i18n/{file}", Router.Access.ANYONE, x -> serve(x, "static/i18n/" + x.path("file")));
        router.route("GET", "/api/openapi.json", Router.Access.ANYONE, x -> serve(x, "openapi.json"));
        router.route("GET", "/favicon.ico", Router.Access.ANYONE, x -> serve(x, "static/favicon.svg"));
    }

    private static void serve(Exchange x, String file) throws IOException {
        if (!file.matches("[a-z0-9/._-]+") || file.contains("..")) {
            throw Problem.notFound("no such file");
        }
        try (InputStream in = StaticPages.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw Problem.notFound("no such file: " + file);
            }
            String extension = file.substring(file.lastIndexOf('.') + 1);
            x.responseHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            x.responseHeader("X-Frame-Options", "DENY");
            x.responseHeader("Referrer-Policy", "no-referrer");
            x.bytes(200, TYPES.getOrDefault(extension, "application/octet-stream"), in.readAllBytes());
        }
    }
}

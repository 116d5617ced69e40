package dev.dovetail.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** A placeholder for the console at {@code /} until the console issue lands. Requires login. */
@RestController
class IndexController {

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    String index(Authentication who, HttpServletRequest request) {
        var csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        var logout = csrf == null ? "" : """
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s">\
                <button type="submit">Log out</button></form>""".formatted(
                HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Dovetail</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5}</style>
                </head><body>
                <h1>Dovetail</h1>
                <p>Logged in as <strong>%s</strong>. The console is on its way; meanwhile the hub speaks JSON:</p>
                <ul>
                  <li><a href="/api/v1/workspace">/api/v1/workspace</a> — the loaded workspace and its validation report</li>
                  <li><a href="/api/v1/workspace/problems">/api/v1/workspace/problems</a> — problems of the latest load</li>
                  <li><a href="/actuator/health">/actuator/health</a> — health</li>
                </ul>
                %s
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(who.getName()), logout);
    }
}

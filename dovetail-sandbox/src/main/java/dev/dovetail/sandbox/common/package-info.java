/**
 * What every sandbox system is built from. ERP, WMS, CRM and OA use only this package and the JDK
 * (plus Jackson, H2 and MINA SSHD); nothing here knows Dovetail.
 *
 * <h2>Writing a system</h2>
 * <pre>{@code
 * public final class ErpSandbox extends HttpSandbox {
 *     public ErpSandbox(SandboxOptions options) { super("erp", 9302, options); }
 *
 *     protected void routes(Router router) {
 *         router.get("/api/things/{id}", request -> Response.json(find(request.pathParam("id"))));
 *     }
 *     protected void reset() { ... wipe state ... }
 *     protected void seed()  { ... deterministic data ... }
 *     protected String page(Request request) {
 *         return HtmlPage.titled("ERP").table("Customers", List.of("code", "name"), rows).render();
 *     }
 * }
 * }</pre>
 * Register it in {@code dev.dovetail.sandbox.Sandbox#SYSTEMS} (one line: name, summary,
 * constructor); the launcher, the {@code all} command and the JUnit extension then know it.
 *
 * <h2>What the base gives every system</h2>
 * <ul>
 *   <li>{@link HttpSandbox}: a JDK {@code HttpServer} on virtual threads with {@link Router}
 *       routing; {@code GET /} renders {@link HttpSandbox#page}; the control endpoints
 *       {@code POST /_control/reset}, {@code POST /_control/seed}, {@code GET|POST|DELETE
 *       /_control/faults}, {@code GET /_control/stats}; fault injection ({@link Faults}) in front of
 *       every route except {@code /_control/}; counters ({@link Stats}).</li>
 *   <li>{@link StateDir}: the system's own folder (JSON files written atomically, H2 URLs);
 *       {@link JsonTable}: a small persistent collection of JSON records.</li>
 *   <li>{@link Outbox}: at-least-once outbound HTTP (webhooks, callbacks) with retries and
 *       backoff that survive a restart.</li>
 *   <li>{@link Json}, {@link HtmlPage}, {@link SandboxOptions}, {@link ControlClient}.</li>
 * </ul>
 */
package dev.dovetail.sandbox.common;

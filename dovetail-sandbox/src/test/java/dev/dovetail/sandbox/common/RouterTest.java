package dev.dovetail.sandbox.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterTest {

    private final Handler a = r -> Response.empty(200);
    private final Handler b = r -> Response.empty(201);
    private final Router router = new Router().get("/api/things", a).get("/api/things/{id}", b).post("/api/things/{id}/win", a);

    @Test
    void a_path_parameter_is_captured() {
        var match = router.match("GET", "/api/things/OPP-000001");
        assertThat(match).isPresent();
        assertThat(match.get().handler()).isSameAs(b);
        assertThat(match.get().pathParams()).containsEntry("id", "OPP-000001");
    }

    @Test
    void a_trailing_slash_matches_the_same_route() {
        assertThat(router.match("GET", "/api/things/")).get().extracting(Router.Match::handler).isSameAs(a);
    }

    @Test
    void a_known_path_under_another_method_is_told_apart_from_an_unknown_path() {
        assertThat(router.match("DELETE", "/api/things/1")).isEmpty();
        assertThat(router.matchesOtherMethod("/api/things/1")).isTrue();
        assertThat(router.matchesOtherMethod("/api/nothing")).isFalse();
    }

    @Test
    void segments_must_match_in_number() {
        assertThat(router.match("GET", "/api/things/1/extra")).isEmpty();
        assertThat(router.match("POST", "/api/things/1/win")).isPresent();
    }
}

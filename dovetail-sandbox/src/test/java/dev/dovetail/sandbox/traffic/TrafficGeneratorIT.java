package dev.dovetail.sandbox.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sandbox.junit.SandboxSystem;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrafficGeneratorIT {

    @RegisterExtension
    static SandboxSystem crm = SandboxSystem.crm().withOption("rate-limit", "0").withOption("seed", "true");

    @RegisterExtension
    static SandboxSystem wms = SandboxSystem.wms().withOption("seed", "true").withOption("stock-count-every-seconds", "0");

    @Test
    void each_step_wins_a_new_opportunity_and_every_second_step_moves_wms_stock() {
        long changedBefore = wms.control().stat("wms.stock.changed");
        long wonBefore = crm.control().stat("events.opportunity.won");
        var settings = TrafficGenerator.Settings.against(crm.baseUrl()).withWms(wms.baseUrl()).withRate(50).withCount(4);
        settings = new TrafficGenerator.Settings(settings.crm(), settings.wms(), "dovetail", "crm-secret", 50, 4,
                Duration.ZERO, 2, 42);

        var won = new TrafficGenerator(settings, null).run();

        assertThat(won).hasSize(4).doesNotHaveDuplicates().allMatch(id -> id.startsWith("OPP-"));
        assertThat(crm.control().stat("events.opportunity.won") - wonBefore).isEqualTo(4);
        assertThat(wms.control().stat("wms.stock.changed") - changedBefore).isEqualTo(2);
    }

    @Test
    void a_wrong_client_secret_stops_the_generator_with_the_crms_refusal() {
        var settings = TrafficGenerator.Settings.against(crm.baseUrl()).withClientSecret("wrong").withCount(1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrafficGenerator(settings, null).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("401");
    }
}

package dev.dovetail.acceptance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * The set-up the delivery tests share: a {@link CountingSink} as the ERP, the hub on a copy of the relay workspace
 * delivering to it, the API as admin, and senders signing for the CRM. Files go to the run's folder
 * ({@link RunResult#dir()}): {@code sink.jsonl}, {@code hub-<n>.log}, {@code hub/data}, {@code workspace}.
 */
public final class RelayRig implements AutoCloseable {
    private final CountingSink sink;
    private final HubProcess hub;

    private RelayRig(CountingSink sink, HubProcess hub) {
        this.sink = sink;
        this.hub = hub;
    }

    /** Starts the sink and the hub; {@code hub} may add arguments (e.g. backoff settings) before the start. */
    public static RelayRig start(RunResult result, Consumer<HubProcess.Builder> hub) {
        var dir = result.dir();
        clean(dir);
        var sink = CountingSink.start(dir.resolve("sink.jsonl"));
        try {
            var builder = HubProcess.builder("hub", dir)
                    .workspace(Workspaces.copy("relay", dir.resolve("workspace")))
                    .dataDir(dir.resolve("hub/data"))
                    .secret(Workspaces.CRM_SECRET_NAME, Workspaces.CRM_SECRET)
                    .env("ERP_URL", sink.baseUri().toString());
            hub.accept(builder);
            var process = builder.build();
            result.parameter("hubPort", process.port()).parameter("sinkPort", sink.port());
            process.start();
            result.timing("firstStartup", process.startups().getFirst());
            return new RelayRig(sink, process);
        } catch (RuntimeException | Error e) {
            sink.close();
            throw e;
        }
    }

    public CountingSink sink() {
        return sink;
    }

    public HubProcess hub() {
        return hub;
    }

    public HubApi api() {
        return HubApi.of(hub);
    }

    public WebhookSigner signer() {
        return WebhookSigner.crm(Workspaces.CRM_SECRET);
    }

    /** Sender options for {@code POST /hooks/crm/order-won} on this hub. */
    public WebhookSender.Options senderOptions() {
        return WebhookSender.Options.to(WebhookSender.hook(hub.baseUri(), "crm", "order-won"), signer());
    }

    @Override
    public void close() {
        try {
            hub.close();
        } finally {
            sink.close();
        }
    }

    private static void clean(java.nio.file.Path dir) {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

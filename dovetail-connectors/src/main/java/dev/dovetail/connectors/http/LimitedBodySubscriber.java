package dev.dovetail.connectors.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an answer body up to a limit. Past it, a successful answer fails the exchange (its
 * content would be incomplete), while an error answer is cut short: only its start is kept for
 * the outcome's excerpt.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer body was larger than the system's {@code maxResponseBytes}. */
    static final class ResponseTooLarge extends IOException {
        ResponseTooLarge(long limit) {
            super("the answer body exceeds " + limit + " bytes");
        }
    }

    /** How much of an error answer is kept: enough for an excerpt in any charset. */
    static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final long limit;
    private final boolean truncate;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBodySubscriber(long limit, boolean truncate) {
        this.limit = limit;
        this.truncate = truncate;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> info.statusCode() >= 200 && info.statusCode() < 300
                ? new LimitedBodySubscriber(limit, false)
                : new LimitedBodySubscriber(Math.min(limit, ERROR_BODY_LIMIT), true);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (var buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > limit) {
                subscription.cancel();
                if (truncate) {
                    var kept = new byte[(int) (limit - bytes.size())];
                    buffer.get(kept);
                    bytes.writeBytes(kept);
                    result.complete(bytes.toByteArray());
                } else {
                    result.completeExceptionally(new ResponseTooLarge(limit));
                }
                return;
            }
            var chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}

package io.breedline.worker.fetch;

import io.breedline.contracts.ImageRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads {@code http(s)://} images, but only under the prefixes of {@link HttpAllowList}; anything else is refused
 * before a connection is made. Redirects are followed by hand (at most {@value #MAX_REDIRECTS}), each target checked
 * against the allow-list first, so an allowed server cannot bounce the worker to an internal one.
 *
 * <p>The size limit is enforced while the body streams in (a server may lie about Content-Length, or send none), and
 * the whole exchange, body included, is bounded by the timeout.
 */
public final class HttpFetcher implements ObjectFetcher {
    static final int MAX_REDIRECTS = 5;

    private final HttpAllowList allow;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient client;

    public HttpFetcher(HttpAllowList allow, long maxBytes, Duration timeout) {
        this.allow = allow;
        this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 16);
        this.timeout = timeout;
        // No client at all when nothing is allowed: nothing to connect with.
        this.client = allow.isEmpty() ? null : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    static boolean handles(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon) : "";
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    }

    @Override
    public byte[] fetch(ImageRef ref) throws FetchException {
        String original = ref.uri();
        if (allow.isEmpty()) {
            throw new FetchException(original + ": unsupported source, this worker fetches no http(s) URLs "
                    + "(BREEDLINE_HTTP_ALLOW is empty); it reads s3://bucket/key URIs and absolute local file paths", false);
        }
        URI url = parse(original, original);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int redirects = 0; ; redirects++) {
            if (!allow.allows(url)) {
                String via = url.toString().equals(original) ? "" : " (redirected to " + url + ")";
                throw new FetchException(original + ": refused" + via + ", not under a prefix of BREEDLINE_HTTP_ALLOW="
                        + allow, false);
            }
            Response response = get(original, url, deadline);
            int status = response.status;
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers.firstValue("Location").orElse(null);
                if (location == null) {
                    throw new FetchException(original + ": HTTP " + status + " redirect without a Location", false);
                }
                if (redirects >= MAX_REDIRECTS) {
                    throw new FetchException(original + ": more than " + MAX_REDIRECTS + " redirects", false);
                }
                url = parse(original, url.resolve(location).toString());
                continue;
            }
            if (status == 200) {
                return response.body;
            }
            throw statusFailure(original, status);
        }
    }

    private record Response(int status, HttpHeaders headers, byte[] body) {}

    private Response get(String original, URI url, long deadline) throws FetchException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(original);
        }
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofNanos(remaining))
                .header("Accept", "image/*").build();
        LimitedBody body = new LimitedBody(maxBytes);
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(null); // an error page or a redirect: not read
            }
            OptionalLong length = info.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > maxBytes) {
                body.refuse(length.getAsLong());
            }
            return body;
        });
        try {
            HttpResponse<byte[]> response = call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            body.cancel();
            call.cancel(true);
            throw timedOut(original);
        } catch (InterruptedException e) {
            body.cancel();
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(original + ": interrupted", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            TooLarge tooLarge = null;
            for (Throwable t = cause; t != null && tooLarge == null; t = t.getCause() == t ? null : t.getCause()) {
                tooLarge = t instanceof TooLarge found ? found : null;
            }
            if (tooLarge != null) {
                throw new FetchException(original + ": refused, " + tooLarge.size + " bytes"
                        + (tooLarge.declared ? "" : " or more") + " is more than the limit of " + maxBytes
                        + " (BREEDLINE_MAX_IMAGE_BYTES)", false);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(original);
            }
            throw new FetchException(original + ": the download failed: " + cause, true, cause);
        }
    }

    private FetchException timedOut(String original) {
        return new FetchException(original + ": no complete answer within " + timeout.toMillis()
                + " ms (BREEDLINE_HTTP_TIMEOUT); retry later", true);
    }

    private static FetchException statusFailure(String original, int status) {
        if (status == 404 || status == 410) {
            return new FetchException(original + ": no such image (HTTP " + status + ")", false);
        }
        if (status == 401 || status == 403) {
            return new FetchException(original + ": access denied (HTTP " + status + ")", false);
        }
        if (status >= 500 || status == 429 || status == 408) {
            return new FetchException(original + ": the server failed transiently (HTTP " + status + "); retry later", true);
        }
        return new FetchException(original + ": the server answered HTTP " + status, false);
    }

    private static URI parse(String original, String value) throws FetchException {
        try {
            URI u = new URI(value);
            if (!HttpAllowList.isHttp(u) || u.getHost() == null) {
                throw new FetchException(original + ": refused, '" + value + "' is not an absolute http(s) URL", false);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new FetchException(original + ": not a valid URL: " + e.getMessage(), false, e);
        }
    }

    /** Over the byte limit: declared by Content-Length, or counted while streaming. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final long size;
        final boolean declared;

        TooLarge(long size, boolean declared) {
            super(size + " bytes", null);
            this.size = size;
            this.declared = declared;
        }
    }

    /** Collects the body up to the limit; past it, cancels the stream so the rest is never downloaded. */
    private static final class LimitedBody implements BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;
        private volatile TooLarge refused;

        LimitedBody(long limit) {
            this.limit = limit;
        }

        void refuse(long declaredSize) {
            refused = new TooLarge(declaredSize, true);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.cancel(false);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (refused != null) {
                s.cancel();
                result.completeExceptionally(refused);
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (out.size() + (long) b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(out.size() + (long) b.remaining(), false));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}

package io.breedline.worker.consume;

import io.breedline.clients.ops.LogContext;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.worker.decode.BilinearResizer;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.decode.ModelInputDecoder;
import io.breedline.worker.fetch.FetchException;
import io.breedline.worker.fetch.FetchedObject;
import io.breedline.worker.fetch.ObjectFetcher;
import io.breedline.worker.publish.Messages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns an image reference into model input off the poll thread: fetching on the I/O pool (many threads, mostly
 * waiting on the network), then decoding and resizing on the CPU pool. Failures become dead letters; the future never
 * completes exceptionally, so one bad image cannot fail its batch.
 */
public final class ImagePreparer {
    private final ObjectFetcher fetcher;
    private final InputDecoder decoder;
    private final int height;
    private final int width;
    private final Messages messages;
    private final Executor fetchPool;
    private final Executor decodePool;
    private final LongSupplier nanoClock;

    /** Bytes to one model input; the decode pool calls it concurrently. */
    private interface InputDecoder {
        float[] decode(byte[] data, int height, int width) throws DecodeException;
    }

    /** Decodes every image the exact way ({@link ImageDecoder}, then {@link BilinearResizer}). */
    public ImagePreparer(ObjectFetcher fetcher, ImageDecoder decoder, int height, int width, Messages messages,
            Executor fetchPool, Executor decodePool, LongSupplier nanoClock) {
        this(fetcher, (InputDecoder) (data, h, w) -> BilinearResizer.resize(decoder.decode(data), h, w), height, width,
                messages, fetchPool, decodePool, nanoClock);
    }

    /** Decodes by the path {@code decoder}'s {@link io.breedline.worker.decode.DecodeMode} chooses. */
    public ImagePreparer(ObjectFetcher fetcher, ModelInputDecoder decoder, int height, int width, Messages messages,
            Executor fetchPool, Executor decodePool, LongSupplier nanoClock) {
        this(fetcher, (InputDecoder) decoder::decode, height, width, messages, fetchPool, decodePool, nanoClock);
    }

    private ImagePreparer(ObjectFetcher fetcher, InputDecoder decoder, int height, int width, Messages messages,
            Executor fetchPool, Executor decodePool, LongSupplier nanoClock) {
        this.fetcher = fetcher;
        this.decoder = decoder;
        this.height = height;
        this.width = width;
        this.messages = messages;
        this.fetchPool = fetchPool;
        this.decodePool = decodePool;
        this.nanoClock = nanoClock;
    }

    CompletableFuture<Prepared> prepare(ImageRef ref) {
        return CompletableFuture.supplyAsync(() -> inLogContext(ref, () -> fetch(ref)), fetchPool)
                .thenApplyAsync(fetched -> fetched.failure() != null ? fetched.failure()
                        : inLogContext(ref, () -> decode(ref, fetched)), decodePool)
                .exceptionally(e -> failed(ref, FailureStage.DECODE,
                        ref.uri() + ": internal error while preparing the image: " + e, e.getClass().getName(), false));
    }

    // Whatever a fetcher or decoder logs on a pool thread is about this image: say which.
    private static <T> T inLogContext(ImageRef ref, Supplier<T> work) {
        try (LogContext c = LogContext.image(ref.jobId(), ref.imageId())) {
            return work.get();
        }
    }

    private record Fetched(byte[] bytes, long fetchMs, Prepared.Failed failure, String etag, String versionId) {}

    private Fetched fetch(ImageRef ref) {
        long start = nanoClock.getAsLong();
        try {
            FetchedObject object = fetcher.fetchObject(ref);
            return new Fetched(object.bytes(), millisSince(start), null, object.etag(), object.versionId());
        } catch (FetchException e) {
            return new Fetched(null, millisSince(start),
                    failed(ref, FailureStage.FETCH, e.getMessage(), e.exceptionType(), e.retriable()), null, null);
        } catch (RuntimeException e) {
            return new Fetched(null, millisSince(start),
                    failed(ref, FailureStage.FETCH, ref.uri() + ": cannot fetch: " + e, e.getClass().getName(), true), null, null);
        }
    }

    private Prepared decode(ImageRef ref, Fetched fetched) {
        long start = nanoClock.getAsLong();
        try {
            float[] pixels = decoder.decode(fetched.bytes(), height, width);
            long done = nanoClock.getAsLong();
            return new Prepared.Ready(pixels, fetched.fetchMs(), TimeUnit.NANOSECONDS.toMillis(done - start), done,
                    fetched.etag(), fetched.versionId());
        } catch (DecodeException e) {
            return failed(ref, FailureStage.DECODE, ref.uri() + ": " + e.getMessage(), e.exceptionType(), false);
        }
    }

    private Prepared.Failed failed(ImageRef ref, FailureStage stage, String reason, String exceptionType, boolean retriable) {
        return new Prepared.Failed(messages.deadLetter(ref, stage, reason, exceptionType, retriable));
    }

    private long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - startNanos);
    }
}

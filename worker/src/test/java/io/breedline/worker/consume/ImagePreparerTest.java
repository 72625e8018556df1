package io.breedline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.fetch.FetchException;
import io.breedline.worker.fetch.ObjectFetcher;
import io.breedline.worker.publish.Messages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreparerTest {
    private final Executor direct = Runnable::run;
    private final Messages messages = new Messages("w1", "m", "v", Clock.systemUTC());

    @Test
    void fetchesDecodesAndResizesToTheModelInput() throws Exception {
        Map<String, byte[]> store = Map.of("s3://b/red.png", png(8, 6, new Color(200, 10, 30)));
        Prepared p = preparer(ref -> store.get(ref.uri())).prepare(ref("s3://b/red.png")).join();
        assertThat(p).isInstanceOfSatisfying(Prepared.Ready.class, r -> {
            assertThat(r.pixels()).hasSize(4 * 4 * 3);
            assertThat(new float[] {r.pixels()[0], r.pixels()[1], r.pixels()[2]}).containsExactly(200f, 10f, 30f);
        });
    }

    @Test
    void aFetchFailureIsAFetchDeadLetterWithItsReason() {
        ObjectFetcher missing = ref -> {
            throw new FetchException(ref.uri() + ": no such object", false);
        };
        DeadLetter d = deadLetter(preparer(missing).prepare(ref("s3://b/gone.jpg")).join());
        assertThat(d.stage()).isEqualTo(FailureStage.FETCH);
        assertThat(d.reason()).isEqualTo("s3://b/gone.jpg: no such object");
        assertThat(d.retriable()).isFalse();
        assertThat(d.exceptionType()).isEqualTo(FetchException.class.getName());
    }

    @Test
    void aDecodeFailureNamesTheImage() {
        DeadLetter d = deadLetter(preparer(ref -> "hello".getBytes()).prepare(ref("/photos/note.jpg")).join());
        assertThat(d.stage()).isEqualTo(FailureStage.DECODE);
        assertThat(d.reason()).isEqualTo("/photos/note.jpg: not an image this worker can read: detected text (5 bytes)");
    }

    @Test
    void anUnexpectedErrorStillEndsAsADeadLetterNotAFailedFuture() {
        DeadLetter d = deadLetter(preparer(ref -> {
            throw new IllegalStateException("bug");
        }).prepare(ref("s3://b/x.jpg")).join());
        assertThat(d.stage()).isEqualTo(FailureStage.FETCH);
        assertThat(d.reason()).contains("bug");
        assertThat(d.retriable()).isTrue();
    }

    private ImagePreparer preparer(ObjectFetcher fetcher) {
        return new ImagePreparer(fetcher, new ImageDecoder(1_000_000), 4, 4, messages, direct, direct, System::nanoTime);
    }

    private static DeadLetter deadLetter(Prepared p) {
        assertThat(p).isInstanceOf(Prepared.Failed.class);
        return ((Prepared.Failed) p).deadLetter();
    }

    private static ImageRef ref(String uri) {
        return ImageRef.of(uri, null, null, null, "job", Instant.EPOCH);
    }

    private static byte[] png(int w, int h, Color c) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}

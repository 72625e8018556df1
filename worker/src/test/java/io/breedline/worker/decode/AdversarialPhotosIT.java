package io.breedline.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.testkit.ImageTools;
import io.breedline.testkit.Mutations;
import io.breedline.testkit.SyntheticPhotos;
import io.breedline.worker.decode.helper.HelperOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged HEIC, AVIF and WebP files (truncated, bit-flipped, fuzzed; made at test time from files the
 * real encoders wrote) through the decoder the worker uses: each must end as model input or as a
 * {@link DecodeException} with a reason, nothing else, whatever native code does with it; and a good photo still
 * decodes afterwards. {@code -Dbreedline.adversarial.count=N} sets how many (default 2000).
 */
class AdversarialPhotosIT {
    private static final int COUNT = Integer.getInteger("breedline.adversarial.count", 2000);

    @TempDir
    Path dir;

    @Test
    void everyDamagedFileEndsAsModelInputOrAReason() throws Exception {
        ImageTools.require("heif-enc", "libheif-examples");
        ImageTools.require("avifenc", "libavif-bin");
        ImageTools.require("cwebp", "webp");
        ImageIO.write(SyntheticPhotos.photo(64, 48, 11, false), "png", dir.resolve("s.png").toFile());
        ImageIO.write(SyntheticPhotos.photo(64, 48, 12, true), "png", dir.resolve("a.png").toFile());
        ImageTools.run(dir, "heif-enc", "-q", "60", "-o", "s.heic", "s.png");
        ImageTools.run(dir, "heif-enc", "-q", "60", "-o", "a.heic", "a.png");
        ImageTools.run(dir, "avifenc", "-s", "9", "s.png", "s.avif");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "60", "s.png", "-o", "s.webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-lossless", "s.png", "-o", "l.webp");
        ImageTools.run(dir, "cwebp", "-quiet", "-q", "60", "a.png", "-o", "a.webp");
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("s.heic", "a.heic", "s.avif", "s.webp", "l.webp", "a.webp")) {
            seeds.add(Files.readAllBytes(dir.resolve(name)));
        }

        Mutations mutations = new Mutations(20);
        Map<String, Integer> outcomes = new TreeMap<>();
        long start = System.nanoTime();
        try (ModelInputDecoder decoder = new ModelInputDecoder(100_000_000L, DecodeMode.FAST,
                HelperOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)))) {
            for (int i = 0; i < COUNT; i++) {
                byte[] damaged = mutations.mutate(seeds.get(i % seeds.size()));
                String outcome;
                try {
                    float[] input = decoder.decode(damaged, 32, 32);
                    assertThat(input).hasSize(32 * 32 * 3);
                    outcome = "decoded";
                } catch (DecodeException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    outcome = e.getMessage().contains("crashed") ? "dead letter: decoder crashed"
                            : e.getMessage().contains("took longer") ? "dead letter: timed out" : "dead letter";
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
            for (byte[] seed : seeds) {
                assertThat(decoder.decode(seed, 32, 32)).as("a good file after the damaged ones").hasSize(32 * 32 * 3);
            }
        }
        System.out.printf("AdversarialPhotosIT: %d damaged HEIC/AVIF/WebP files in %d s: %s%n", COUNT,
                (System.nanoTime() - start) / 1_000_000_000L, outcomes);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(COUNT);
    }
}

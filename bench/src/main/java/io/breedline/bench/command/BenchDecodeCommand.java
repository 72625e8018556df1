package io.breedline.bench.command;

import io.breedline.bench.DecodeCost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./breedline bench decode}: decode cost per photo of a phone-sized JPEG, HEIC, AVIF and WebP. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode cost of one 12-megapixel photo per format and path (JPEG fast and exact, HEIC, AVIF,",
            "WebP), made from a sample photo by the real encoders (heif-enc, avifenc, cwebp)."})
public final class BenchDecodeCommand implements Callable<Integer> {
    @Option(names = "--photo", defaultValue = "../shared/samples/retriever.jpg", paramLabel = "FILE",
            description = "The photo to upscale (default: ${DEFAULT-VALUE}).")
    Path photo;

    @Option(names = "--size", defaultValue = "4000x3000", paramLabel = "WxH",
            description = "The size it is upscaled to (default: ${DEFAULT-VALUE}, 12 MP).")
    String size;

    @Option(names = "--rounds", defaultValue = "10", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--input", defaultValue = "256", description = "Model input size (default: ${DEFAULT-VALUE}).")
    int input;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
        Path work = Files.createTempDirectory("breedline-decode-cost");
        DecodeCost.run(photo, work, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), rounds, input, System.out, System.err);
        return 0;
    }
}

package io.breedline.bench;

import io.breedline.bench.fleet.StandInModel;
import io.breedline.clients.s3.S3Clients;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.embedded.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench latency --backfill}: uploads during a backfill, with and without the priority lane, and the backfill's
 * throughput with and without uploads. Each repeat runs three rounds back to back on the same servers (the backfill
 * alone, with uploads on the priority lane, with uploads on the bulk lane behind it), so the machine's load is shared
 * alike and the ratios of one repeat compare.
 *
 * <p>The model is a {@link StandInModel} with a CPU model's cost per batch and per image but no CPU use: on a shared
 * 2-core machine, three 20,000-image rounds of the real model would take an hour, and the model's CPU would be taken
 * from the worker's own fetch and decode. The backfill's references point at small JPEGs on local disk (hard links, one
 * path each), the uploads are photo-size JPEGs put into S3 (s3proxy).
 */
public final class BackfillLatency {
    private static final String BUCKET = "breedline-backfill";
    private static final int BACKFILL_VARIANTS = 64;
    private static final int UPLOAD_VARIANTS = 16;

    private final int backfill;
    private final double uploadRate;
    private final Duration batchDelay;
    private final Duration batchTime;
    private final Duration imageTime;
    private final int repeats;
    private final Path samples;
    private final PrintStream out;

    public BackfillLatency(int backfill, double uploadRate, Duration batchDelay, Duration batchTime, Duration imageTime,
            int repeats, Path samples, PrintStream out) {
        if (backfill < 1 || uploadRate <= 0 || repeats < 1) {
            throw new IllegalArgumentException("--backfill, --rate and --repeats must be positive");
        }
        this.backfill = backfill;
        this.uploadRate = uploadRate;
        this.batchDelay = batchDelay;
        this.batchTime = batchTime;
        this.imageTime = imageTime;
        this.repeats = repeats;
        this.samples = samples;
        this.out = out;
    }

    public List<BackfillResult> run() throws Exception {
        Path work = Files.createTempDirectory("breedline-backfill");
        List<Path> backfillFiles = links(BenchImages.generate("backfill", samples, work.resolve("variants"),
                BACKFILL_VARIANTS, 64, 64).files(), work.resolve("backfill"), backfill);
        BenchImages.ImageSet uploads = BenchImages.generate("upload", samples, work.resolve("uploads"), UPLOAD_VARIANTS,
                500, 375);
        StandInModel describe = new StandInModel(batchTime, imageTime);
        out.println("Backfill: " + backfill + " references to 64x64 JPEGs on local disk; uploads: " + uploads.describe()
                + ", put into S3 at " + uploadRate + "/s during the backfill");
        out.println("Model: " + describe.describe() + "; batch delay " + UploadLatency.format(batchDelay)
                + "; one worker, 4 partitions per lane, SQLite sink");
        List<BackfillResult> all = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0);
                EmbeddedS3 s3 = EmbeddedS3.start(Files.createDirectories(work.resolve("s3")));
                S3Client client = S3Clients.create(s3.settings());
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            s3.createBucket(BUCKET);
            BackfillRound.Rig rig = new BackfillRound.Rig(kafka.bootstrapServers(), admin, client, s3.settings(), BUCKET,
                    work, backfillFiles, uploads.files(), () -> new StandInModel(batchTime, imageTime));
            BackfillRound round = new BackfillRound(rig, uploadRate, batchDelay);
            for (int r = 1; r <= repeats; r++) {
                List<BackfillResult> repeat = new ArrayList<>();
                out.println();
                out.println("Repeat " + r + " of " + repeats);
                out.println(BackfillResult.header());
                for (BackfillRound.Mode mode : BackfillRound.Mode.values()) {
                    BackfillResult result = round.run(mode, mode.name().toLowerCase().replace('_', '-') + "-" + r);
                    repeat.add(result);
                    out.println(result.row());
                    if (!result.published().uploadStages().isEmpty()) {
                        out.println("          uploads' worker stages: " + result.published().uploadStages());
                    }
                    out.flush();
                }
                out.print(BackfillReport.summary(repeat, uploadRate));
                all.addAll(repeat);
            }
        }
        return all;
    }

    // One path per reference: the sink keys rows by image id, which ingest derives from the path.
    private static List<Path> links(List<Path> variants, Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Path source = variants.get(i % variants.size()).toAbsolutePath();
            Path link = dir.resolve(String.format("b-%06d.jpg", i)).toAbsolutePath();
            try {
                Files.createLink(link, source);
            } catch (FileSystemException | UnsupportedOperationException e) {
                Files.copy(source, link);
            }
            files.add(link);
        }
        return files;
    }
}

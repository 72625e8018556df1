package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.breedline.models.OracleModel;
import io.breedline.tensorflow.TensorFlowRuntime;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import io.breedline.worker.prepare.ModelPreparer;
import io.breedline.worker.prepare.TestArchives;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import software.amazon.awssdk.core.sync.RequestBody;

/** Loading a real SavedModel through DJL's TensorFlow engine, from disk, archives and S3, and refusing wrong ones. */
class DjlBreedModelIT {
    @TempDir
    static Path shared;

    static Path oracle;

    @BeforeAll
    static void build() {
        oracle = OracleModel.build(shared.resolve("oracle"));
    }

    @Test
    void servesTheOracleFromADirectory(@TempDir Path cache) {
        try (DjlBreedModel model = DjlBreedModel.load(spec(oracle.toString(), cache), () -> null)) {
            assertThat(model.inputHeight()).isEqualTo(256);
            assertThat(model.inputWidth()).isEqualTo(256);
            assertThat(model.labels()).isEqualTo(OracleModel.labels());
            assertThat(model.name()).isEqualTo("oracle");
            assertThat(model.version()).isEqualTo(ModelVersion.of(oracle));
            assertThat(model.describe()).contains("TensorFlow 2.16.1 (tensorflow-native-cu121 2.16.1", "a CUDA 12.1 build",
                    " on cpu()", "(no CUDA GPU found)", "input_layer [?,256,256,3] -> activation [?,8]");
            int per = 256 * 256 * 3;
            float[] batch = new float[OracleModel.labels().size() * per];
            for (int k = 0; k < OracleModel.labels().size(); k++) {
                Color c = OracleModel.colourOf(k);
                for (int i = 0; i < per; i += 3) {
                    batch[k * per + i] = c.getRed();
                    batch[k * per + i + 1] = c.getGreen();
                    batch[k * per + i + 2] = c.getBlue();
                }
            }
            float[][] out = model.predict(batch, OracleModel.labels().size());
            for (int k = 0; k < out.length; k++) {
                assertThat(TopK.of(out[k], model.labels(), 1).get(0).classIndex()).as("class of colour %d", k).isEqualTo(k);
            }
            // Many calls, each in its own NDManager: nothing piles up between calls.
            for (int i = 0; i < 50; i++) {
                model.predict(batch, 2);
            }
        }
    }

    @Test
    void downloadsAModelFromS3OnceAndHashesItLikeTheLocalCopy(@TempDir Path cache) throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("models");
        s3.createBucket(bucket);
        try (Stream<Path> files = Files.walk(oracle)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = "zoo/oracle/" + oracle.relativize(f).toString().replace('\\', '/');
                s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
            }
        }
        String uri = "s3://" + bucket + "/zoo/oracle";
        try (DjlBreedModel model = DjlBreedModel.load(spec(uri, cache), s3::client)) {
            assertThat(model.name()).isEqualTo("oracle");
            assertThat(model.version()).isEqualTo(ModelVersion.of(oracle));
            assertThat(model.labels()).isEqualTo(OracleModel.labels());
        }
        Path downloaded;
        try (Stream<Path> dirs = Files.list(cache.resolve("models"))) {
            downloaded = dirs.filter(d -> d.getFileName().toString().startsWith("oracle-")).findFirst().orElseThrow();
        }
        Files.writeString(downloaded.resolve("marker"), "still the same download");
        ModelPreparer.standard(cache, s3::client).prepare(uri);
        assertThat(downloaded.resolve("marker")).as("the second start reuses the download").exists();
    }

    @Test
    void servesAZipWithATopLevelFolderAndATarGzWithTheModelAtItsRoot(@TempDir Path tmp) throws Exception {
        Path zip = TestArchives.zip(tmp.resolve("oracle-v1.zip"), TestArchives.filesOf(oracle, "oracle/"));
        Path tgz = TestArchives.tarGz(tmp.resolve("oracle-v2.tar.gz"), TestArchives.filesOf(oracle, "").entrySet()
                .stream().map(e -> new TestArchives.TarEntry(e.getKey(), '0', e.getValue())).toList());
        for (Path archive : List.of(zip, tgz)) {
            try (DjlBreedModel model = DjlBreedModel.load(spec(archive.toString(), tmp.resolve("cache")), () -> null)) {
                assertThat(model.name()).isEqualTo(archive.getFileName().toString().replaceFirst("\\..*", ""));
                assertThat(model.version()).as("an archive has the version of the folder it was made from")
                        .isEqualTo(ModelVersion.of(oracle));
                assertThat(model.labels()).isEqualTo(OracleModel.labels());
            }
        }
    }

    @Test
    void servesATarGzObjectFromS3AndReusesItsUnpackedCopy(@TempDir Path tmp) throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("models");
        s3.createBucket(bucket);
        Path tgz = TestArchives.tarGz(tmp.resolve("oracle.tar.gz"), TestArchives.filesOf(oracle, "oracle/").entrySet()
                .stream().map(e -> new TestArchives.TarEntry(e.getKey(), '0', e.getValue())).toList());
        s3.client().putObject(b -> b.bucket(bucket).key("releases/oracle.tar.gz"), RequestBody.fromFile(tgz));
        String uri = "s3://" + bucket + "/releases/oracle.tar.gz";
        Path cache = tmp.resolve("cache");
        Path dir;
        try (DjlBreedModel model = DjlBreedModel.load(spec(uri, cache), s3::client)) {
            assertThat(model.name()).isEqualTo("oracle");
            assertThat(model.version()).isEqualTo(ModelVersion.of(oracle));
            assertThat(model.labels()).isEqualTo(OracleModel.labels());
            dir = ModelPreparer.standard(cache, s3::client).prepare(uri).dir();
        }
        assertThat(dir.getParent().getParent()).isEqualTo(cache.resolve("models"));
        Files.writeString(dir.resolve("marker"), "still the same download");
        assertThat(ModelPreparer.standard(cache, s3::client).prepare(uri).dir()).isEqualTo(dir);
        assertThat(dir.resolve("marker")).as("the second start reuses the unpacked copy").exists();
        try (Stream<Path> entries = Files.list(cache.resolve("models"))) {
            assertThat(entries.toList()).as("no downloads or temporary directories left").containsExactly(dir.getParent());
        }
        assertThatThrownBy(() -> ModelPreparer.standard(cache, s3::client).prepare("s3://" + bucket + "/releases/missing.tar.gz"))
                .hasMessage("BREEDLINE_MODEL=s3://" + bucket + "/releases/missing.tar.gz does not exist (no such object)");
    }

    @Test
    void aModelThatDoesNotOutputProbabilitiesIsServedWithAWarning(@TempDir Path tmp) throws Exception {
        Path meanColour = meanColourModel(tmp.resolve("mean-colour"));
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DjlBreedModel.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (DjlBreedModel model = DjlBreedModel.load(spec(meanColour.toString(), tmp), () -> null)) {
            assertThat(model.labels()).containsExactly("r", "g", "b");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("Model mean-colour does not output probabilities at warm-up: "
                    + "row 0 sums to 0.0, not 1.");
        });
    }

    @Test
    void aMissingSignatureIsRefusedNotSilentlyReplaced(@TempDir Path cache) {
        ModelSpec spec = new ModelSpec(oracle.toString(), Optional.empty(), Optional.empty(), Optional.empty(),
                "predict_logits", DeviceChoice.auto(), cache);
        assertThatThrownBy(() -> DjlBreedModel.load(spec, () -> null))
                .hasMessage("the model has no signature 'predict_logits' (BREEDLINE_MODEL_SIGNATURE); it has [serving_default]");
    }

    @Test
    void labelsThatDoNotMatchTheOutputAreAStartUpError(@TempDir Path tmp) throws Exception {
        Path labels = Files.writeString(tmp.resolve("three.txt"), "a\nb\nc\n");
        ModelSpec spec = new ModelSpec(oracle.toString(), Optional.of(labels), Optional.empty(), Optional.empty(),
                "serving_default", DeviceChoice.auto(), tmp);
        assertThatThrownBy(() -> DjlBreedModel.load(spec, () -> null))
                .hasMessage("labels file " + labels + " has 3 labels but the model outputs 8 classes");
    }

    @Test
    void askingForAGpuWithoutOneIsAStartUpError(@TempDir Path cache) {
        ModelSpec spec = new ModelSpec(oracle.toString(), Optional.empty(), Optional.empty(), Optional.empty(),
                "serving_default", DeviceChoice.parse("gpu"), cache);
        assertThatThrownBy(() -> DjlBreedModel.load(spec, () -> null)).hasMessageContaining("finds no GPU");
        ModelSpec second = new ModelSpec(oracle.toString(), Optional.empty(), Optional.empty(), Optional.empty(),
                "serving_default", DeviceChoice.parse("gpu:1"), cache);
        assertThatThrownBy(() -> DjlBreedModel.load(second, () -> null))
                .hasMessageStartingWith("BREEDLINE_DEVICE=gpu:1 but TensorFlow finds no GPU (no CUDA device); use "
                        + "BREEDLINE_DEVICE=cpu or auto to run on the CPU [TensorFlow 2.16.1 (tensorflow-native-cu121 ");
    }

    @Test
    void notASavedModelSaysWhatIsMissing(@TempDir Path empty) {
        assertThatThrownBy(() -> DjlBreedModel.load(spec(empty.toString(), empty), () -> null))
                .hasMessage("BREEDLINE_MODEL=" + empty + " is not a SavedModel: no saved_model.pb in it");
    }

    // Outputs each image's mean colour: a valid signature, but numbers from 0 to 255, not probabilities.
    private static Path meanColourModel(Path dir) throws Exception {
        TensorFlowRuntime.ensureLoaded();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName("input_layer")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 256, 256, 3)));
            Operand<TFloat32> mean = tf.withName("activation").math.mean(input, tf.constant(new int[] {1, 2}));
            try (Session session = new Session(graph)) {
                SavedModelBundle.exporter(dir.toString()).withTags("serve").withSession(session)
                        .withSignature(Signature.builder().key("serving_default").input("input_layer", input)
                                .output("activation", mean).build())
                        .export();
            }
        }
        Files.writeString(dir.resolve("labels.txt"), "r\ng\nb\n");
        return dir;
    }

    private static ModelSpec spec(String model, Path cache) {
        return new ModelSpec(model, Optional.empty(), Optional.empty(), Optional.empty(), "serving_default",
                DeviceChoice.auto(), cache);
    }
}

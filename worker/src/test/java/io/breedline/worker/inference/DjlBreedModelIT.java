package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.models.OracleModel;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Loading a real SavedModel through DJL's TensorFlow engine, from disk and from S3, and refusing wrong ones. */
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
            assertThat(model.describe()).contains("TensorFlow 2.16.1 on cpu()", "input_layer [?,256,256,3] -> activation [?,8]");
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
        ModelLocator.locate(uri, s3::client, cache);
        assertThat(downloaded.resolve("marker")).as("the second start reuses the download").exists();
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
    }

    @Test
    void notASavedModelSaysWhatIsMissing(@TempDir Path empty) {
        assertThatThrownBy(() -> DjlBreedModel.load(spec(empty.toString(), empty), () -> null))
                .hasMessage("BREEDLINE_MODEL=" + empty + " is not a SavedModel: no saved_model.pb in it");
    }

    private static ModelSpec spec(String model, Path cache) {
        return new ModelSpec(model, Optional.empty(), Optional.empty(), Optional.empty(), "serving_default",
                DeviceChoice.auto(), cache);
    }
}

package io.breedline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

class SourcesTest {
    @TempDir Path tmp;

    private final Supplier<S3Client> noS3 = () -> {
        throw new AssertionError("S3 must not be touched for this source");
    };

    @Test
    void aPathOrAFileUriIsAFolder() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dogs"));

        ImageSource source = Sources.open(dir.toString(), noS3, 1000);

        assertThat(source).isInstanceOf(FolderSource.class);
        assertThat(source.description()).isEqualTo(dir.toString());
        assertThat(Sources.open("  " + dir + "  ", noS3, 1000).description()).isEqualTo(dir.toString());
        assertThat(Sources.open(dir.toUri().toString(), noS3, 1000).description()).isEqualTo(dir.toString());
    }

    @Test
    void anS3UriIsAPrefixSource() {
        S3Client client = new SdkS3ListingTest.ListingOnlyS3(r -> null);

        ImageSource source = Sources.open("s3://photos/dogs/", () -> client, 100);

        assertThat(source).isInstanceOf(S3PrefixSource.class);
        assertThat(source.description()).isEqualTo("s3://photos/dogs/");
        assertThat(Sources.open("S3://photos", () -> client, 100).description()).isEqualTo("s3://photos/");
    }

    @Test
    void anotherSchemeIsRefusedByName() {
        assertThatThrownBy(() -> Sources.open("http://example.com/dogs", noS3, 1000))
                .isInstanceOf(SourceException.class)
                .hasMessage("source 'http://example.com/dogs' has an unsupported scheme 'http': "
                        + "use a folder path or s3://bucket/prefix");
        assertThatThrownBy(() -> Sources.open("gs://bucket/x", noS3, 1000))
                .hasMessageContaining("unsupported scheme 'gs'");
    }

    @Test
    void aBadBucketNameIsRefusedByName() {
        assertThatThrownBy(() -> Sources.open("s3://Bad_Bucket/x", noS3, 1000))
                .isInstanceOf(SourceException.class)
                .hasMessage("source 's3://Bad_Bucket/x' is not a valid s3://bucket/prefix: "
                        + "'Bad_Bucket' is not a valid S3 bucket name");
    }

    @Test
    void aMissingFolderOrNoSourceIsRefused() {
        assertThatThrownBy(() -> Sources.open(tmp.resolve("missing").toString(), noS3, 1000))
                .isInstanceOf(SourceException.class)
                .hasMessage("folder " + tmp.resolve("missing") + " does not exist");
        assertThatThrownBy(() -> Sources.open(" ", noS3, 1000))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("no source given");
    }
}

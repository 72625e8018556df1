package io.breedline.sink.objects.parquet;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Zstandard pages through zstd-jni directly. parquet-java's own {@code CodecFactory} reaches its codecs through
 * Hadoop's compression API, which would put hadoop-common (and its dependency tree) on the sink's class path for one
 * call; a Parquet ZSTD page is a plain Zstandard frame, so zstd-jni (already parquet-java's own dependency) writes it.
 * Decompression is here for tests that read files back with parquet-java.
 */
final class ZstdCodecs implements CompressionCodecFactory {
    // zstd's default: most of the gain of higher levels on repetitive columns at a fraction of the CPU.
    static final int LEVEL = 3;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        require(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(Zstd.compress(bytes.toByteArray(), LEVEL));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.ZSTD;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        require(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(Zstd.decompress(bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(java.nio.ByteBuffer input, int compressedSize, java.nio.ByteBuffer output,
                    int uncompressedSize) throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(Zstd.decompress(in, uncompressedSize));
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}

    private static void require(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("only ZSTD pages are written and read here, not " + codec);
        }
    }
}

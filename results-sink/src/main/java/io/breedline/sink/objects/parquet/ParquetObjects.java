package io.breedline.sink.objects.parquet;

import io.breedline.sink.objects.ObjectFormat;
import io.breedline.sink.writer.ResultRecord;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One window of results as one Parquet file (zstd-compressed, one row group), with parquet-java's writer and no Hadoop
 * at run time: a {@link PlainParquetConfiguration} instead of Hadoop's, an in-memory {@link OutputFile}, and
 * {@link ZstdCodecs} for the pages. The schema follows from the window's topic ({@link ResultSchemas}).
 */
public final class ParquetObjects implements ObjectFormat {
    // A window holds at most BREEDLINE_SINK_S3_FLUSH_RECORDS rows, a few hundred bytes each: one row group per object,
    // so a reader needs one seek; the bound only matters for a very large window.
    static final long ROW_GROUP_BYTES = 64L * 1024 * 1024;

    @Override
    public String extension() {
        return ".parquet";
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.parquet";
    }

    @Override
    public byte[] encode(TopicPartition partition, List<ResultRecord> records) throws IOException {
        MessageType schema = ResultWriteSupport.schemaFor(records.get(0));
        InMemoryOutputFile file = new InMemoryOutputFile();
        try (ParquetWriter<ResultRecord> writer = new Builder(file, new ResultWriteSupport(schema, partition.partition()))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecs())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (ResultRecord r : records) {
                writer.write(r);
            }
        }
        return file.toByteArray();
    }

    /** parquet-java's writer builder is abstract: this one hands it our write support. */
    private static final class Builder extends ParquetWriter.Builder<ResultRecord, Builder> {
        private final ResultWriteSupport support;

        Builder(OutputFile file, ResultWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ResultRecord> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return support;
        }

        @Override
        protected WriteSupport<ResultRecord> getWriteSupport(ParquetConfiguration configuration) {
            return support;
        }
    }
}

package io.breedline.kerasimport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.proto.SavedModel;

/**
 * Rewrites {@code saved_model.pb} with protobuf's deterministic serialisation. TensorFlow writes each node's
 * attribute map in hash order, so two imports of one file would differ in bytes, and with them the model version
 * (a hash of the SavedModel's files); sorted maps make the same Keras file give the same SavedModel.
 */
final class DeterministicSavedModel {
    private DeterministicSavedModel() {}

    static void rewrite(Path savedModelPb) throws IOException {
        SavedModel model;
        try (InputStream in = Files.newInputStream(savedModelPb)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            model = SavedModel.parseFrom(coded);
        }
        Path tmp = savedModelPb.resolveSibling(savedModelPb.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.useDeterministicSerialization();
            model.writeTo(coded);
            coded.flush();
        }
        Files.move(tmp, savedModelPb, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.breedline.worker.inference;

import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which TensorFlow native build serves the model, for the start-up report: DJL's native jar records its version and
 * classifier ({@code cu121-linux-x86_64} is the CUDA 12.1 build, {@code cpu-...} a CPU-only one).
 *
 * @param version the TensorFlow version the engine reports
 * @param flavour {@code cu121}, {@code cpu}, ... or {@code unknown} when no native jar is on the classpath
 * @param nativeVersion the native jar's build version, e.g. {@code 2.16.1-20240627}
 * @param libraryPath where the native libraries are loaded from ({@code TENSORFLOW_LIBRARY_PATH}), or null
 */
record TensorFlowBuild(String version, String flavour, String nativeVersion, String libraryPath) {
    static final String PROPERTIES = "native/lib/tensorflow.properties";
    static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";

    static TensorFlowBuild detect(String engineVersion) {
        Properties props = new Properties();
        try (InputStream in = TensorFlowBuild.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROPERTIES + " from the classpath", e);
        }
        return of(engineVersion, props, Utils.getEnvOrSystemProperty(LIBRARY_PATH));
    }

    static TensorFlowBuild of(String engineVersion, Properties props, String libraryPath) {
        String classifier = props.getProperty("classifier", "unknown");
        int dash = classifier.indexOf('-');
        String flavour = dash < 0 ? classifier : classifier.substring(0, dash);
        return new TensorFlowBuild(engineVersion, flavour, props.getProperty("version", "unknown"), libraryPath);
    }

    boolean cuda() {
        return flavour.startsWith("cu");
    }

    /** oneDNN is on by default in TensorFlow's x86 Linux builds since 2.9; this is its documented off switch. */
    static boolean oneDnn() {
        return !"0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"));
    }

    @Override
    public String toString() {
        String kind = cuda() ? "a CUDA " + cudaVersion() + " build" : flavour.equals("cpu") ? "a CPU-only build" : "build unknown";
        return "TensorFlow " + version + " (tensorflow-native-" + flavour + " " + nativeVersion + ", " + kind
                + (libraryPath == null ? "" : ", libraries in " + libraryPath) + ")";
    }

    // "cu121" -> "12.1"
    private String cudaVersion() {
        String digits = flavour.substring(2);
        return digits.length() < 2 ? digits : digits.substring(0, digits.length() - 1) + "." + digits.substring(digits.length() - 1);
    }
}

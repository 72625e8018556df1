package io.breedline.tensorflow;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes DJL's TensorFlow engine loadable without the internet.
 *
 * <p>The only TensorFlow 2.16.1 native jar on Maven Central is the CUDA 12.1 build. On a machine without CUDA, DJL
 * ignores that jar and tries to download a CPU build, which fails on a closed network. The CUDA build's libraries run
 * on the CPU (with oneDNN) when no GPU is present, so we extract them once into a cache directory and point
 * {@code TENSORFLOW_LIBRARY_PATH} at it before the engine initialises.
 */
public final class TensorFlowRuntime {
    public static final String ENGINE = "TensorFlow";
    public static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";
    static final String VERSION = "2.16.1";
    static final List<String> LIBRARIES =
            List.of("libtensorflow_framework.so.2", "libtensorflow_cc.so.2", "libjnitensorflow.so");

    private static final Logger log = LoggerFactory.getLogger(TensorFlowRuntime.class);
    private static Engine engine;

    private TensorFlowRuntime() {}

    /**
     * Extracts the native libraries ahead of time and checks that the engine loads from them:
     * {@code java -cp 'lib/*' io.breedline.tensorflow.TensorFlowRuntime [CACHE_DIR]} (default: {@link #cacheDir()}).
     * The Dockerfile runs it at image build, so that a new container does not unpack them at its first start; it
     * prints the directory to set {@value #LIBRARY_PATH} to.
     */
    public static void main(String[] args) {
        Path dir = extractNatives(args.length > 0 ? Path.of(args[0]) : cacheDir());
        System.setProperty(LIBRARY_PATH, dir.toString());
        log.info("TensorFlow {} loads from {}", Engine.getEngine(ENGINE).getVersion(), dir);
        System.out.println(dir);
    }

    /** Loads the engine once per JVM; safe to call from anywhere before TensorFlow is used. */
    public static synchronized Engine ensureLoaded() {
        if (engine == null) {
            if (System.getenv(LIBRARY_PATH) == null && System.getProperty(LIBRARY_PATH) == null && !hasCuda()) {
                Path dir = extractNatives(cacheDir());
                System.setProperty(LIBRARY_PATH, dir.toString());
            }
            engine = Engine.getEngine(ENGINE);
        }
        return engine;
    }

    /** The directory natives are extracted to: {@code $BREEDLINE_CACHE_DIR} or {@code ~/.cache/breedline}. */
    public static Path cacheDir() {
        String configured = System.getenv("BREEDLINE_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "breedline");
    }

    private static boolean hasCuda() {
        try {
            return CudaUtils.hasCuda() && CudaUtils.getGpuCount() > 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Where the native libraries are extracted under {@code cacheRoot}: what {@value #LIBRARY_PATH} then names. */
    public static Path nativeDir(Path cacheRoot) {
        return cacheRoot.resolve("tensorflow-" + VERSION + "-native");
    }

    static Path extractNatives(Path cacheRoot) {
        Path dir = nativeDir(cacheRoot);
        if (LIBRARIES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return dir;
        }
        log.info("Extracting TensorFlow {} native libraries to {} (once; about 1.1 GB)", VERSION, dir);
        try {
            Files.createDirectories(cacheRoot);
            // Extract into a private temp dir and move it into place, so a concurrent or killed extraction never
            // leaves a half-written library where the next start would load it.
            Path tmp = Files.createTempDirectory(cacheRoot, "tf-extract");
            for (String lib : LIBRARIES) {
                try (InputStream in = TensorFlowRuntime.class.getClassLoader().getResourceAsStream("native/lib/" + lib)) {
                    if (in == null) {
                        throw new IllegalStateException("native/lib/" + lib + " is not on the classpath: add "
                                + "ai.djl.tensorflow:tensorflow-native-cu121:" + VERSION + ":linux-x86_64");
                    }
                    Files.copy(in, tmp.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(dir)) {
                    throw raced;
                }
                deleteTree(tmp); // another process finished first; use its copy
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract TensorFlow native libraries to " + dir, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}

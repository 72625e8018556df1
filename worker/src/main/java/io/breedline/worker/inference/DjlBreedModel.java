package io.breedline.worker.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.training.ParameterStore;
import io.breedline.tensorflow.TensorFlowRuntime;
import io.breedline.worker.prepare.ModelPreparer;
import io.breedline.worker.prepare.PreparedModel;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A TensorFlow SavedModel run through DJL's TensorFlow engine. Each call works in its own NDManager, closed before
 * returning, so the native tensors of a batch are freed with it.
 */
public final class DjlBreedModel implements BreedModel {
    private static final Logger log = LoggerFactory.getLogger(DjlBreedModel.class);
    // Black and mid-grey: two images, so the warm-up also proves the batch dimension is honoured.
    private static final float[] WARM_UP_LEVELS = {0f, 127.5f};

    private final ZooModel<NDList, NDList> model;
    private final Device device;
    private final String placement;
    private final ModelSignature signature;
    private final List<String> labels;
    private final String name;
    private final String version;
    private final TensorFlowBuild build;

    private DjlBreedModel(ZooModel<NDList, NDList> model, Device device, String placement, ModelSignature signature,
            List<String> labels, String name, String version, TensorFlowBuild build) {
        this.model = model;
        this.device = device;
        this.placement = placement;
        this.signature = signature;
        this.labels = labels;
        this.name = name;
        this.version = version;
        this.build = build;
    }

    /** Finds, loads, checks and warms up the model; every problem is a start-up error saying what was expected. */
    public static DjlBreedModel load(ModelSpec spec, Supplier<S3Client> s3) {
        PreparedModel prepared = ModelPreparer.standard(spec.cacheDir(), s3).prepare(spec.model());
        Engine engine = TensorFlowRuntime.ensureLoaded();
        TensorFlowBuild build = TensorFlowBuild.detect(engine.getVersion());
        // DJL counts GPUs only when TensorFlow itself lists a GPU device, so a CUDA driver TensorFlow cannot use is 0.
        int gpus = engine.getGpuCount();
        Device device;
        try {
            device = spec.device().resolve(gpus);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " [" + build + "]", e);
        }
        ZooModel<NDList, NDList> zoo = open(prepared.dir(), spec, device, gpus);
        DjlBreedModel loaded = null;
        try {
            TfSymbolBlock block = (TfSymbolBlock) zoo.getBlock();
            ModelSignature signature = ModelSignature.inspect(
                    block.getSavedModelBundle().getMetaGraphDef().getSignatureDefMap(), spec.signature());
            Path labelsFile = spec.labels().orElse(prepared.dir().resolve(Labels.FILE_NAME));
            List<String> labels = Labels.load(labelsFile);
            String version = spec.version().orElseGet(() -> ModelVersion.of(prepared.dir()));
            loaded = new DjlBreedModel(zoo, device, spec.device().placement(device, gpus), signature, labels,
                    spec.name().orElse(prepared.defaultName()), version, build);
            float[][] warmUp = loaded.warmUp();
            int classes = warmUp[0].length;
            if (signature.classes() > 0 && classes != signature.classes()) {
                throw new IllegalStateException("the model's signature says " + signature.classes()
                        + " classes but it returned " + classes);
            }
            Labels.requireCount(labels, classes, labelsFile);
            String served = loaded.name;
            ProbabilityCheck.problem(warmUp).ifPresent(problem -> log.warn("Model {} does not output probabilities at "
                    + "warm-up: {}. Predictions report the top outputs as probabilities, which then mean nothing "
                    + "(and values outside [0,1] fail the images); serve a model that ends in a softmax.",
                    served, problem));
            return loaded;
        } catch (RuntimeException e) {
            zoo.close();
            throw e;
        }
    }

    private static ZooModel<NDList, NDList> open(Path dir, ModelSpec spec, Device device, int gpus) {
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(TensorFlowRuntime.ENGINE)
                .optModelPath(dir)
                .optDevice(device)
                .optOption("Tags", "serve")
                .optOption("SignatureDefKey", spec.signature());
        sessionConfig(device, gpus, spec.threads()).ifPresent(c -> criteria.optOption("ConfigProto", c));
        try {
            return criteria.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new IllegalStateException("cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (device.isGpu() && device.getDeviceId() > 0) {
                // TensorFlow maps its GPU ids to CUDA devices once per process (DJL's engine already did, for all of
                // them), so a session that sees only GPU N may be refused; the process-level choice always works.
                throw new IllegalStateException("cannot load the SavedModel in " + dir + " on " + device + ": "
                        + e.getMessage() + "; if TensorFlow refuses the GPU mapping, start the worker with "
                        + "CUDA_VISIBLE_DEVICES=" + device.getDeviceId() + " and " + DeviceChoice.ENV + "=gpu", e);
            }
            throw e;
        }
    }

    // TensorFlow places the graph on every GPU it sees unless told otherwise: keep it on the chosen one (or none).
    private static Optional<String> sessionConfig(Device device, int gpus, SessionThreads threads) {
        if (gpus == 0 && threads.isDefault()) {
            return Optional.empty();
        }
        return Optional.of(Base64.getEncoder().encodeToString(sessionConfigProto(device, gpus, threads).toByteArray()));
    }

    /** The session options to load the model with (DJL's own when there is no GPU). */
    static ConfigProto sessionConfigProto(Device device, int gpus, SessionThreads threads) {
        ConfigProto.Builder config = JavacppUtils.getSessionConfig().toBuilder();
        if (threads.intraOp() > 0) {
            config.setIntraOpParallelismThreads(threads.intraOp());
        }
        if (threads.interOp() > 0) {
            config.setInterOpParallelismThreads(threads.interOp());
        }
        if (gpus == 0) {
            return config.build();
        }
        if (device.isGpu()) {
            config.setGpuOptions(GPUOptions.newBuilder(config.getGpuOptions())
                    .setVisibleDeviceList(Integer.toString(device.getDeviceId())));
        } else {
            config.putDeviceCount("GPU", 0);
        }
        return config.build();
    }

    private float[][] warmUp() {
        int perImage = inputHeight() * inputWidth() * 3;
        float[] pixels = new float[WARM_UP_LEVELS.length * perImage];
        for (int i = 0; i < WARM_UP_LEVELS.length; i++) {
            Arrays.fill(pixels, i * perImage, (i + 1) * perImage, WARM_UP_LEVELS[i]);
        }
        return predict(pixels, WARM_UP_LEVELS.length);
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        int perImage = inputHeight() * inputWidth() * 3;
        if (n < 1 || pixels.length < n * perImage) {
            throw new IllegalArgumentException("need " + n + " images of " + perImage + " floats, got " + pixels.length);
        }
        try (NDManager manager = model.getNDManager().newSubManager(device)) {
            NDArray input = manager.create(FloatBuffer.wrap(pixels, 0, n * perImage),
                    new Shape(n, inputHeight(), inputWidth(), 3));
            NDList output = model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
            NDArray probabilities = output.head();
            Shape shape = probabilities.getShape();
            if (shape.dimension() != 2 || shape.get(0) != n) {
                throw new IllegalStateException("the model returned shape " + shape + " for " + n + " images; expected [" + n + ",C]");
            }
            int classes = Math.toIntExact(shape.get(1));
            float[] flat = probabilities.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            return OutputRows.split(flat, n, classes);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public int inputHeight() {
        return signature.height();
    }

    @Override
    public int inputWidth() {
        return signature.width();
    }

    @Override
    public String describe() {
        return build + " on " + placement + ", " + signature + ", " + labels.size() + " labels";
    }

    @Override
    public void close() {
        model.close();
    }
}

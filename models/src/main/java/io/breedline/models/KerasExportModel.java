package io.breedline.models;

import static io.breedline.models.NodeDefs.FLOAT;
import static io.breedline.models.NodeDefs.RESOURCE;
import static io.breedline.models.NodeDefs.arg;
import static io.breedline.models.NodeDefs.b;
import static io.breedline.models.NodeDefs.floats;
import static io.breedline.models.NodeDefs.function;
import static io.breedline.models.NodeDefs.i;
import static io.breedline.models.NodeDefs.int32s;
import static io.breedline.models.NodeDefs.ints;
import static io.breedline.models.NodeDefs.node;
import static io.breedline.models.NodeDefs.s;
import static io.breedline.models.NodeDefs.shape;
import static io.breedline.models.NodeDefs.type;
import static io.breedline.models.NodeDefs.types;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.op.train.Save;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * A small classifier saved in the shape of a Keras export from TF 2.x ({@code model.save()}, Keras 3
 * {@code model.export()}), written as protos since Python cannot run here. What matters is the structure a freezer
 * must see through: the signature's output is {@code StatefulPartitionedCall:0}, a top-level call into the function
 * library that takes the input and the variables' top-level {@code VarHandleOp}s as resource arguments; the variables
 * are read inside the functions, some through an {@code Identity} of the resource; and functions call functions.
 *
 * <pre>
 * StatefulPartitionedCall -> __inference_signature_wrapper_1017 (input, 8 resources)
 *   StatefulPartitionedCall -> __inference_call_841: x/255, Conv2D 3x3/2 + bias, channel shuffle (Split, ConcatV2)
 *     block/StatefulPartitionedCall -> __inference_block_602: batch norm as Keras 3 computes it, ReLU, mean pool
 *                                     (two results; the caller uses the second)
 *     Dense, then softmax as an op named after the function __inference_softmax_310
 * </pre>
 *
 * <p>{@link #buildAssigning} makes a variant whose block also stores each batch's mean input in a variable
 * ({@code AssignVariableOp}), state that constants cannot keep. Variables are restored from {@code variables/} by a
 * TF1 saver ({@code save/restore_all}), which the TensorFlow Java exporter and the C++ loader both use.
 */
public final class KerasExportModel {
    public static final int IMAGE_SIZE = 64;
    /** The top-level placeholder, as Keras names a signature input. */
    public static final String INPUT = "serving_default_input_layer";
    /** The top-level call whose first output is the signature's output. */
    public static final String CALL = "StatefulPartitionedCall";
    /** The variables a frozen form turns into constants ({@link #buildAssigning} has one more). */
    public static final int VARIABLES = 8;

    static final String WRAPPER = "__inference_signature_wrapper_1017";
    static final String MODEL_CALL = "__inference_call_841";
    static final String BLOCK = "__inference_block_602";
    static final String SOFTMAX = "__inference_softmax_310";

    private static final List<String> LABELS = List.of("akita", "beagle", "collie", "dachshund", "eurasier");
    private static final int FILTERS = 8;
    private static final int CLASSES = LABELS.size();
    private static final long SEED = 20240611L;

    private record Variable(String name, long[] shape, Init init) {}

    private KerasExportModel() {}

    public static List<String> labels() {
        return LABELS;
    }

    /** Writes the SavedModel and {@code labels.txt} into {@code dir} and returns {@code dir}. */
    public static Path build(Path dir) {
        return write(dir, false);
    }

    /** As {@link #build}, but the model also assigns a variable on each call: not freezable. */
    public static Path buildAssigning(Path dir) {
        return write(dir, true);
    }

    private static Path write(Path dir, boolean assigning) {
        TensorFlowRuntime.ensureLoaded();
        List<Variable> variables = variables(assigning);
        try (Graph graph = new Graph()) {
            graph.importGraphDef(graphDef(graph.toGraphDef(), variables, assigning));
            Saver saver = Saver.add(graph, variables);
            try (Session session = new Session(graph)) {
                saver.restoreFrom(session, variables, new Random(SEED));
                @SuppressWarnings("unchecked")
                Operand<TFloat32> input = (Operand<TFloat32>) graph.outputOrThrow(INPUT);
                @SuppressWarnings("unchecked")
                Operand<TFloat32> output = (Operand<TFloat32>) graph.outputOrThrow(CALL + ":0");
                SavedModelWriter.export(session, input, output, dir, LABELS);
            }
        }
        setOutputShape(dir.resolve("saved_model.pb"));
        return dir;
    }

    private static List<Variable> variables(boolean assigning) {
        List<Variable> variables = new ArrayList<>(List.of(
                new Variable("conv2d/kernel", new long[] {3, 3, 3, FILTERS}, normal(0.5)),
                new Variable("conv2d/bias", new long[] {FILTERS}, uniform(-0.1, 0.1)),
                new Variable("batch_normalization/gamma", new long[] {FILTERS}, uniform(0.5, 1.5)),
                new Variable("batch_normalization/beta", new long[] {FILTERS}, uniform(-0.5, 0.5)),
                new Variable("batch_normalization/moving_mean", new long[] {FILTERS}, uniform(-0.3, 0.3)),
                new Variable("batch_normalization/moving_variance", new long[] {FILTERS}, uniform(0.5, 2)),
                new Variable("dense/kernel", new long[] {FILTERS, CLASSES}, normal(1)),
                new Variable("dense/bias", new long[] {CLASSES}, uniform(-0.2, 0.2))));
        if (assigning) {
            variables.add(new Variable("input_stats/last_mean", new long[0], Init.constant(0)));
        }
        return variables;
    }

    private static GraphDef graphDef(GraphDef empty, List<Variable> variables, boolean assigning) {
        GraphDef.Builder graph = GraphDef.newBuilder().setVersions(empty.getVersions());
        graph.addNode(node(INPUT, "Placeholder")
                .putAttr("dtype", type(FLOAT))
                .putAttr("shape", shape(-1, IMAGE_SIZE, IMAGE_SIZE, 3)));
        NodeDef.Builder call = node(CALL, "StatefulPartitionedCall", INPUT);
        for (Variable v : variables) {
            graph.addNode(node(v.name(), "VarHandleOp")
                    .putAttr("dtype", type(FLOAT))
                    .putAttr("shape", shape(v.shape()))
                    .putAttr("shared_name", s(v.name()))
                    .putAttr("container", s("")));
            call.addInput(v.name());
        }
        graph.addNode(call(call, variables.size(), 1, WRAPPER, assigning));
        graph.setLibrary(FunctionDefLibrary.newBuilder()
                .addFunction(wrapper(variables.size(), assigning))
                .addFunction(modelCall(assigning))
                .addFunction(block(assigning))
                .addFunction(softmax()));
        return graph.build();
    }

    // A call as tf.function writes it: argument and result types, the function, and which resources it only reads.
    private static NodeDef.Builder call(NodeDef.Builder node, int resources, int results, String f, boolean assigning) {
        List<DataType> in = new ArrayList<>(List.of(FLOAT));
        in.addAll(Collections.nCopies(resources, RESOURCE));
        int readOnly = assigning ? resources - 1 : resources;
        return node.putAttr("Tin", types(in))
                .putAttr("Tout", types(Collections.nCopies(results, FLOAT)))
                .putAttr("f", function(f))
                .putAttr("config", s(""))
                .putAttr("config_proto", s(""))
                .putAttr("executor_type", s(""))
                .putAttr("_collective_manager_ids", ints())
                .putAttr("_read_only_resource_inputs", ints(LongStream.rangeClosed(1, readOnly).toArray()));
    }

    private static FunctionDef wrapper(int resources, boolean assigning) {
        List<String> args = new ArrayList<>(List.of("input_layer"));
        IntStream.range(0, resources).mapToObj(k -> k == 0 ? "unknown" : "unknown_" + (k - 1)).forEach(args::add);
        return FunctionDef.newBuilder()
                .setSignature(signature(WRAPPER, args, List.of("output_0"), true))
                .addNodeDef(call(node("StatefulPartitionedCall", "StatefulPartitionedCall",
                        args.toArray(String[]::new)), resources, 1, MODEL_CALL, assigning))
                .addNodeDef(node("NoOp", "NoOp", "^StatefulPartitionedCall"))
                .addNodeDef(identity("Identity", "StatefulPartitionedCall:output:0", "^NoOp"))
                .putRet("output_0", "Identity:output:0")
                .putControlRet("NoOp", "NoOp")
                .build();
    }

    private static FunctionDef modelCall(boolean assigning) {
        List<String> args = new ArrayList<>(List.of("inputs", "conv2d_conv2d_readvariableop_resource",
                "conv2d_biasadd_readvariableop_resource", "batch_normalization_gamma", "batch_normalization_beta",
                "batch_normalization_moving_mean", "batch_normalization_moving_variance",
                "dense_matmul_readvariableop_resource", "dense_biasadd_readvariableop_resource"));
        List<String> blockArgs = new ArrayList<>(List.of("channel_shuffle/concat:output:0", "batch_normalization_gamma",
                "batch_normalization_beta", "batch_normalization_moving_mean", "batch_normalization_moving_variance"));
        if (assigning) {
            args.add("input_stats_last_mean");
            blockArgs.add("input_stats_last_mean");
        }
        return FunctionDef.newBuilder()
                .setSignature(signature(MODEL_CALL, args, List.of("output_0"), true))
                .addNodeDef(floats("rescaling/Cast/x", new float[] {1f / 255}))
                .addNodeDef(binary("rescaling/mul", "Mul", "inputs", "rescaling/Cast/x:output:0"))
                .addNodeDef(read("conv2d/Conv2D/ReadVariableOp", "conv2d_conv2d_readvariableop_resource"))
                .addNodeDef(node("conv2d/Conv2D", "Conv2D", "rescaling/mul:z:0", "conv2d/Conv2D/ReadVariableOp:value:0")
                        .putAttr("T", type(FLOAT))
                        .putAttr("strides", ints(1, 2, 2, 1))
                        .putAttr("padding", s("SAME"))
                        .putAttr("data_format", s("NHWC"))
                        .putAttr("dilations", ints(1, 1, 1, 1))
                        .putAttr("use_cudnn_on_gpu", b(true))
                        .putAttr("explicit_paddings", ints()))
                // The bias is read through an Identity of its resource, as tf.function writes captured handles.
                .addNodeDef(node("conv2d/BiasAdd/resource", "Identity", "conv2d_biasadd_readvariableop_resource")
                        .putAttr("T", type(RESOURCE)))
                .addNodeDef(read("conv2d/BiasAdd/ReadVariableOp", "conv2d/BiasAdd/resource:output:0"))
                .addNodeDef(biasAdd("conv2d/BiasAdd", "conv2d/Conv2D:output:0", "conv2d/BiasAdd/ReadVariableOp:value:0"))
                // Swapping the two channel halves (a ShuffleNet-style shuffle): a split's second output is index 1.
                .addNodeDef(int32s("channel_shuffle/split/split_dim", new int[] {3}))
                .addNodeDef(node("channel_shuffle/split", "Split", "channel_shuffle/split/split_dim:output:0",
                        "conv2d/BiasAdd:output:0").putAttr("num_split", i(2)).putAttr("T", type(FLOAT)))
                .addNodeDef(int32s("channel_shuffle/concat/axis", new int[] {3}))
                .addNodeDef(node("channel_shuffle/concat", "ConcatV2", "channel_shuffle/split:output:1",
                        "channel_shuffle/split:output:0", "channel_shuffle/concat/axis:output:0")
                        .putAttr("N", i(2)).putAttr("T", type(FLOAT)).putAttr("Tidx", type(DataType.DT_INT32)))
                .addNodeDef(call(node("block/StatefulPartitionedCall", "StatefulPartitionedCall",
                        blockArgs.toArray(String[]::new)), blockArgs.size() - 1, 2, BLOCK, assigning))
                .addNodeDef(read("dense/MatMul/ReadVariableOp", "dense_matmul_readvariableop_resource"))
                .addNodeDef(node("dense/MatMul", "MatMul", "block/StatefulPartitionedCall:output:1",
                        "dense/MatMul/ReadVariableOp:value:0")
                        .putAttr("T", type(FLOAT)).putAttr("transpose_a", b(false)).putAttr("transpose_b", b(false)))
                .addNodeDef(read("dense/BiasAdd/ReadVariableOp", "dense_biasadd_readvariableop_resource"))
                .addNodeDef(biasAdd("dense/BiasAdd", "dense/MatMul:product:0", "dense/BiasAdd/ReadVariableOp:value:0"))
                .addNodeDef(node("softmax", SOFTMAX, "dense/BiasAdd:output:0"))
                .addNodeDef(node("NoOp", "NoOp", "^block/StatefulPartitionedCall", "^conv2d/BiasAdd/ReadVariableOp",
                        "^conv2d/Conv2D/ReadVariableOp", "^dense/BiasAdd/ReadVariableOp", "^dense/MatMul/ReadVariableOp"))
                .addNodeDef(identity("Identity", "softmax:probabilities:0", "^NoOp"))
                .putRet("output_0", "Identity:output:0")
                .putControlRet("NoOp", "NoOp")
                .build();
    }

    // Keras 3 BatchNormalization at inference: x * rsqrt(var + eps) * gamma + (beta - mean * rsqrt(var + eps) * gamma).
    private static FunctionDef block(boolean assigning) {
        List<String> args = new ArrayList<>(List.of("x", "gamma", "beta", "moving_mean", "moving_variance"));
        List<String> effects = new ArrayList<>(List.of("^batchnorm/ReadVariableOp", "^batchnorm/ReadVariableOp_1",
                "^batchnorm/ReadVariableOp_2", "^batchnorm/mul/ReadVariableOp"));
        FunctionDef.Builder block = FunctionDef.newBuilder()
                .addNodeDef(read("batchnorm/ReadVariableOp", "moving_variance"))
                .addNodeDef(floats("batchnorm/add/y", new float[] {0.001f}))
                .addNodeDef(binary("batchnorm/add", "AddV2", "batchnorm/ReadVariableOp:value:0", "batchnorm/add/y:output:0"))
                .addNodeDef(node("batchnorm/Rsqrt", "Rsqrt", "batchnorm/add:z:0").putAttr("T", type(FLOAT)))
                .addNodeDef(read("batchnorm/mul/ReadVariableOp", "gamma"))
                .addNodeDef(binary("batchnorm/mul", "Mul", "batchnorm/Rsqrt:y:0", "batchnorm/mul/ReadVariableOp:value:0"))
                .addNodeDef(binary("batchnorm/mul_1", "Mul", "x", "batchnorm/mul:z:0"))
                .addNodeDef(read("batchnorm/ReadVariableOp_1", "moving_mean"))
                .addNodeDef(binary("batchnorm/mul_2", "Mul", "batchnorm/ReadVariableOp_1:value:0", "batchnorm/mul:z:0"))
                .addNodeDef(read("batchnorm/ReadVariableOp_2", "beta"))
                .addNodeDef(binary("batchnorm/sub", "Sub", "batchnorm/ReadVariableOp_2:value:0", "batchnorm/mul_2:z:0"))
                .addNodeDef(binary("batchnorm/add_1", "AddV2", "batchnorm/mul_1:z:0", "batchnorm/sub:z:0"))
                .addNodeDef(node("relu/Relu", "Relu", "batchnorm/add_1:z:0").putAttr("T", type(FLOAT)))
                .addNodeDef(int32s("pooling/Mean/reduction_indices", new int[] {1, 2}, 2))
                .addNodeDef(mean("pooling/Mean", "relu/Relu:activations:0", "pooling/Mean/reduction_indices:output:0"));
        if (assigning) {
            args.add("last_mean");
            block.addNodeDef(int32s("input_stats/Const", new int[] {0, 1, 2, 3}, 4))
                    .addNodeDef(mean("input_stats/Mean", "x", "input_stats/Const:output:0"))
                    .addNodeDef(node("input_stats/AssignVariableOp", "AssignVariableOp", "last_mean",
                            "input_stats/Mean:output:0").putAttr("dtype", type(FLOAT)));
            effects.add("^input_stats/AssignVariableOp");
        }
        return block.setSignature(signature(BLOCK, args, List.of("activations", "pooled"), true))
                .addNodeDef(node("NoOp", "NoOp", effects.toArray(String[]::new)))
                .addNodeDef(identity("Identity", "relu/Relu:activations:0", "^NoOp"))
                .addNodeDef(identity("Identity_1", "pooling/Mean:output:0", "^NoOp"))
                .putRet("activations", "Identity:output:0")
                .putRet("pooled", "Identity_1:output:0")
                .putControlRet("NoOp", "NoOp")
                .build();
    }

    private static FunctionDef softmax() {
        return FunctionDef.newBuilder()
                .setSignature(signature(SOFTMAX, List.of("logits"), List.of("probabilities"), false))
                .addNodeDef(node("Softmax", "Softmax", "logits").putAttr("T", type(FLOAT)))
                .putRet("probabilities", "Softmax:softmax:0")
                .build();
    }

    // Every argument but the first is a resource; every result a float tensor.
    private static OpDef signature(String name, List<String> args, List<String> results, boolean stateful) {
        OpDef.Builder signature = OpDef.newBuilder().setName(name).setIsStateful(stateful);
        for (int k = 0; k < args.size(); k++) {
            signature.addInputArg(arg(args.get(k), k == 0 ? FLOAT : RESOURCE));
        }
        results.forEach(r -> signature.addOutputArg(arg(r, FLOAT)));
        if (stateful) {
            signature.addControlOutput("NoOp");
        }
        return signature.build();
    }

    private static NodeDef.Builder read(String name, String resource) {
        return node(name, "ReadVariableOp", resource).putAttr("dtype", type(FLOAT));
    }

    private static NodeDef.Builder identity(String name, String... inputs) {
        return node(name, "Identity", inputs).putAttr("T", type(FLOAT));
    }

    private static NodeDef.Builder binary(String name, String op, String x, String y) {
        return node(name, op, x, y).putAttr("T", type(FLOAT));
    }

    private static NodeDef.Builder biasAdd(String name, String value, String bias) {
        return binary(name, "BiasAdd", value, bias).putAttr("data_format", s("NHWC"));
    }

    private static NodeDef.Builder mean(String name, String input, String axes) {
        return node(name, "Mean", input, axes)
                .putAttr("T", type(FLOAT)).putAttr("Tidx", type(DataType.DT_INT32)).putAttr("keep_dims", b(false));
    }

    private static Init normal(double stddev) {
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (random.nextGaussian() * stddev);
            }
            return v;
        };
    }

    private static Init uniform(double low, double high) {
        return (shape, random) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (low + random.nextDouble() * (high - low));
            }
            return v;
        };
    }

    // TensorFlow Java's Signature takes shapes from graph shape inference, which cannot see through a function call;
    // Keras writes the shape it traced, [?, classes], which the worker checks.
    private static void setOutputShape(Path savedModel) {
        try {
            SavedModel.Builder model = SavedModel.parseFrom(Files.readAllBytes(savedModel)).toBuilder();
            MetaGraphDef.Builder meta = model.getMetaGraphsBuilder(0);
            SignatureDef.Builder signature = meta.getSignatureDefOrThrow(SavedModelWriter.SIGNATURE_KEY).toBuilder();
            TensorInfo output = signature.getOutputsOrThrow(SavedModelWriter.OUTPUT_NAME).toBuilder()
                    .setTensorShape(NodeDefs.shapeProto(-1, CLASSES))
                    .build();
            meta.putSignatureDef(SavedModelWriter.SIGNATURE_KEY, signature.putOutputs(SavedModelWriter.OUTPUT_NAME, output)
                    .build());
            try (OutputStream out = Files.newOutputStream(savedModel)) {
                model.build().writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + savedModel, e);
        }
    }

    /**
     * A TF1 saver for resource variables, under the names the TensorFlow Java exporter looks for
     * ({@code save/filename}, {@code save/control_dependency}, {@code save/restore_all}); its own saver only knows
     * {@code VariableV2}.
     */
    private record Saver(Restore restore, Op restoreAll) {
        static Saver add(Graph graph, List<Variable> variables) {
            Ops save = Ops.create(graph).withSubScope("save");
            int n = variables.size();
            Placeholder<TString> filename = save.withName("filename").placeholder(TString.class);
            Operand<TString> names = save.withName("tensor_names").constant(StandardCharsets.UTF_8,
                    variables.stream().map(Variable::name).toArray(String[]::new));
            Operand<TString> slices = save.withName("shape_and_slices").constant(StandardCharsets.UTF_8,
                    Collections.nCopies(n, "").toArray(String[]::new));
            List<Operand<?>> values = new ArrayList<>();
            for (Variable v : variables) {
                values.add(save.readVariableOp(graph.outputOrThrow(v.name()), TFloat32.class));
            }
            Save saved = save.train.save(filename, names, slices, values);
            save.withControlDependencies(saved).withName("control_dependency").identity(filename);
            Restore restore = save.train.restore(filename, names, slices, Collections.nCopies(n, TFloat32.class));
            List<Op> assigns = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                assigns.add(save.assignVariableOp(graph.outputOrThrow(variables.get(k).name()),
                        restore.tensors().get(k)));
            }
            return new Saver(restore, save.withControlDependencies(assigns).withName("restore_all").noOp());
        }

        // Values go in the way a load puts them: feeding what RestoreV2 would have read runs exactly the assignments
        // a load runs, with no initialiser nodes that a Keras export would not have.
        void restoreFrom(Session session, List<Variable> variables, Random random) {
            List<Tensor> tensors = new ArrayList<>();
            try {
                Session.Runner runner = session.runner().addTarget(restoreAll);
                for (int k = 0; k < variables.size(); k++) {
                    Shape shape = Shape.of(variables.get(k).shape());
                    Tensor t = TFloat32.tensorOf(shape, DataBuffers.of(variables.get(k).init().values(shape, random)));
                    tensors.add(t);
                    runner.feed(restore.tensors().get(k), t);
                }
                try (Result ignored = runner.run()) {
                    // the assignments are the effect
                }
            } finally {
                tensors.forEach(Tensor::close);
            }
        }
    }
}

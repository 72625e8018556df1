package io.breedline.worker.inference;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.RawTensor;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Puts the current value of each variable a graph reads into a {@code Const} named like the variable, read through
 * the session that restored it. A TF1 reference variable ({@code VariableV2}) becomes the constant itself; a resource
 * variable's handle ({@code VarHandleOp}) becomes the constant and each {@code ReadVariableOp} of it an
 * {@code Identity} of the constant, wherever the read was (at the top level, or inlined from a function that got the
 * handle as an argument, possibly through {@code Identity}).
 */
final class VariableConstants {
    private static final Set<String> REF_VARIABLES = Set.of("VariableV2", "Variable");
    private static final Set<DataType> NOT_COPYABLE = Set.of(DataType.DT_STRING, DataType.DT_RESOURCE,
            DataType.DT_VARIANT);

    /**
     * @param variables how many variables became constants
     * @param handles the names of the variable handles that became constants
     * @param reads the names of the reads that became identities of them
     */
    record Replaced(int variables, long bytes, Set<String> handles, Set<String> reads) {}

    private VariableConstants() {}

    /**
     * Replaces, in {@code nodes}, the variables and variable reads among {@code kept}.
     *
     * @param graph the graph {@code session} runs: the reads of resource variables are added to it, so the session can
     *     fetch their values
     */
    static Replaced replace(Map<String, NodeDef> nodes, Set<String> kept, Graph graph, Session session)
            throws GraphFreezer.NotFreezableException {
        List<String> refVariables = new ArrayList<>();
        Set<String> handles = new LinkedHashSet<>();
        Map<String, NodeDef> reads = new LinkedHashMap<>();
        for (String name : kept) {
            NodeDef node = nodes.get(name);
            if (REF_VARIABLES.contains(node.getOp())) {
                refVariables.add(name);
            } else if (node.getOp().equals("ReadVariableOp")) {
                String handle = handle(nodes, graph, node);
                handles.add(handle);
                reads.put(name, identity(node, handle));
            }
        }
        List<String> variables = new ArrayList<>(refVariables);
        variables.addAll(handles);
        long bytes = 0;
        if (!variables.isEmpty()) {
            Session.Runner runner = session.runner();
            refVariables.forEach(runner::fetch);
            for (String handle : handles) {
                runner.fetch(readOp(graph, nodes.get(handle)).output(0));
            }
            try (Result values = runner.run()) {
                for (int i = 0; i < variables.size(); i++) {
                    NodeDef constant = constant(variables.get(i), values.get(i));
                    bytes += constant.getAttrOrThrow("value").getTensor().getTensorContent().size();
                    nodes.put(variables.get(i), constant);
                }
            } catch (RuntimeException e) {
                throw new GraphFreezer.NotFreezableException("cannot read the variables' values: " + e.getMessage());
            }
        }
        nodes.putAll(reads);
        return new Replaced(variables.size(), bytes, handles, reads.keySet());
    }

    // The VarHandleOp a read's resource comes from, through Identity and the IdentityN an inlined call left.
    private static String handle(Map<String, NodeDef> nodes, Graph graph, NodeDef read)
            throws GraphFreezer.NotFreezableException {
        String tensor = read.getInput(0);
        for (int hops = 0; hops <= nodes.size(); hops++) {
            NodeDef node = nodes.get(GraphFreezer.nodeName(tensor));
            if (node == null) {
                break;
            }
            switch (node.getOp()) {
                case "VarHandleOp" -> {
                    if (graph.operation(node.getName()) == null) {
                        throw new GraphFreezer.NotFreezableException("variable read " + read.getName()
                                + " reads variable " + node.getName() + ", which a function creates");
                    }
                    return node.getName();
                }
                case "Identity" -> tensor = node.getInput(0);
                case "IdentityN" -> tensor = node.getInput(outputIndex(tensor));
                default -> throw new GraphFreezer.NotFreezableException("variable read " + read.getName()
                        + " reads a resource that " + node.getName() + " (" + node.getOp()
                        + ") makes, not a variable handle");
            }
        }
        throw new GraphFreezer.NotFreezableException("variable read " + read.getName()
                + " reads a resource that cannot be traced to a variable handle");
    }

    private static int outputIndex(String tensor) {
        String name = GraphFreezer.nodeName(tensor);
        return name.length() == tensor.length() ? 0 : Integer.parseInt(tensor.substring(name.length() + 1));
    }

    private static NodeDef identity(NodeDef read, String handle) {
        NodeDef.Builder identity = NodeDef.newBuilder()
                .setName(read.getName())
                .setOp("Identity")
                .setDevice(read.getDevice())
                .addInput(handle)
                .putAttr("T", read.getAttrOrThrow("dtype"));
        read.getInputList().stream().filter(in -> in.startsWith("^")).forEach(identity::addInput);
        return identity.build();
    }

    // A read of the handle added to the restored graph, the one way a session gives a resource variable's value.
    private static GraphOperation readOp(Graph graph, NodeDef handle) {
        String name = handle.getName() + "/frozen_value";
        for (int k = 1; graph.operation(name) != null; k++) {
            name = handle.getName() + "/frozen_value_" + k;
        }
        return graph.opBuilder("ReadVariableOp", name, graph.baseScope())
                .addInput(graph.operation(handle.getName()).output(0))
                .setAttr("dtype", handle.getAttrOrThrow("dtype").getType())
                .build();
    }

    private static NodeDef constant(String name, Tensor value) throws GraphFreezer.NotFreezableException {
        RawTensor raw = value.asRawTensor();
        if (NOT_COPYABLE.contains(raw.dataType())) {
            throw new GraphFreezer.NotFreezableException("variable " + name + " is of type " + raw.dataType());
        }
        byte[] content = new byte[Math.toIntExact(raw.numBytes())];
        raw.data().read(content);
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : raw.shape().asArray()) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
        }
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(raw.dataType())
                .setTensorShape(shape)
                .setTensorContent(ByteString.copyFrom(content))
                .build();
        return NodeDef.newBuilder()
                .setName(name)
                .setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(raw.dataType()).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build())
                .build();
    }
}

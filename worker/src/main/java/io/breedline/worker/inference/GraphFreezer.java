package io.breedline.worker.inference;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.RawTensor;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TensorFlow's {@code convert_variables_to_constants} on a graph: keeps only what the output needs from the input,
 * and puts each variable's current value (read through the session that restored it) in a {@code Const} node of the
 * same name, so every consumer reads the same numbers. Constants let TensorFlow's graph optimiser fold batch
 * normalisation into the convolutions and pre-pack the weights once, which variables forbid.
 *
 * <p>Refuses, rather than guesses, graphs it cannot freeze faithfully: variables reached another way than a plain
 * read (inside functions, through resource gathers), or placeholders other than the input.
 */
final class GraphFreezer {
    // Reading these gives the variable's value: the node becomes a constant holding it.
    private static final Set<String> VARIABLE_READS = Set.of("VariableV2", "Variable", "ReadVariableOp");
    // Left in the pruned graph after the replacement, these mean state the constants do not capture.
    private static final Set<String> STATEFUL = Set.of("VarHandleOp", "VariableV2", "Variable", "ReadVariableOp",
            "AssignVariableOp", "Assign", "ResourceGather", "VarIsInitializedOp", "StatefulPartitionedCall",
            "HashTableV2", "MutableHashTableV2");
    private static final Set<DataType> NOT_COPYABLE = Set.of(DataType.DT_STRING, DataType.DT_RESOURCE,
            DataType.DT_VARIANT);

    /** Why a graph cannot be frozen; the model is then served as loaded. */
    static final class NotFreezableException extends Exception {
        NotFreezableException(String message) {
            super(message);
        }
    }

    /** The frozen graph and how many variables it turned into constants. */
    record Frozen(GraphDef graph, int constants, long constantBytes) {}

    private GraphFreezer() {}

    /**
     * @param graph the model's graph, as restored in {@code session}
     * @param input the signature's input tensor, {@code name:index}
     * @param output the signature's output tensor, {@code name:index}
     */
    static Frozen freeze(GraphDef graph, Session session, String input, String output) throws NotFreezableException {
        Map<String, NodeDef> nodes = new LinkedHashMap<>();
        for (NodeDef node : graph.getNodeList()) {
            nodes.put(node.getName(), node);
        }
        String inputNode = nodeName(input);
        String outputNode = nodeName(output);
        if (!nodes.containsKey(inputNode) || !nodes.containsKey(outputNode)) {
            throw new NotFreezableException("the signature's tensors " + input + " and " + output
                    + " are not both in the graph");
        }
        List<String> reads = new ArrayList<>();
        for (String name : needed(nodes, outputNode, inputNode)) {
            if (VARIABLE_READS.contains(nodes.get(name).getOp())) {
                reads.add(name);
            }
        }
        long bytes = 0;
        if (!reads.isEmpty()) {
            Session.Runner runner = session.runner();
            reads.forEach(runner::fetch);
            try (Result values = runner.run()) {
                for (int i = 0; i < reads.size(); i++) {
                    NodeDef constant = constant(reads.get(i), values.get(i));
                    bytes += constant.getAttrOrThrow("value").getTensor().getTensorContent().size();
                    nodes.put(reads.get(i), constant);
                }
            } catch (RuntimeException e) {
                throw new NotFreezableException("cannot read the variables' values: " + e.getMessage());
            }
        }
        Set<String> kept = needed(nodes, outputNode, inputNode);
        GraphDef.Builder frozen = GraphDef.newBuilder().setVersions(graph.getVersions()).setLibrary(graph.getLibrary());
        for (NodeDef node : nodes.values()) {
            if (!kept.contains(node.getName())) {
                continue;
            }
            if (STATEFUL.contains(node.getOp())) {
                throw new NotFreezableException("node " + node.getName() + " (" + node.getOp()
                        + ") holds state that a plain variable read does not capture");
            }
            if (node.getOp().equals("Placeholder") && !node.getName().equals(inputNode)) {
                throw new NotFreezableException("the output also depends on placeholder " + node.getName());
            }
            // Colocation hints may name the variable handles that were pruned away; the importer would refuse them.
            frozen.addNode(node.toBuilder().removeAttr("_class").build());
        }
        return new Frozen(frozen.build(), reads.size(), bytes);
    }

    private static NodeDef constant(String name, Tensor value) throws NotFreezableException {
        RawTensor raw = value.asRawTensor();
        if (NOT_COPYABLE.contains(raw.dataType())) {
            throw new NotFreezableException("variable " + name + " is of type " + raw.dataType());
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

    // Every node the output depends on (data and control inputs), stopping at the input: what a run computes.
    private static Set<String> needed(Map<String, NodeDef> nodes, String output, String input) throws NotFreezableException {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(output);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name) || name.equals(input)) {
                continue;
            }
            NodeDef node = nodes.get(name);
            if (node == null) {
                throw new NotFreezableException("node " + name + " is referenced but not in the graph");
            }
            for (String in : node.getInputList()) {
                todo.add(nodeName(in));
            }
        }
        return seen;
    }

    // "^name" (control input), "name:1" and "name" all name the node "name".
    static String nodeName(String tensor) {
        String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
        int colon = name.lastIndexOf(':');
        return colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit) ? name.substring(0, colon) : name;
    }
}

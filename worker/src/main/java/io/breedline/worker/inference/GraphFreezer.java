package io.breedline.worker.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * TensorFlow's {@code convert_variables_to_constants_v2} on a graph: inlines the functions the output calls
 * ({@link FunctionInliner}, for Keras exports, whose variables are read inside functions), keeps only what the output
 * needs from the input, and puts each variable's current value in a constant ({@link VariableConstants}), so every
 * consumer reads the same numbers. Constants let TensorFlow's graph optimiser fold batch normalisation into the
 * convolutions and pre-pack the weights once, which variables forbid.
 *
 * <p>Refuses, rather than guesses, graphs it cannot freeze faithfully: variables used another way than a plain read
 * (assigned, gathered from, handed to control flow), other stateful ops the output needs or a function runs,
 * functions it cannot instantiate, placeholders other than the input.
 */
final class GraphFreezer {
    // Left in the pruned graph after the replacement, these mean state the constants do not capture. Stateful ops
    // are refused too; these are named because TF1's ref-variable ops are not all marked stateful.
    private static final Set<String> STATEFUL = Set.of("VarHandleOp", "VariableV2", "Variable", "ReadVariableOp",
            "AssignVariableOp", "Assign", "AssignAdd", "AssignSub", "ResourceGather", "VarIsInitializedOp",
            "StatefulPartitionedCall", "HashTableV2", "MutableHashTableV2");
    private static final Set<String> VARIABLES = Set.of("VarHandleOp", "VariableV2", "Variable");

    /** Why a graph cannot be frozen; the model is then served as loaded. */
    static final class NotFreezableException extends Exception {
        NotFreezableException(String message) {
            super(message);
        }
    }

    /** The frozen graph, how many variables it turned into constants and how many function calls it inlined. */
    record Frozen(GraphDef graph, int constants, long constantBytes, int inlinedCalls) {}

    private GraphFreezer() {}

    /**
     * @param graph the model's graph, as restored in {@code session}
     * @param restored the graph {@code session} runs; reads of the variables are added to it
     * @param input the signature's input tensor, {@code name:index}
     * @param output the signature's output tensor, {@code name:index}
     */
    static Frozen freeze(GraphDef graph, Graph restored, Session session, String input, String output)
            throws NotFreezableException {
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
        OpDefs ops = OpDefs.of(graph.getLibrary());
        int inlined = FunctionInliner.inline(nodes, graph.getLibrary(), ops, outputNode, inputNode);
        VariableConstants.Replaced variables =
                VariableConstants.replace(nodes, needed(nodes, outputNode, inputNode), restored, session);
        Set<String> needed = needed(nodes, outputNode, inputNode);
        List<NodeDef> kept = new ArrayList<>();
        for (NodeDef node : nodes.values()) {
            if (needed.contains(node.getName())) {
                // Colocation hints may name the variable handles that were pruned away; the importer would refuse
                // them.
                kept.add(node.toBuilder().removeAttr("_class").build());
            }
        }
        // A variable left over is refused too, but what uses it (an assignment) says better why: checked first.
        for (boolean variable : new boolean[] {false, true}) {
            for (NodeDef node : kept) {
                if (VARIABLES.contains(node.getOp()) == variable) {
                    check(node, inputNode, variables, ops);
                }
            }
        }
        GraphDef frozen = GraphDef.newBuilder()
                .setVersions(graph.getVersions())
                .setLibrary(FunctionInliner.usedBy(kept, graph.getLibrary()))
                .addAllNode(kept)
                .build();
        return new Frozen(frozen, variables.variables(), variables.bytes(), inlined);
    }

    private static void check(NodeDef node, String input, VariableConstants.Replaced variables, OpDefs ops)
            throws NotFreezableException {
        if (STATEFUL.contains(node.getOp()) || ops.isStateful(node.getOp())) {
            throw new NotFreezableException("node " + node.getName() + " (" + node.getOp()
                    + ") holds or changes state that a plain variable read does not capture");
        }
        if (node.getOp().equals("Placeholder") && !node.getName().equals(input)) {
            throw new NotFreezableException("the output also depends on placeholder " + node.getName());
        }
        if (variables.reads().contains(node.getName())) {
            return;
        }
        for (String in : node.getInputList()) {
            if (!in.startsWith("^") && variables.handles().contains(nodeName(in))) {
                throw new NotFreezableException("node " + node.getName() + " (" + node.getOp() + ") uses variable "
                        + nodeName(in) + " other than by reading it");
            }
        }
    }

    // Every node the output depends on (data and control inputs), stopping at the input: what a run computes.
    static Set<String> needed(Map<String, NodeDef> nodes, String output, String input) throws NotFreezableException {
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

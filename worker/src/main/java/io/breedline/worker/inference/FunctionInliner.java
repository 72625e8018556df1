package io.breedline.worker.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Replaces the function calls an output needs with the functions' bodies, recursively, as TensorFlow's own inliner
 * does before {@code convert_variables_to_constants_v2} freezes a Keras export: there the signature's output comes
 * from a {@code StatefulPartitionedCall} into the library, and the variables are read inside the functions through
 * resource arguments. Once inlined, those reads take the top-level variable handles as inputs, and can be frozen like
 * any top-level read.
 *
 * <p>A call's body gets the call's name as prefix; the call itself becomes an {@code IdentityN} of the body's results
 * under its own name (a {@code NoOp} when there are none), so {@code call:1} and {@code ^call} keep their meaning. The
 * IdentityN also waits on what the function runs for its effects (its {@code control_ret}, its stateful ops), so that
 * pruning keeps them and the freezer sees, and refuses, what it cannot capture in constants (an assignment).
 */
final class FunctionInliner {
    private static final Set<String> CALLS = Set.of("StatefulPartitionedCall", "PartitionedCall");
    // Reading a variable has no effect that a constant would lose.
    private static final String READ = "ReadVariableOp";
    // Describe the call site or name nodes in the function's own namespace (colocation): meaningless once inlined.
    private static final Set<String> CALL_SITE_ATTRS = Set.of("_class", "_read_only_resource_inputs",
            "_collective_manager_ids", "_XlaMustCompile", "_noinline");
    // Inlining copies a body per call: a bound on the graph's growth.
    static final int MAX_CALLS = 10_000;

    private final Map<String, NodeDef> nodes;
    private final Map<String, FunctionDef> library = new HashMap<>();
    private final OpDefs ops;
    private final Map<String, Boolean> effects = new HashMap<>();
    // The functions an inlined call was inlined from: a function found among its own callers recurses.
    private final Map<String, Set<String>> callers = new HashMap<>();
    private int inlined;

    private FunctionInliner(Map<String, NodeDef> nodes, FunctionDefLibrary library, OpDefs ops) {
        this.nodes = nodes;
        this.ops = ops;
        for (FunctionDef function : library.getFunctionList()) {
            this.library.put(function.getSignature().getName(), function);
        }
    }

    /**
     * Inlines, in {@code nodes}, every call that {@code output} needs (stopping at {@code input}), until none is left.
     *
     * @return how many calls were inlined
     */
    static int inline(Map<String, NodeDef> nodes, FunctionDefLibrary library, OpDefs ops, String output, String input)
            throws GraphFreezer.NotFreezableException {
        FunctionInliner inliner = new FunctionInliner(nodes, library, ops);
        while (true) {
            List<NodeDef> calls = new ArrayList<>();
            for (String name : GraphFreezer.needed(nodes, output, input)) {
                NodeDef node = nodes.get(name);
                if (inliner.callee(node) != null) {
                    calls.add(node);
                }
            }
            if (calls.isEmpty()) {
                return inliner.inlined;
            }
            for (NodeDef call : calls) {
                inliner.inline(call);
            }
        }
    }

    /** The library functions {@code nodes} call or name in attrs (control-flow branches, bodies), and those they call. */
    static FunctionDefLibrary usedBy(Collection<NodeDef> nodes, FunctionDefLibrary library) {
        Map<String, FunctionDef> byName = new HashMap<>();
        library.getFunctionList().forEach(f -> byName.put(f.getSignature().getName(), f));
        Set<String> used = new LinkedHashSet<>();
        Deque<NodeDef> todo = new ArrayDeque<>(nodes);
        while (!todo.isEmpty()) {
            NodeDef node = todo.pop();
            List<String> names = new ArrayList<>();
            names.add(node.getOp());
            for (AttrValue value : node.getAttrMap().values()) {
                names.addAll(functionNames(value));
            }
            for (String name : names) {
                FunctionDef function = byName.get(name);
                if (function != null && used.add(name)) {
                    todo.addAll(function.getNodeDefList());
                }
            }
        }
        FunctionDefLibrary.Builder kept = FunctionDefLibrary.newBuilder();
        used.forEach(name -> kept.addFunction(byName.get(name)));
        return kept.build();
    }

    private static List<String> functionNames(AttrValue value) {
        List<String> names = new ArrayList<>();
        if (value.hasFunc()) {
            names.add(value.getFunc().getName());
        }
        value.getList().getFuncList().forEach(f -> names.add(f.getName()));
        return names;
    }

    // The library function a node calls: through the call ops' attr f, or by having the function's name as its op.
    private String callee(NodeDef node) {
        if (CALLS.contains(node.getOp())) {
            AttrValue f = node.getAttrMap().get("f");
            return f == null || !f.hasFunc() ? null : f.getFunc().getName();
        }
        return library.containsKey(node.getOp()) ? node.getOp() : null;
    }

    private void inline(NodeDef call) throws GraphFreezer.NotFreezableException {
        if (++inlined > MAX_CALLS) {
            throw new GraphFreezer.NotFreezableException("more than " + MAX_CALLS
                    + " function calls to inline");
        }
        String name = callee(call);
        FunctionDef function = library.get(name);
        if (function == null) {
            throw new GraphFreezer.NotFreezableException("node " + call.getName() + " calls function " + name
                    + ", which is not in the model's library");
        }
        Set<String> chain = new HashSet<>(callers.getOrDefault(call.getName(), Set.of()));
        if (!chain.add(name)) {
            throw new GraphFreezer.NotFreezableException("function " + name + " calls itself; inlining would not end");
        }
        OpDef signature = function.getSignature();
        if (signature.getAttrCount() > 0) {
            throw new GraphFreezer.NotFreezableException("function " + name + " takes attrs ("
                    + signature.getAttrList().stream().map(OpDef.AttrDef::getName).toList()
                    + "); inlining does not instantiate polymorphic functions");
        }
        List<String> data = call.getInputList().stream().filter(in -> !in.startsWith("^")).toList();
        if (data.size() != signature.getInputArgCount()) {
            throw new GraphFreezer.NotFreezableException("node " + call.getName() + " passes " + data.size()
                    + " inputs to function " + name + ", which takes " + signature.getInputArgCount());
        }
        Body body = new Body(function, prefix(call.getName(), function), data);
        for (NodeDef node : function.getNodeDefList()) {
            nodes.put(body.prefix + node.getName(), body.inline(node, call.getDevice()));
            if (callee(node) != null) {
                callers.put(body.prefix + node.getName(), chain);
            }
        }
        nodes.put(call.getName(), replacement(call, body));
    }

    private NodeDef replacement(NodeDef call, Body body) throws GraphFreezer.NotFreezableException {
        OpDef signature = body.function.getSignature();
        NodeDef.Builder node = NodeDef.newBuilder().setName(call.getName()).setDevice(call.getDevice());
        AttrValue.ListValue.Builder types = AttrValue.ListValue.newBuilder();
        for (OpDef.ArgDef output : signature.getOutputArgList()) {
            String ret = body.function.getRetMap().get(output.getName());
            if (ret == null || output.getType() == DataType.DT_INVALID) {
                throw new GraphFreezer.NotFreezableException("function " + signature.getName() + " output "
                        + output.getName() + " has no return value or no fixed type");
            }
            node.addInput(body.tensor(ret));
            types.addType(output.getType());
        }
        if (types.getTypeCount() > 0) {
            node.setOp("IdentityN").putAttr("T", AttrValue.newBuilder().setList(types).build());
        } else {
            node.setOp("NoOp");
        }
        // The call's own control inputs stay on it: whatever needs the call still needs them.
        call.getInputList().stream().filter(in -> in.startsWith("^")).forEach(node::addInput);
        for (String target : body.function.getControlRetMap().values()) {
            node.addInput("^" + body.node(target));
        }
        for (NodeDef inner : body.function.getNodeDefList()) {
            if (hasEffect(inner) && !body.function.getControlRetMap().containsValue(inner.getName())) {
                node.addInput("^" + body.prefix + inner.getName());
            }
        }
        return node.build();
    }

    // TensorFlow runs a function's stateful ops even when its results do not need them; reads aside, they change
    // state, so whoever needs the call needs them too.
    private boolean hasEffect(NodeDef node) throws GraphFreezer.NotFreezableException {
        String callee = callee(node);
        if (callee != null) {
            return functionHasEffect(callee);
        }
        return !node.getOp().equals(READ) && ops.isStateful(node.getOp());
    }

    private boolean functionHasEffect(String name) throws GraphFreezer.NotFreezableException {
        Boolean known = effects.get(name);
        if (known != null) {
            return known;
        }
        FunctionDef function = library.get(name);
        if (function == null) {
            return true; // inlining it will refuse with the reason
        }
        effects.put(name, false); // a recursive call adds nothing new; MAX_CALLS catches it when inlining
        boolean effect = false;
        for (NodeDef node : function.getNodeDefList()) {
            effect |= hasEffect(node);
        }
        effects.put(name, effect);
        return effect;
    }

    // The call's name as prefix, made unique if a node of the graph already has one of the prefixed names.
    private String prefix(String call, FunctionDef function) {
        for (int k = 0; ; k++) {
            String prefix = k == 0 ? call + "/" : call + "_inlined_" + k + "/";
            if (function.getNodeDefList().stream().noneMatch(n -> nodes.containsKey(prefix + n.getName()))) {
                return prefix;
            }
        }
    }

    /** One inlined copy of a function body: its node names prefixed, its arguments bound to the call's inputs. */
    private final class Body {
        final FunctionDef function;
        final String prefix;
        private final Map<String, String> arguments = new HashMap<>();
        private final Map<String, NodeDef> byName = new HashMap<>();

        Body(FunctionDef function, String prefix, List<String> inputs) {
            this.function = function;
            this.prefix = prefix;
            List<OpDef.ArgDef> args = function.getSignature().getInputArgList();
            for (int i = 0; i < args.size(); i++) {
                arguments.put(args.get(i).getName(), inputs.get(i));
            }
            function.getNodeDefList().forEach(n -> byName.put(n.getName(), n));
        }

        NodeDef inline(NodeDef node, String device) throws GraphFreezer.NotFreezableException {
            NodeDef.Builder copy = node.toBuilder().setName(prefix + node.getName()).clearInput();
            for (Map.Entry<String, AttrValue> attr : node.getAttrMap().entrySet()) {
                if (hasPlaceholder(attr.getValue())) {
                    throw new GraphFreezer.NotFreezableException("node " + node.getName() + " of function "
                            + function.getSignature().getName() + " takes attr " + attr.getKey()
                            + " from the function's attrs, which inlining does not resolve");
                }
            }
            CALL_SITE_ATTRS.forEach(copy::removeAttr);
            if (node.getDevice().isEmpty()) {
                copy.setDevice(device);
            }
            for (String input : node.getInputList()) {
                copy.addInput(input.startsWith("^") ? "^" + node(input.substring(1)) : tensor(input));
            }
            return copy.build();
        }

        // A body node's graph name; arguments are tensors, not nodes, so they cannot be control inputs.
        String node(String name) throws GraphFreezer.NotFreezableException {
            if (!byName.containsKey(name)) {
                throw unknown(name);
            }
            return prefix + name;
        }

        // "arg" is the call's input bound to it; "node:output_arg:index" becomes "prefix/node:flat_index".
        String tensor(String reference) throws GraphFreezer.NotFreezableException {
            String[] parts = reference.split(":");
            if (parts.length == 1 && arguments.containsKey(reference)) {
                return arguments.get(reference);
            }
            if (parts.length == 2 && arguments.containsKey(parts[0]) && parts[1].equals("0")) {
                return arguments.get(parts[0]);
            }
            NodeDef source = byName.get(parts[0]);
            if (parts.length != 3 || source == null || !parts[2].chars().allMatch(Character::isDigit)) {
                throw unknown(reference);
            }
            int index = ops.outputIndex(source, parts[1], Integer.parseInt(parts[2]));
            return index == 0 ? prefix + parts[0] : prefix + parts[0] + ":" + index;
        }

        private GraphFreezer.NotFreezableException unknown(String reference) {
            return new GraphFreezer.NotFreezableException("function " + function.getSignature().getName()
                    + " refers to " + reference + ", which is neither its argument nor its node's output");
        }
    }

    private static boolean hasPlaceholder(AttrValue value) {
        if (value.getValueCase() == AttrValue.ValueCase.PLACEHOLDER) {
            return true;
        }
        if (value.hasFunc()) {
            for (AttrValue nested : value.getFunc().getAttrMap().values()) {
                if (hasPlaceholder(nested)) {
                    return true;
                }
            }
        }
        return false;
    }
}

package io.breedline.worker.inference;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * The signature of every op a graph can name: the ops registered in the loaded TensorFlow, and the functions of the
 * graph's own library, which nodes may call as if they were ops. Inlining needs them to turn a function's
 * {@code node:output_arg:index} references into a graph's flat {@code node:index}.
 */
final class OpDefs {
    private static Map<String, OpDef> registered;

    private final Map<String, OpDef> functions = new HashMap<>();

    private OpDefs(FunctionDefLibrary library) {
        for (FunctionDef function : library.getFunctionList()) {
            functions.put(function.getSignature().getName(), function.getSignature());
        }
    }

    static OpDefs of(FunctionDefLibrary library) {
        return new OpDefs(library);
    }

    boolean isFunction(String op) {
        return functions.containsKey(op);
    }

    OpDef get(String op) throws GraphFreezer.NotFreezableException {
        OpDef def = functions.get(op);
        if (def == null) {
            def = registered().get(op);
        }
        if (def == null) {
            throw new GraphFreezer.NotFreezableException("op " + op + " is neither registered in TensorFlow "
                    + TensorFlow.version() + " nor a function of the model's library");
        }
        return def;
    }

    boolean isStateful(String op) throws GraphFreezer.NotFreezableException {
        return get(op).getIsStateful();
    }

    /** The position among all of {@code node}'s outputs of the {@code index}-th tensor of its output arg {@code arg}. */
    int outputIndex(NodeDef node, String arg, int index) throws GraphFreezer.NotFreezableException {
        OpDef def = get(node.getOp());
        int offset = 0;
        for (OpDef.ArgDef output : def.getOutputArgList()) {
            int length = length(node, def, output);
            if (output.getName().equals(arg)) {
                if (index < 0 || index >= length) {
                    throw new GraphFreezer.NotFreezableException("node " + node.getName() + " (" + node.getOp()
                            + ") has no output " + arg + ":" + index);
                }
                return offset + index;
            }
            offset += length;
        }
        throw new GraphFreezer.NotFreezableException("node " + node.getName() + " (" + node.getOp()
                + ") has no output arg " + arg);
    }

    // An output arg is one tensor, or a list whose length an attr of the node gives (N of a number_attr, the types
    // of a type_list_attr).
    private static int length(NodeDef node, OpDef def, OpDef.ArgDef arg) throws GraphFreezer.NotFreezableException {
        if (!arg.getNumberAttr().isEmpty()) {
            return Math.toIntExact(attr(node, def, arg.getNumberAttr()).getI());
        }
        if (!arg.getTypeListAttr().isEmpty()) {
            return attr(node, def, arg.getTypeListAttr()).getList().getTypeCount();
        }
        return 1;
    }

    private static AttrValue attr(NodeDef node, OpDef def, String name) throws GraphFreezer.NotFreezableException {
        AttrValue value = node.getAttrMap().get(name);
        if (value == null) {
            value = def.getAttrList().stream().filter(a -> a.getName().equals(name) && a.hasDefaultValue())
                    .map(OpDef.AttrDef::getDefaultValue).findFirst().orElse(null);
        }
        if (value == null || value.getValueCase() == AttrValue.ValueCase.PLACEHOLDER) {
            throw new GraphFreezer.NotFreezableException("node " + node.getName() + " (" + node.getOp()
                    + ") leaves attr " + name + " open; the number of its outputs is unknown");
        }
        return value;
    }

    // Parsing the ~1,800 registered ops takes a few milliseconds: once per JVM.
    private static synchronized Map<String, OpDef> registered() {
        if (registered == null) {
            Map<String, OpDef> ops = new HashMap<>();
            for (OpDef op : TensorFlow.registeredOpList().getOpList()) {
                ops.put(op.getName(), op);
            }
            registered = ops;
        }
        return registered;
    }
}

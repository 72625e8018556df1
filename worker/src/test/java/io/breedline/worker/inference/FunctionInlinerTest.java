package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.models.TensorFlowRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/** Inlining on hand-written graphs: TensorFlow's registered ops give the output args, nothing runs. */
class FunctionInlinerTest {
    private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

    @BeforeAll
    static void loadTensorFlow() {
        TensorFlowRuntime.ensureLoaded();
    }

    @Test
    void outputArgsBecomeFlatIndicesAndTheCallAnIdentityNOfTheResults() throws Exception {
        // halves(x) = (split(x)[1], split(x)[0]): the second output of Split is "split:output:1", flat index 1.
        FunctionDef halves = function("halves", List.of("x"), List.of("first", "second"))
                .addNodeDef(node("axis", "Const").putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32)
                        .build()).putAttr("value", AttrValue.getDefaultInstance()))
                .addNodeDef(node("split", "Split", "axis:output:0", "x")
                        .putAttr("num_split", AttrValue.newBuilder().setI(2).build()).putAttr("T", FLOAT))
                .putRet("first", "split:output:1")
                .putRet("second", "split:output:0")
                .build();
        Map<String, NodeDef> nodes = graph(
                node("input", "Placeholder").putAttr("dtype", FLOAT),
                call("call", "halves", "input").putAttr("Tout", floats(2)),
                node("output", "AddV2", "call", "call:1").putAttr("T", FLOAT));

        int inlined = FunctionInliner.inline(nodes, library(halves), OpDefs.of(library(halves)), "output", "input");

        assertThat(inlined).isEqualTo(1);
        assertThat(nodes.get("call/split").getInputList()).containsExactly("call/axis", "input");
        NodeDef call = nodes.get("call");
        assertThat(call.getOp()).isEqualTo("IdentityN");
        assertThat(call.getInputList()).containsExactly("call/split:1", "call/split");
        assertThat(call.getAttrOrThrow("T").getList().getTypeList()).containsExactly(DataType.DT_FLOAT, DataType.DT_FLOAT);
    }

    @Test
    void nestedCallsAndFunctionsCalledAsOpsAreInlinedToo() throws Exception {
        FunctionDef inner = function("inner", List.of("y"), List.of("z"))
                .addNodeDef(node("relu", "Relu", "y").putAttr("T", FLOAT))
                .putRet("z", "relu:activations:0")
                .build();
        FunctionDef outer = function("outer", List.of("x"), List.of("out"))
                .addNodeDef(node("direct", "inner", "x"))
                .addNodeDef(call("nested", "inner", "direct:z:0").putAttr("Tout", floats(1)))
                .putRet("out", "nested:output:0")
                .build();
        FunctionDefLibrary library = FunctionDefLibrary.newBuilder().addFunction(inner).addFunction(outer).build();
        Map<String, NodeDef> nodes = graph(
                node("input", "Placeholder").putAttr("dtype", FLOAT),
                call("call", "outer", "input").putAttr("Tout", floats(1)));

        assertThat(FunctionInliner.inline(nodes, library, OpDefs.of(library), "call", "input")).isEqualTo(3);
        assertThat(nodes.get("call/direct/relu").getInputList()).containsExactly("input");
        assertThat(nodes.get("call/nested/relu").getInputList()).containsExactly("call/direct");
        assertThat(nodes.get("call").getInputList()).containsExactly("call/nested");
        assertThat(FunctionInliner.usedBy(nodes.values(), library).getFunctionCount())
                .as("functions still called").isZero();
    }

    @Test
    void whatAFunctionRunsForItsEffectStaysNeededThoughNoResultUsesIt() throws Exception {
        FunctionDef counting = function("counting", List.of("x", "counter"), List.of("y"))
                .setSignature(signature("counting", List.of("x", "counter"), List.of("y")).toBuilder()
                        .setInputArg(1, OpDef.ArgDef.newBuilder().setName("counter").setType(DataType.DT_RESOURCE)))
                .addNodeDef(node("assign", "AssignVariableOp", "counter", "x").putAttr("dtype", FLOAT))
                .addNodeDef(node("y", "Identity", "x").putAttr("T", FLOAT))
                .putRet("y", "y:output:0")
                .build();
        Map<String, NodeDef> nodes = graph(
                node("input", "Placeholder").putAttr("dtype", FLOAT),
                node("counter", "VarHandleOp").putAttr("dtype", FLOAT),
                call("call", "counting", "input", "counter").putAttr("Tout", floats(1)));

        FunctionInliner.inline(nodes, library(counting), OpDefs.of(library(counting)), "call", "input");

        assertThat(nodes.get("call").getInputList()).containsExactly("call/y", "^call/assign");
        assertThat(nodes.get("call/assign").getInputList()).containsExactly("counter", "input");
        assertThat(GraphFreezer.needed(nodes, "call", "input")).contains("call/assign", "counter");
    }

    @Test
    void refusesPolymorphicRecursiveAndMalformedFunctions() {
        FunctionDef polymorphic = function("poly", List.of("x"), List.of("y"))
                .setSignature(signature("poly", List.of("x"), List.of("y")).toBuilder()
                        .addAttr(OpDef.AttrDef.newBuilder().setName("T").setType("type")))
                .addNodeDef(node("y", "Identity", "x").putAttr("T", AttrValue.newBuilder().setPlaceholder("T").build()))
                .putRet("y", "y:output:0")
                .build();
        assertThatThrownBy(() -> inlineCallTo(polymorphic)).hasMessageContaining("poly takes attrs ([T])");

        FunctionDef recursive = function("again", List.of("x"), List.of("y"))
                .addNodeDef(call("self", "again", "x").putAttr("Tout", floats(1)))
                .putRet("y", "self:output:0")
                .build();
        assertThatThrownBy(() -> inlineCallTo(recursive)).hasMessageContaining("function again calls itself");

        FunctionDef dangling = function("dangling", List.of("x"), List.of("y"))
                .addNodeDef(node("y", "Identity", "nowhere:output:0").putAttr("T", FLOAT))
                .putRet("y", "y:output:0")
                .build();
        assertThatThrownBy(() -> inlineCallTo(dangling)).hasMessageContaining("refers to nowhere:output:0");

        FunctionDef wrongArg = function("wrong", List.of("x"), List.of("y"))
                .addNodeDef(node("y", "Relu", "x").putAttr("T", FLOAT))
                .putRet("y", "y:output:0")
                .build();
        assertThatThrownBy(() -> inlineCallTo(wrongArg)).hasMessageContaining("has no output arg output");
    }

    private static void inlineCallTo(FunctionDef function) throws GraphFreezer.NotFreezableException {
        Map<String, NodeDef> nodes = graph(
                node("input", "Placeholder").putAttr("dtype", FLOAT),
                call("call", function.getSignature().getName(), "input").putAttr("Tout", floats(1)),
                node("output", "Identity", "call").putAttr("T", FLOAT));
        FunctionInliner.inline(nodes, library(function), OpDefs.of(library(function)), "output", "input");
    }

    private static Map<String, NodeDef> graph(NodeDef.Builder... nodes) {
        Map<String, NodeDef> graph = new LinkedHashMap<>();
        for (NodeDef.Builder node : nodes) {
            graph.put(node.getName(), node.build());
        }
        return graph;
    }

    private static FunctionDefLibrary library(FunctionDef function) {
        return FunctionDefLibrary.newBuilder().addFunction(function).build();
    }

    private static FunctionDef.Builder function(String name, List<String> args, List<String> results) {
        return FunctionDef.newBuilder().setSignature(signature(name, args, results));
    }

    private static OpDef signature(String name, List<String> args, List<String> results) {
        OpDef.Builder signature = OpDef.newBuilder().setName(name);
        args.forEach(a -> signature.addInputArg(OpDef.ArgDef.newBuilder().setName(a).setType(DataType.DT_FLOAT)));
        results.forEach(r -> signature.addOutputArg(OpDef.ArgDef.newBuilder().setName(r).setType(DataType.DT_FLOAT)));
        return signature.build();
    }

    private static NodeDef.Builder node(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs));
    }

    private static NodeDef.Builder call(String name, String function, String... inputs) {
        return node(name, "StatefulPartitionedCall", inputs)
                .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build());
    }

    private static AttrValue floats(int n) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (int k = 0; k < n; k++) {
            list.addType(DataType.DT_FLOAT);
        }
        return AttrValue.newBuilder().setList(list).build();
    }
}

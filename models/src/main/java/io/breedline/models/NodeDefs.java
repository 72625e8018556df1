package io.breedline.models;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Terse builders for the protos of a graph written by hand ({@link KerasExportModel}): nodes, attrs, constants and
 * function arguments, so a function body reads like the GraphDef TensorFlow would print.
 */
final class NodeDefs {
    static final DataType FLOAT = DataType.DT_FLOAT;
    static final DataType RESOURCE = DataType.DT_RESOURCE;

    private NodeDefs() {}

    /** A node of {@code op} named {@code name}, with {@code inputs} in order (data first, then {@code ^control}). */
    static NodeDef.Builder node(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs));
    }

    static AttrValue type(DataType type) {
        return AttrValue.newBuilder().setType(type).build();
    }

    static AttrValue types(List<DataType> types) {
        return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addAllType(types)).build();
    }

    static AttrValue ints(long... values) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (long v : values) {
            list.addI(v);
        }
        return AttrValue.newBuilder().setList(list).build();
    }

    static AttrValue i(long value) {
        return AttrValue.newBuilder().setI(value).build();
    }

    static AttrValue b(boolean value) {
        return AttrValue.newBuilder().setB(value).build();
    }

    static AttrValue s(String value) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttrValue shape(long... dims) {
        return AttrValue.newBuilder().setShape(shapeProto(dims)).build();
    }

    static AttrValue function(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    static TensorShapeProto shapeProto(long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return shape.build();
    }

    /** A float32 {@code Const} of the given shape. */
    static NodeDef.Builder floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return constant(name, FLOAT, ByteString.copyFrom(bytes), dims);
    }

    /** An int32 {@code Const} of the given shape. */
    static NodeDef.Builder int32s(String name, int[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return constant(name, DataType.DT_INT32, ByteString.copyFrom(bytes), dims);
    }

    private static NodeDef.Builder constant(String name, DataType type, ByteString content, long... dims) {
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(type)
                .setTensorShape(shapeProto(dims))
                .setTensorContent(content)
                .build();
        return node(name, "Const")
                .putAttr("dtype", type(type))
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build());
    }

    static OpDef.ArgDef arg(String name, DataType type) {
        return OpDef.ArgDef.newBuilder().setName(name).setType(type).build();
    }
}

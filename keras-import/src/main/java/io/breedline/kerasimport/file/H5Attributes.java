package io.breedline.kerasimport.file;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * String attributes as h5py writes them for Keras: scalar strings (fixed-length bytes or variable-length UTF-8),
 * arrays of fixed-length byte strings ({@code layer_names}, {@code weight_names}), empty arrays (h5py stores an empty
 * list as a float64 array of length 0), and lists too large for one object header split by Keras into
 * {@code name0}, {@code name1}, ... ({@code save_attributes_to_hdf5_group}'s chunking).
 */
public final class H5Attributes {
    private H5Attributes() {}

    /** A scalar string attribute; a one-element string array is read as its element. */
    public static Optional<String> string(Node node, String name) {
        Attribute attribute = node.getAttributes().get(name);
        if (attribute == null) {
            return Optional.empty();
        }
        Object data = attribute.getData();
        if (data instanceof String s) {
            return Optional.of(s);
        }
        if (data instanceof String[] a && a.length == 1) {
            return Optional.of(a[0]);
        }
        if (data instanceof byte[] b) {
            return Optional.of(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        throw new ModelFileException("attribute '" + name + "' of " + node.getPath() + ": expected a string, found "
                + describe(data));
    }

    /** A string-list attribute, joined from its chunks {@code name0..nameN} when Keras split it. */
    public static List<String> strings(Node node, String name) {
        if (node.getAttributes().containsKey(name)) {
            return stringArray(node, name);
        }
        List<String> joined = new ArrayList<>();
        for (int chunk = 0; node.getAttributes().containsKey(name + chunk); chunk++) {
            joined.addAll(stringArray(node, name + chunk));
        }
        return joined;
    }

    /** Whether the node has the attribute, whole or split into chunks. */
    public static boolean has(Node node, String name) {
        return node.getAttributes().containsKey(name) || node.getAttributes().containsKey(name + "0");
    }

    private static List<String> stringArray(Node node, String name) {
        Object data = node.getAttributes().get(name).getData();
        if (data == null) {
            return List.of(); // h5py's empty list: a zero-length float64 array
        }
        if (data instanceof String[] a) {
            return List.of(a);
        }
        if (data instanceof String s) {
            return List.of(s);
        }
        if (data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0) {
            return List.of();
        }
        throw new ModelFileException("attribute '" + name + "' of " + node.getPath()
                + ": expected a list of strings, found " + describe(data));
    }

    private static String describe(Object data) {
        if (data == null) {
            return "an empty value";
        }
        if (data instanceof Object[] a) {
            return a.getClass().getComponentType().getSimpleName() + "[" + a.length + "] " + Arrays.toString(a);
        }
        return data.getClass().getSimpleName();
    }
}

package io.breedline.kerasimport.file;

import io.jhdf.api.Dataset;
import java.util.Arrays;

/**
 * One weight array of a layer as stored: its name where the format records one (Keras 2: {@code stem_conv/kernel:0};
 * Keras 3 numbers them), its dimensions, and its dataset, read only when the graph needs the values.
 */
public record StoredArray(String name, long[] dims, Dataset dataset) {
    /** The name without its path and {@code :0} suffix ({@code kernel}), or the name itself. */
    public String shortName() {
        String n = name.substring(name.lastIndexOf('/') + 1);
        int colon = n.indexOf(':');
        return colon < 0 ? n : n.substring(0, colon);
    }

    /** The path segment before the short name: the layer that owns the weight in a nested model's group. */
    public String ownerSegment() {
        String[] parts = name.split("/");
        return parts.length < 2 ? "" : parts[parts.length - 2];
    }

    public long size() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** The values as float32, whatever numeric type the file holds them in. */
    public float[] floats() {
        Object flat = dataset.getDataFlat();
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof Number n) {
            return new float[] {n.floatValue()}; // a scalar dataset, such as Normalization's sample count
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        if (flat instanceof long[] l) {
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                f[i] = l[i];
            }
            return f;
        }
        if (flat instanceof int[] l) {
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                f[i] = l[i];
            }
            return f;
        }
        throw new ModelFileException("weight " + name + ": expected numbers, found "
                + (flat == null ? "nothing" : flat.getClass().getSimpleName()));
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims);
    }
}

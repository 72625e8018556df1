package io.breedline.kerasimport.spec;

/** A tensor in a Keras functional config: the {@code tensor}-th output of {@code layer}'s {@code node}-th call. */
public record TensorRef(String layer, int node, int tensor) {
    @Override
    public String toString() {
        return layer + "[" + node + "][" + tensor + "]";
    }
}

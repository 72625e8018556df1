package io.breedline.kerasimport.graph;

/** TensorFlow op names allow fewer characters than Keras layer names; the rest become underscores. */
final class OpNames {
    private OpNames() {}

    static String safe(String layerName) {
        String s = layerName.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) && s.charAt(0) != '.' ? "l" + s : s;
    }
}

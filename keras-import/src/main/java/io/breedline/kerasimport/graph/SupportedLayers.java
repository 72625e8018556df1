package io.breedline.kerasimport.graph;

import io.breedline.kerasimport.file.ModelFileException;
import io.breedline.kerasimport.spec.LayerSpec;
import java.util.Map;
import java.util.TreeMap;

/** The Keras layer classes the importer computes, by class name: what the image-classification applications use. */
final class SupportedLayers {
    private static final Map<String, LayerOp> OPS = new TreeMap<>();

    static {
        OPS.put("Conv2D", ConvLayers::conv2d);
        OPS.put("DepthwiseConv2D", ConvLayers::depthwise);
        OPS.put("SeparableConv2D", ConvLayers::separable);
        OPS.put("ZeroPadding2D", ConvLayers::zeroPadding);
        OPS.put("BatchNormalization", CoreLayers::batchNorm);
        OPS.put("Dense", CoreLayers::dense);
        OPS.put("Activation", CoreLayers::activation);
        OPS.put("ReLU", CoreLayers::relu);
        OPS.put("Reshape", CoreLayers::reshape);
        OPS.put("Flatten", CoreLayers::flatten);
        OPS.put("Add", CoreLayers::add);
        OPS.put("Multiply", CoreLayers::multiply);
        OPS.put("Subtract", CoreLayers::subtract);
        OPS.put("Average", CoreLayers::average);
        OPS.put("Concatenate", CoreLayers::concatenate);
        OPS.put("GlobalAveragePooling2D", PoolingLayers::globalAverage);
        OPS.put("GlobalMaxPooling2D", PoolingLayers::globalMax);
        OPS.put("AveragePooling2D", PoolingLayers::average);
        OPS.put("MaxPooling2D", PoolingLayers::max);
        OPS.put("Rescaling", PreprocessingLayers::rescaling);
        OPS.put("Normalization", PreprocessingLayers::normalization);
        OPS.put("RandomCrop", PreprocessingLayers::randomCrop);
        OPS.put("TFOpLambda", TfOpLambda::apply);
        // Identity at inference: regularisation and augmentation only act while training.
        for (String identity : new String[] {"Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
                "RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "RandomTranslation",
                "RandomBrightness"}) {
            OPS.put(identity, PreprocessingLayers::inferenceIdentity);
        }
    }

    private SupportedLayers() {}

    static LayerOp of(LayerSpec layer) {
        LayerOp op = OPS.get(layer.className());
        if (op == null) {
            throw new ModelFileException("layer " + layer.name() + " (" + layer.className()
                    + ") is not supported; supported: " + names());
        }
        return op;
    }

    static String names() {
        return String.join(", ", OPS.keySet()) + ", InputLayer, and Functional/Model/Sequential models nested as layers";
    }
}

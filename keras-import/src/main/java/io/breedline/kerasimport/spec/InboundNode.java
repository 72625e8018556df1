package io.breedline.kerasimport.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One call of a layer: the tensors it was called on and the keyword arguments recorded with them (where
 * {@code TFOpLambda} keeps its constant operands, e.g. {@code {"y": [0.478, 0.473, 0.474]}}).
 */
public record InboundNode(List<TensorRef> inputs, JsonNode kwargs) {}

package io.breedline.worker.inference;

import java.util.List;

/** A model that wraps another and passes every call on; a decorator overrides only what it changes. */
public abstract class ForwardingBreedModel implements BreedModel {
    protected final BreedModel model;

    protected ForwardingBreedModel(BreedModel model) {
        this.model = model;
    }

    @Override
    public float[][] predict(float[] pixels, int n) throws Exception {
        return model.predict(pixels, n);
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public String version() {
        return model.version();
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int inputHeight() {
        return model.inputHeight();
    }

    @Override
    public int inputWidth() {
        return model.inputWidth();
    }

    @Override
    public String describe() {
        return model.describe();
    }

    @Override
    public void close() {
        model.close();
    }
}

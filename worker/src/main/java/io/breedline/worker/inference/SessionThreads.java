package io.breedline.worker.inference;

/**
 * TensorFlow's thread pools for one model. On a CPU worker the model and the image decoders share the cores; if
 * TensorFlow sizes its pools to every core while decode threads also run, its intra-op threads get preempted and
 * each operation waits for the slowest one. Giving each side its own share avoids that.
 *
 * @param intraOp threads one operation (a convolution) is split across; 0 = TensorFlow's default, every core
 * @param interOp independent operations run at once; 0 = TensorFlow's default, every core
 */
public record SessionThreads(int intraOp, int interOp) {
    /** TensorFlow's own choice for both pools. */
    public static final SessionThreads DEFAULT = new SessionThreads(0, 0);

    public SessionThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("TensorFlow thread counts must be 0 (TensorFlow's default) or more, were "
                    + intraOp + " intra-op and " + interOp + " inter-op");
        }
    }

    public boolean isDefault() {
        return intraOp == 0 && interOp == 0;
    }

    @Override
    public String toString() {
        return (intraOp == 0 ? "default" : Integer.toString(intraOp)) + " intra-op, "
                + (interOp == 0 ? "default" : Integer.toString(interOp)) + " inter-op";
    }
}

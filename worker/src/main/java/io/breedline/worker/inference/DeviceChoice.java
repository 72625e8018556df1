package io.breedline.worker.inference;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the model runs ({@code BREEDLINE_DEVICE}): {@code auto} (a GPU when DJL finds one, else the CPU), {@code cpu},
 * {@code gpu} (GPU 0) or {@code gpu:N}. Asking for a GPU that is not there is a start-up error, never a silent fall
 * back to the CPU: a deployment sized for GPUs would otherwise crawl without anyone being told.
 */
public record DeviceChoice(Kind kind, int gpuIndex) {
    public enum Kind { AUTO, CPU, GPU }

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,3}))?");

    public static final String ENV = "BREEDLINE_DEVICE";

    public static DeviceChoice auto() {
        return new DeviceChoice(Kind.AUTO, 0);
    }

    public static DeviceChoice parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return auto();
        }
        if (v.equals("cpu")) {
            return new DeviceChoice(Kind.CPU, 0);
        }
        Matcher m = GPU.matcher(v);
        if (m.matches()) {
            return new DeviceChoice(Kind.GPU, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        throw new IllegalArgumentException("'" + value + "' is not a device: use auto, cpu, gpu or gpu:N");
    }

    /** The device to use given how many GPUs the engine sees. */
    public Device resolve(int gpuCount) {
        return switch (kind) {
            case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpuCount == 0) {
                    throw new IllegalStateException(ENV + "=" + this + " but TensorFlow finds no GPU (no CUDA device); "
                            + "use " + ENV + "=cpu or auto to run on the CPU");
                }
                if (gpuIndex >= gpuCount) {
                    throw new IllegalStateException(ENV + "=" + this + " but TensorFlow finds only " + gpuCount
                            + " GPU(s), numbered 0.." + (gpuCount - 1));
                }
                yield Device.gpu(gpuIndex);
            }
        };
    }

    /** Where the model runs and why, for the start-up report; {@code device} is what {@link #resolve} returned. */
    public String placement(Device device, int gpuCount) {
        if (device.isGpu()) {
            return device + " (" + ENV + "=" + this + "; " + gpuCount + " GPU(s) found)";
        }
        String why = gpuCount == 0 ? "no CUDA GPU found" : ENV + "=" + this + "; " + gpuCount + " GPU(s) left unused";
        return device + (TensorFlowBuild.oneDnn() ? " with oneDNN" : "") + " (" + why + ")";
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + gpuIndex;
        };
    }
}

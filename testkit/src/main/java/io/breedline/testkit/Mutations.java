package io.breedline.testkit;

import java.util.Arrays;
import java.util.Random;

/**
 * Damaged copies of a valid file, the way storage, transfers and fuzzers damage them: cut short, bits flipped, a run
 * of bytes overwritten with noise, a length field (an ISO box size or RIFF chunk size) set to something absurd, a
 * block of bytes duplicated. The same seed gives the same files.
 */
public final class Mutations {
    private final Random random;

    public Mutations(long seed) {
        this.random = new Random(seed);
    }

    public byte[] mutate(byte[] original) {
        return switch (random.nextInt(5)) {
            case 0 -> truncate(original);
            case 1 -> flipBits(original, 1 + random.nextInt(8));
            case 2 -> overwrite(original);
            case 3 -> absurdLength(original);
            default -> duplicate(original);
        };
    }

    public byte[] truncate(byte[] original) {
        return Arrays.copyOf(original, random.nextInt(Math.max(1, original.length - 1)));
    }

    public byte[] flipBits(byte[] original, int bits) {
        byte[] out = original.clone();
        for (int i = 0; i < bits; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] overwrite(byte[] original) {
        byte[] out = original.clone();
        int at = random.nextInt(out.length);
        int n = Math.min(out.length - at, 1 + random.nextInt(64));
        byte[] noise = new byte[n];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, out, at, n);
        return out;
    }

    // Headers sit near the start: hit a 4-byte field there with 0, 1, 0xFFFFFFFF or a random value.
    private byte[] absurdLength(byte[] original) {
        byte[] out = original.clone();
        int at = random.nextInt(Math.max(1, Math.min(out.length - 4, 512)));
        int value = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            default -> random.nextInt();
        };
        for (int i = 0; i < 4 && at + i < out.length; i++) {
            out[at + i] = (byte) (value >>> (24 - 8 * i));
        }
        return out;
    }

    private byte[] duplicate(byte[] original) {
        int at = random.nextInt(original.length);
        int n = Math.min(original.length - at, 1 + random.nextInt(256));
        byte[] out = new byte[original.length + n];
        System.arraycopy(original, 0, out, 0, at + n);
        System.arraycopy(original, at, out, at + n, original.length - at);
        return out;
    }
}

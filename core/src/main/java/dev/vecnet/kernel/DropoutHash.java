package dev.vecnet.kernel;

/**
 * The counter-based random numbers of {@link Elementwise#dropout}: element {@code i} of a call with
 * {@code (seed, counter)} draws from index {@code c = counter + i} (mod 2^64) alone, so any path, any
 * split of the array and any thread gives the same mask.
 *
 * <p>The seed is mixed once into two 32-bit keys. For index {@code c} with halves
 * {@code hi = (int) (c >>> 32)}, {@code lo = (int) c}, the 32 random bits are
 * {@code fmix32(fmix32(lo * 0x9E3779B9 + k0) ^ (hi * 0x85EBCA6B + k1))} with MurmurHash3's
 * finaliser {@code fmix32}. For a fixed {@code hi} this is a bijection of {@code lo}: 2^32 consecutive
 * counters never repeat a value. Only 32-bit integer operations are used, so the vector form is
 * bit-identical. The top 24 bits {@code m} give {@code u = m * 2^-24} in [0, 1), and
 * {@code u >= p} exactly when {@code m >= ceil(p * 2^24)}: the kernels compare integers.
 */
final class DropoutHash {
    static final int GOLDEN = 0x9E3779B9;
    static final int HI_MULTIPLIER = 0x85EBCA6B;
    static final int FMIX_1 = 0x85EBCA6B;
    static final int FMIX_2 = 0xC2B2AE35;

    private DropoutHash() {
    }

    static int key0(long seed) {
        return fmix32((int) seed + fmix32((int) (seed >>> 32) ^ 0x632BE5AB));
    }

    static int key1(long seed) {
        return fmix32((int) (seed >>> 32) + fmix32((int) seed ^ 0x1B873593));
    }

    /** {@code ceil(p * 2^24)}: an element is kept when its top 24 random bits are at least this. */
    static int threshold(float p) {
        return (int) Math.ceil(p * 16777216.0);
    }

    /** The mask value of a kept element: {@code 1f / (1f - p)}, rounded once in float. */
    static float keepScale(float p) {
        return 1f / (1f - p);
    }

    /** The 32 random bits of index {@code (hi << 32) | lo}. */
    static int bits(int k0, int k1, int hi, int lo) {
        int h = fmix32(lo * GOLDEN + k0);
        return fmix32(h ^ (hi * HI_MULTIPLIER + k1));
    }

    /** MurmurHash3's 32-bit finaliser: a bijection with full avalanche. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= FMIX_1;
        h ^= h >>> 13;
        h *= FMIX_2;
        return h ^ (h >>> 16);
    }
}

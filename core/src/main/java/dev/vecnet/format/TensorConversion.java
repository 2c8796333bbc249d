package dev.vecnet.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts the floating-point tensors of a safetensors file to float32, as PyTorch's {@code .float()} does.
 *
 * <ul>
 *   <li>F32: bit for bit (NaN payloads kept).</li>
 *   <li>F64: IEEE round to nearest, ties to even (Java's {@code (float)} cast); magnitudes at or beyond
 *       {@code Float.MAX_VALUE + ulp/2} become infinities, those below half the smallest subnormal become
 *       signed zeros.</li>
 *   <li>F16 (IEEE binary16) and BF16 (bfloat16): exactly, since float32 holds every value of both:
 *       subnormals, signed zeros, infinities and NaN included.</li>
 * </ul>
 *
 * Stateless; thread-safe; allocates nothing but a byte-buffer view per tensor.
 */
final class TensorConversion {
    /** float32 exponent bias minus binary16 exponent bias: 127 - 15. */
    private static final int HALF_TO_FLOAT_BIAS = 112;

    private TensorConversion() {
    }

    /**
     * Writes the float32 values of a float tensor into {@code dst[off .. off + t.elements())}
     * (modified). The caller has checked that {@code t.dtype().isFloat()} and that {@code dst} has room.
     */
    static void toFloat32(SafetensorsFile file, SafetensorsFile.Tensor t, float[] dst, int off) {
        ByteBuffer b = data(file, t);
        int n = (int) t.elements();
        switch (t.dtype()) {
            case F32 -> file.readF32(t, dst, off);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) b.getDouble();
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = halfToFloat(b.getShort() & 0xFFFF);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = bfloat16ToFloat(b.getShort() & 0xFFFF);
                }
            }
            default -> throw new IllegalArgumentException("tensor '" + t.name() + "' of dtype " + t.dtype()
                    + " is not a float tensor");
        }
    }

    /** The element {@code index} of an F64 tensor as stored, before rounding (for error messages). */
    static double f64At(SafetensorsFile file, SafetensorsFile.Tensor t, int index) {
        return data(file, t).getDouble(index * Double.BYTES);
    }

    /**
     * The float32 value of an IEEE binary16 bit pattern (the low 16 bits of {@code bits}): sign, 5 exponent
     * bits (bias 15), 10 mantissa bits. Exact.
     */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            // infinity (mantissa 0) or NaN, whose payload moves to the top of float32's mantissa
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | (exponent + HALF_TO_FLOAT_BIAS) << 23 | mantissa << 13);
        }
        // zero or subnormal: mantissa * 2^-24, a normal float32 (or zero), so the product is exact
        float magnitude = mantissa * 0x1p-24f;
        return sign == 0 ? magnitude : -magnitude;
    }

    /** The float32 value of a bfloat16 bit pattern (the low 16 bits of {@code bits}): float32's upper half. */
    static float bfloat16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    private static ByteBuffer data(SafetensorsFile file, SafetensorsFile.Tensor t) {
        return ByteBuffer.wrap(file.bytes(), file.dataStart() + (int) t.begin(), (int) (t.end() - t.begin())).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }
}

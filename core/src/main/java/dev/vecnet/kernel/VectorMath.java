package dev.vecnet.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponential family of the vector path: loops over arrays for {@code exp} (with a shift, for
 * softmax), {@code sigmoid}, {@code tanh} and {@code elu}, each a vector body and a scalar tail,
 * and the scalar twins that the tails run: they perform the same IEEE operations in the same order
 * as the vector lanes, so an element's result never depends on its position. Loaded only on the
 * vector path (see {@link Kernels}).
 *
 * <p>Why loops and not a {@code FloatVector exp(FloatVector)} helper: a method that takes or returns
 * vectors is only free while C2 inlines it, and C2 refuses to inline a method it has already compiled
 * on its own into more than {@code InlineSmallCode} bytes; then every vector crossing the call is
 * boxed and the kernel allocates. Which compilation comes first depends on the program's history, so
 * no vector crosses a method boundary here: the polynomial core is written out in each loop (the
 * twins, which take floats, are the single reference, and {@code VectorMathAccuracyTest} checks
 * every loop against them bit for bit).
 *
 * <p>Method, after fdlibm's {@code expf}: {@code x = k ln2 + r} with {@code k = rint(x / ln2)}
 * (found by adding 1.5 * 2^23, which leaves k in the low mantissa bits), {@code |r| <= ln2/2}
 * computed exactly in two Cody-Waite steps; {@code e^r = 1 + r + r^2 q(r)} with q the Taylor
 * polynomial of degree 6 (truncation below 3e-10 relative), evaluated with FMA; then {@code 2^k}
 * built from exponent bits. {@code exp} multiplies by {@code 2^(k/2)} and {@code 2^(k - k/2)} in
 * turn, so results in the subnormal range are rounded once, from a normal intermediate, rather than
 * flushed. {@code expm1(x) = 2^k (e^r - 1) + (2^k - 1)} in one FMA, so it keeps its relative
 * accuracy near 0, where {@code exp(x) - 1} would cancel. {@code sigmoid(x) = (x >= 0 ? 1 : e) / (1 + e)}
 * with {@code e = exp(-|x|)}; {@code tanh(x) = (x < 0 ? m : -m) / (2 + m)} with
 * {@code m = expm1(-2|x|)}, and a zero x returned as it is (keeping its sign).
 *
 * <p>Maximum relative errors against the functions computed in double, over all 2^32 floats, for
 * normal results: exp 7.4e-8, tanh 1.8e-7, sigmoid 1.8e-7, expm1 9.0e-8; subnormal results within
 * 0.9 {@link Float#MIN_VALUE} (checked on a sample by {@code VectorMathAccuracyTest}).
 *
 * <p>Special values: NaN gives NaN; {@code exp}: +Inf and {@code x > 88.7228} give +Inf, -Inf and
 * {@code x < -103.97} give +0; {@code tanh} keeps the sign of zero and gives +-1 at +-Inf;
 * {@code sigmoid} gives 1 at +Inf and 0 at -Inf. Arguments are clamped with min and max, whose
 * semantics are those of {@link Math#min} and {@link Math#max}: NaN passes through to the result.
 */
final class VectorMath {
    static final VectorSpecies<Float> F = VectorElementwise.F;
    static final int L = F.length();

    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that {@code k * LN2_HI} is exact for {@code |k| < 2^9}. */
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.42860682030941723212e-6f;
    /** Adding this rounds to an integer that then sits in the low mantissa bits. */
    static final float SHIFTER = 12582912f; // 1.5 * 2^23
    /**
     * The exponent bias in place: {@code (k + 127) << 23} is the float {@code 2^k}. With
     * {@code t = SHIFTER + k}, {@code bits(t) = 0x4B400000 + k}, and as the low 9 bits of 0x4B400000
     * (and of half of it) are 0, {@code bits(t) << 23 == k << 23} and
     * {@code (bits(t) >> 1) << 23 == (k >> 1) << 23}: k never needs to be extracted.
     */
    static final int BIAS_BITS = 127 << 23;
    /** Above this exp overflows anyway; clamping keeps k small enough for the exponent arithmetic. */
    static final float EXP_HI = 100f;
    /** Below this exp rounds to +0 ({@code e^-104 < Float.MIN_VALUE / 2}). */
    static final float EXP_LO = -104f;
    /** Below this expm1 rounds to -1 ({@code e^-30 < 2^-25}). */
    static final float EXPM1_LO = -30f;

    static final float C2 = 1f / 2;
    static final float C3 = 1f / 6;
    static final float C4 = 1f / 24;
    static final float C5 = 1f / 120;
    static final float C6 = 1f / 720;
    static final float C7 = 1f / 5040;
    static final float C8 = 1f / 40320;

    private VectorMath() {
    }

    // ---------------------------------------------------------------- loops

    /**
     * {@code y[i] = e^(x[i] - shift)} for {@code i < n} (not stored when y is null); returns the
     * float sum of those values (lane partial sums, then the tail in order). y may be x.
     */
    static float expShifted(int n, float[] x, int xOff, float shift, float[] y, int yOff) {
        FloatVector sums = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i).sub(shift);
            // exp core: the same operations as exp(float)
            FloatVector xc = v.max(EXP_LO).min(EXP_HI);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector kf = t.sub(SHIFTER);
            FloatVector r = kf.lanewise(FMA, -LN2_HI, xc);
            r = kf.lanewise(FMA, -LN2_LO, r);
            FloatVector q = r.fma(C8, C7);
            q = q.lanewise(FMA, r, C6);
            q = q.lanewise(FMA, r, C5);
            q = q.lanewise(FMA, r, C4);
            q = q.lanewise(FMA, r, C3);
            q = q.lanewise(FMA, r, C2);
            FloatVector p = q.lanewise(FMA, r, 1f).lanewise(FMA, r, 1f);
            IntVector ti = t.reinterpretAsInts();
            IntVector half = ti.lanewise(ASHR, 1).lanewise(LSHL, 23);
            FloatVector s1 = half.add(BIAS_BITS).reinterpretAsFloats();
            FloatVector s2 = ti.lanewise(LSHL, 23).add(BIAS_BITS).sub(half).reinterpretAsFloats();
            FloatVector e = p.mul(s1).mul(s2);
            if (y != null) {
                e.intoArray(y, yOff + i);
            }
            sums = e.add(sums); // never sums.add(e): see VectorElementwise on loop-carried vectors
        }
        // The sum starts at +0 and never becomes -0: adding it to +0 only gives it an exact class.
        float sum = FloatVector.zero(F).add(sums).reduceLanes(ADD);
        for (; i < n; i++) {
            float e = exp(x[xOff + i] - shift);
            if (y != null) {
                y[yOff + i] = e;
            }
            sum += e;
        }
        return sum;
    }

    /** {@code y[i] = 1 / (1 + e^-x[i])}; y may be x. */
    static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector a = v.abs().neg();
            // exp core: the same operations as exp(float)
            FloatVector xc = a.max(EXP_LO).min(EXP_HI);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector kf = t.sub(SHIFTER);
            FloatVector r = kf.lanewise(FMA, -LN2_HI, xc);
            r = kf.lanewise(FMA, -LN2_LO, r);
            FloatVector q = r.fma(C8, C7);
            q = q.lanewise(FMA, r, C6);
            q = q.lanewise(FMA, r, C5);
            q = q.lanewise(FMA, r, C4);
            q = q.lanewise(FMA, r, C3);
            q = q.lanewise(FMA, r, C2);
            FloatVector p = q.lanewise(FMA, r, 1f).lanewise(FMA, r, 1f);
            IntVector ti = t.reinterpretAsInts();
            IntVector half = ti.lanewise(ASHR, 1).lanewise(LSHL, 23);
            FloatVector s1 = half.add(BIAS_BITS).reinterpretAsFloats();
            FloatVector s2 = ti.lanewise(LSHL, 23).add(BIAS_BITS).sub(half).reinterpretAsFloats();
            FloatVector e = p.mul(s1).mul(s2);
            e.blend(1f, v.compare(GE, 0f)).div(e.add(1f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    /** {@code y[i] = tanh(x[i])}; y may be x. */
    static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector z = v.abs().mul(-2f);
            // expm1 core: the same operations as expm1NonPositive(float)
            FloatVector xc = z.min(0f).max(EXPM1_LO);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector kf = t.sub(SHIFTER);
            FloatVector r = kf.lanewise(FMA, -LN2_HI, xc);
            r = kf.lanewise(FMA, -LN2_LO, r);
            FloatVector q = r.fma(C8, C7);
            q = q.lanewise(FMA, r, C6);
            q = q.lanewise(FMA, r, C5);
            q = q.lanewise(FMA, r, C4);
            q = q.lanewise(FMA, r, C3);
            q = q.lanewise(FMA, r, C2);
            FloatVector pm = r.mul(r).fma(q, r);
            FloatVector s = t.reinterpretAsInts().lanewise(LSHL, 23).add(BIAS_BITS).reinterpretAsFloats();
            FloatVector m = s.fma(pm, s.sub(1f));
            // tanh(x) = -m / (2 + m) for x >= 0 and m / (2 + m) for x < 0; zeros keep their sign.
            m.neg().blend(m, v.compare(LT, 0f)).div(m.add(2f)).blend(v, v.compare(EQ, 0f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = tanh(x[xOff + i]);
        }
    }

    /** {@code y[i] = x[i] > 0 ? x[i] : alpha * expm1(x[i])}; y may be x. */
    static void elu(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            // expm1 core: the same operations as expm1NonPositive(float)
            FloatVector xc = v.min(0f).max(EXPM1_LO);
            FloatVector t = xc.fma(LOG2E, SHIFTER);
            FloatVector kf = t.sub(SHIFTER);
            FloatVector r = kf.lanewise(FMA, -LN2_HI, xc);
            r = kf.lanewise(FMA, -LN2_LO, r);
            FloatVector q = r.fma(C8, C7);
            q = q.lanewise(FMA, r, C6);
            q = q.lanewise(FMA, r, C5);
            q = q.lanewise(FMA, r, C4);
            q = q.lanewise(FMA, r, C3);
            q = q.lanewise(FMA, r, C2);
            FloatVector pm = r.mul(r).fma(q, r);
            FloatVector s = t.reinterpretAsInts().lanewise(LSHL, 23).add(BIAS_BITS).reinterpretAsFloats();
            FloatVector m = s.fma(pm, s.sub(1f));
            m.mul(alpha).blend(v, v.compare(GT, 0f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : expm1NonPositive(v) * alpha;
        }
    }

    // ---------------------------------------------------------------- scalar twins (the reference for the loops)

    /** {@code e^x}, as each vector lane computes it. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(xc, LOG2E, SHIFTER);
        float kf = t - SHIFTER;
        float r = Math.fma(kf, -LN2_HI, xc);
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(Math.fma(q(r), r, 1f), r, 1f);
        int ti = Float.floatToRawIntBits(t);
        int half = (ti >> 1) << 23;
        return p * Float.intBitsToFloat(half + BIAS_BITS) * Float.intBitsToFloat((ti << 23) + BIAS_BITS - half);
    }

    /** {@code e^x - 1} for {@code x <= 0} or NaN (positive x gives 0), as each vector lane computes it. */
    static float expm1NonPositive(float x) {
        float xc = Math.max(Math.min(x, 0f), EXPM1_LO);
        float t = Math.fma(xc, LOG2E, SHIFTER);
        float kf = t - SHIFTER;
        float r = Math.fma(kf, -LN2_HI, xc);
        r = Math.fma(kf, -LN2_LO, r);
        float pm = Math.fma(r * r, q(r), r);
        float s = Float.intBitsToFloat((Float.floatToRawIntBits(t) << 23) + BIAS_BITS);
        return Math.fma(s, pm, s - 1f);
    }

    /** {@code tanh(x)}, as each vector lane computes it. */
    static float tanh(float x) {
        float m = expm1NonPositive(Math.abs(x) * -2f);
        float t = (x < 0f ? m : -m) / (m + 2f);
        return x == 0f ? x : t;
    }

    /** {@code 1 / (1 + e^-x)}, as each vector lane computes it. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x >= 0f ? 1f : e) / (e + 1f);
    }

    /** {@code C2 + C3 r + ... + C8 r^6}: {@code e^r = 1 + r + r^2 q(r)}. */
    private static float q(float r) {
        float q = Math.fma(r, C8, C7);
        q = Math.fma(q, r, C6);
        q = Math.fma(q, r, C5);
        q = Math.fma(q, r, C4);
        q = Math.fma(q, r, C3);
        return Math.fma(q, r, C2);
    }
}

package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Epilogue#apply}, the scalar definitions every fused path must match: RELU is
 * {@code v < 0 ? 0 : v}, LEAKY_RELU {@code v < 0 ? v * slope : v}, so NaN stays NaN and -0.0 stays -0.0.
 * Compared by bits, so +0.0 and -0.0 are told apart.
 */
class EpilogueTest {
    private static final float[] SPECIAL = {
        0f, -0f, 1f, -1f, 2.5f, -2.5f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, -1e30f,
    };

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                () -> what + ": expected " + expected + ", was " + actual);
    }

    @Test
    void hasExactlyTheThreeActivations() {
        assertArrayEquals(new Epilogue[] {Epilogue.IDENTITY, Epilogue.RELU, Epilogue.LEAKY_RELU}, Epilogue.values());
    }

    @Test
    void identityReturnsItsArgumentAndIgnoresTheSlope() {
        for (float v : SPECIAL) {
            assertBits(v, Epilogue.IDENTITY.apply(v, 0.5f), "IDENTITY(" + v + ")");
            assertBits(v, Epilogue.IDENTITY.apply(v, Float.NaN), "IDENTITY(" + v + ") with a NaN slope");
        }
    }

    @Test
    void reluZeroesNegativesOnly() {
        assertBits(0f, Epilogue.RELU.apply(-1f, 0.5f), "RELU(-1)");
        assertBits(0f, Epilogue.RELU.apply(-Float.MIN_VALUE, 0.5f), "RELU(-MIN_VALUE)");
        assertBits(0f, Epilogue.RELU.apply(Float.NEGATIVE_INFINITY, 0.5f), "RELU(-inf)");
        assertBits(0f, Epilogue.RELU.apply(-Float.MAX_VALUE, 0.5f), "RELU(-MAX)");
        assertBits(3.25f, Epilogue.RELU.apply(3.25f, 0.5f), "RELU(3.25)");
        assertBits(Float.POSITIVE_INFINITY, Epilogue.RELU.apply(Float.POSITIVE_INFINITY, 0.5f), "RELU(+inf)");
        assertBits(-0f, Epilogue.RELU.apply(-0f, 0.5f), "RELU(-0.0) keeps -0.0");
        assertBits(0f, Epilogue.RELU.apply(0f, 0.5f), "RELU(+0.0)");
        assertBits(Float.NaN, Epilogue.RELU.apply(Float.NaN, 0.5f), "RELU(NaN) stays NaN");
        for (float v : SPECIAL) {
            assertBits(v < 0f ? 0f : v, Epilogue.RELU.apply(v, 7f), "RELU(" + v + ") ignores the slope");
        }
    }

    @Test
    void leakyReluScalesNegativesBySlope() {
        assertBits(-2f * 0.1f, Epilogue.LEAKY_RELU.apply(-2f, 0.1f), "LEAKY(-2, 0.1)");
        assertBits(-0.75f, Epilogue.LEAKY_RELU.apply(-1.5f, 0.5f), "LEAKY(-1.5, 0.5)");
        assertBits(3f, Epilogue.LEAKY_RELU.apply(-1.5f, -2f), "LEAKY(-1.5, -2): a negative slope flips the sign");
        assertBits(-0f, Epilogue.LEAKY_RELU.apply(-4f, 0f), "LEAKY(-4, 0) is -0.0 (v * 0)");
        assertBits(Float.NEGATIVE_INFINITY, Epilogue.LEAKY_RELU.apply(Float.NEGATIVE_INFINITY, 0.01f), "LEAKY(-inf)");
        assertBits(5f, Epilogue.LEAKY_RELU.apply(5f, 0.01f), "LEAKY(5) unchanged");
        assertBits(-0f, Epilogue.LEAKY_RELU.apply(-0f, 0.01f), "LEAKY(-0.0) keeps -0.0");
        assertBits(Float.NaN, Epilogue.LEAKY_RELU.apply(Float.NaN, 0.01f), "LEAKY(NaN) stays NaN");
        assertBits(Float.POSITIVE_INFINITY, Epilogue.LEAKY_RELU.apply(Float.POSITIVE_INFINITY, Float.NaN),
                "LEAKY(+inf) does not touch the slope");
        for (float v : SPECIAL) {
            for (float slope : new float[] {0.01f, 0.2f, 1f, 1.5f, -0.5f}) {
                assertBits(v < 0f ? v * slope : v, Epilogue.LEAKY_RELU.apply(v, slope), "LEAKY(" + v + ", " + slope + ")");
            }
        }
    }

    /** The reference used by the GEMM tests agrees with Epilogue.apply on every special value. */
    @Test
    void testReferenceAgreesWithApply() {
        for (Epilogue act : Epilogue.values()) {
            for (float v : SPECIAL) {
                assertBits(GemmReference.activate(act, v, 0.3f), act.apply(v, 0.3f), act + "(" + v + ")");
            }
        }
    }
}

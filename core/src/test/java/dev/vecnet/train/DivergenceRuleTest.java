package dev.vecnet.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one explosion rule of both guards: threshold from the first loss and the uniform guess's loss. */
class DivergenceRuleTest {

    @Test
    void theFirstLossSetsTheThresholdWhenItIsAboveTheUniformGuess() {
        DivergenceRule rule = new DivergenceRule(10, 10);   // ln 10 = 2.30
        assertFalse(rule.exploded(5.0));                    // threshold 50
        assertFalse(rule.exploded(50.0));
        assertTrue(rule.exploded(50.001));
    }

    @Test
    void aTinyFirstLossIsHeldToTheUniformGuessNotToItself() {
        DivergenceRule rule = new DivergenceRule(10, 10);
        assertFalse(rule.exploded(1e-4));                   // reference ln 10, not 1e-4
        assertFalse(rule.exploded(10 * Math.log(10) - 1e-9));
        assertTrue(rule.exploded(10 * Math.log(10) + 1e-9));
    }

    @Test
    void aSingleOutputCountsAsTwoClasses() {
        // A logistic output's uniform guess has loss ln 2; ln 1 = 0 would make the first loss the only reference.
        DivergenceRule rule = new DivergenceRule(3, 1);
        assertFalse(rule.exploded(1e-3));
        assertFalse(rule.exploded(3 * Math.log(2) - 1e-9));
        assertTrue(rule.exploded(3 * Math.log(2) + 1e-9));
    }

    @Test
    void anInfiniteFactorNeverExplodes() {
        DivergenceRule rule = new DivergenceRule(Double.POSITIVE_INFINITY, 10);
        assertFalse(rule.exploded(1.0));
        assertFalse(rule.exploded(1e300));
    }

    @Test
    void theExplanationNamesLossFactorAndReference() {
        DivergenceRule rule = new DivergenceRule(100, 4);
        rule.exploded(2.0);
        assertEquals("the loss 500 exceeds 100 times the reference loss 2.00 (the larger of the first loss and ln 4)",
                rule.explanation("loss", 500, "the first loss"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(1.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> new DivergenceRule(2, 0));
    }
}

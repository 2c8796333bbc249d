package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Init;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.Sgd;

import org.junit.jupiter.api.Test;

class SanityChecksTest {
    static final Dataset DATA = Blobs.make(200, 8, 10, 2.0, 11);

    static Network.Builder tenClasses() {
        return tenClasses(Init.XAVIER_NORMAL);
    }

    static Network.Builder tenClasses(Init init) {
        return Network.builder(8).init(init).dense(32).relu().dense(10).maxBatch(64).seed(4);
    }

    @Test
    void initialLossIsNearLnC() {
        CheckResult r = SanityChecks.initialLoss(tenClasses(Init.GAUSSIAN).build(), DATA, 0.3);
        assertTrue(r.passed(), r.toString());
        assertEquals(Math.log(10), r.expected(), 1e-12);
        assertEquals(2.3026, r.expected(), 1e-4);
    }

    @Test
    void hugeInitialWeightsFailTheInitialLossCheck() {
        Network net = tenClasses(Init.UNIFORM).build(); // weights of size 1 instead of 0.01
        CheckResult r = SanityChecks.initialLoss(net, DATA, 0.3);
        assertFalse(r.passed(), r.toString());
        assertTrue(r.measured() > 3, r.toString());
    }

    @Test
    void regularisationRaisesTheLossOnlyWhenOn() {
        assertTrue(SanityChecks.regularisationRaisesLoss(tenClasses().l2(1e-2f).build(), DATA).passed());
        CheckResult off = SanityChecks.regularisationRaisesLoss(tenClasses().build(), DATA);
        assertFalse(off.passed(), off.toString());
    }

    @Test
    void overfitsTwentyExamplesButNotWithAZeroRate() {
        Trainer fit = Trainer.builder().epochs(200).batchSize(20).evaluateTraining(false).build();
        CheckResult ok = SanityChecks.overfitsTinySubset(tenClasses().build(), DATA, 20, fit, new Adam(0.01f));
        assertTrue(ok.passed(), ok.toString());
        Trainer stuck = Trainer.builder().epochs(5).batchSize(20).evaluateTraining(false).build();
        assertFalse(SanityChecks.overfitsTinySubset(tenClasses().build(), DATA, 20, stuck, new Sgd(0f)).passed());
    }

    @Test
    void learningRateProbeSeesDownStallAndExplode() {
        float[] rates = {1e-7f, 0.05f, 1e4f};
        LearningRateProbe p = SanityChecks.probeLearningRates(() -> tenClasses().build(), r -> new Sgd((float) r),
                DATA, rates, 30, 0.01);
        assertEquals(LearningRateProbe.Verdict.STALL, p.trial(1e-7f).verdict(), p.toString());
        assertEquals(LearningRateProbe.Verdict.DOWN, p.trial(0.05f).verdict(), p.toString());
        assertEquals(LearningRateProbe.Verdict.EXPLODE, p.trial(1e4f).verdict(), p.toString());
        assertEquals(0.05f, p.suggestedRate());
    }
}

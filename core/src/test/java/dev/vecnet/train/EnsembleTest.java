package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Sgd;

import java.util.List;

import org.junit.jupiter.api.Test;

class EnsembleTest {

    @Test
    void averagesTheMembersProbabilitiesExactly() {
        Network a = Network.builder(3).dense(4).seed(1).build();
        Network b = Network.builder(3).dense(4).seed(2).build();
        Ensemble e = new Ensemble(List.of(a, b), 2);
        float[] x = {0.5f, -1f, 2f, 1f, 0f, -0.5f};
        float[] pa = new float[8], pb = new float[8], pe = new float[8];
        a.newInferenceContext(2).predictProbabilities(x, 0, 2, pa, 0);
        b.newInferenceContext(2).predictProbabilities(x, 0, 2, pb, 0);
        e.predictProbabilities(x, 0, 2, pe, 0);
        for (int i = 0; i < 8; i++) {
            assertEquals(0f + pa[i] * 0.5f + pb[i] * 0.5f, pe[i], 0f);
        }
    }

    @Test
    void ensembleIsAtLeastAsAccurateAsItsAverageMember() {
        Dataset train = Blobs.make(120, 4, 4, 1.5, 21);
        Dataset test = Blobs.make(400, 4, 4, 1.5, 22);
        Ensemble e = Ensemble.train(5, 100, seed -> Network.builder(4).dense(16).relu().dense(4).maxBatch(32).seed(seed).build(),
                seed -> Trainer.builder().epochs(4).batchSize(16).seed(seed).evaluateTraining(false).build(),
                () -> new Sgd(0.05f), train);
        Ensemble.Report r = e.evaluate(test);
        assertEquals(5, r.memberAccuracy().length);
        assertTrue(r.meanMemberAccuracy() > 0.4, "members learned something: " + r.meanMemberAccuracy());
        assertTrue(r.ensembleAccuracy() >= r.meanMemberAccuracy(),
                r.ensembleAccuracy() + " vs mean member " + r.meanMemberAccuracy());
        for (int m = 0; m < 5; m++) {
            InferenceContext ctx = e.members().get(m).newInferenceContext(400);
            int[] cls = new int[400];
            ctx.classify(test.features(), 0, 400, cls, 0);
            int correct = 0;
            for (int i = 0; i < 400; i++) {
                correct += cls[i] == test.labels()[i] ? 1 : 0;
            }
            assertEquals(correct / 400.0, r.memberAccuracy()[m], 1e-12);
        }
    }
}

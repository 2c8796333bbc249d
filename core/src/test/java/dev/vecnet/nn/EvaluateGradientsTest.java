package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.WorkerTeam;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link TrainingContext#evaluateGradients}: the gradient of the evaluation-mode loss. Where evaluation and
 * training mode compute the same function (no dropout, no BatchNorm) it has the bits of {@code forwardBackward};
 * with dropout and BatchNorm it matches central differences of {@link TrainingContext#evaluate}; and it changes
 * nothing outside its context.
 */
class EvaluateGradientsTest {
    private static final int BATCH = 12;
    private static final int IN = 5;
    private static final int CLASSES = 3;

    private static float[] inputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[BATCH * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static int[] labels() {
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = i % CLASSES;
        }
        return y;
    }

    @Test
    void equalsTheTrainingGradientWhereBothModesAgree() {
        Network net = Network.builder(IN).dense(8).relu().maxout(6, 2).prelu(true).dense(7).leakyRelu().dense(6).tanh()
                .dense(CLASSES).l2(1e-2f).seed(3).maxBatch(BATCH).build();
        float[] x = inputs(1);
        int[] y = labels();
        TrainingContext training = net.newTrainingContext(BATCH, true);
        TrainingContext.Step step = training.forwardBackward(x, 0, BATCH, y, null);
        double loss = step.loss();
        float[] expected = training.gradients().clone();
        float[] expectedInput = step.inputGradient().clone();
        TrainingContext diagnostic = net.newTrainingContext(BATCH, true);
        TrainingContext.Step evaluated = diagnostic.evaluateGradients(x, 0, BATCH, y, null);
        assertEquals(loss, evaluated.loss());
        assertArrayEquals(expected, diagnostic.gradients());
        assertArrayEquals(expectedInput, java.util.Arrays.copyOf(evaluated.inputGradient(), BATCH * IN));
    }

    @Test
    void matchesCentralDifferencesOfTheEvaluationLossWithDropoutAndBatchNorm() {
        Network net = Network.builder(IN).dense(8).batchNorm().tanh().dropout(0.5f).dense(6).sigmoid().dropout(0.3f)
                .dense(CLASSES).l2(1e-2f).seed(5).maxBatch(BATCH).build();
        // Running statistics away from their initial 0 and 1, as after training.
        TrainingContext warm = net.newTrainingContext(BATCH, false);
        for (int i = 0; i < 5; i++) {
            warm.forwardBackward(inputs(10 + i), 0, BATCH, labels(), null);
        }
        float[] x = inputs(2);
        int[] y = labels();
        TrainingContext context = net.newTrainingContext(BATCH, false);
        context.evaluateGradients(x, 0, BATCH, y, null);
        float[] g = context.gradients().clone();
        float[] w = net.parameters().values();
        TrainingContext probe = net.newTrainingContext(BATCH, false);
        int checked = 0;
        for (ParameterTensor t : net.parameters().tensors()) {
            if (!t.trainable()) {
                assertEquals(0f, maxAbs(g, t), "no gradient for " + t.name());
                continue;
            }
            for (int k = 0; k < t.size(); k += Math.max(1, t.size() / 7)) {
                int i = t.offset() + k;
                float keep = w[i];
                double h = 1e-2;
                w[i] = (float) (keep + h);
                net.parametersChanged();
                double up = probe.evaluate(x, 0, BATCH, y, null).loss();
                w[i] = (float) (keep - h);
                net.parametersChanged();
                double down = probe.evaluate(x, 0, BATCH, y, null).loss();
                w[i] = keep;
                net.parametersChanged();
                double numeric = (up - down) / (2 * h);
                double error = Math.abs(numeric - g[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(g[i]));
                assertTrue(error < 1e-2, t.name() + "[" + k + "]: analytic " + g[i] + ", numeric " + numeric);
                checked++;
            }
        }
        assertTrue(checked > 30, "checked " + checked);
    }

    private static float maxAbs(float[] a, ParameterTensor t) {
        float m = 0;
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    @Test
    void changesNothingOutsideItsContextAndIsTheSameWithATeam() {
        Network net = Network.builder(IN).dense(8).batchNorm().relu().dropout(0.5f).dense(CLASSES).seed(7)
                .maxBatch(BATCH).build();
        TrainingContext training = net.newTrainingContext(BATCH, false);
        training.forwardBackward(inputs(3), 0, BATCH, labels(), null);
        float[] before = net.parameters().values().clone();
        long[] tracked = net.batchesTracked();
        TrainingContext diagnostic = net.newTrainingContext(BATCH, false);
        diagnostic.evaluateGradients(inputs(4), 0, BATCH, labels(), null);
        float[] alone = diagnostic.gradients().clone();
        assertArrayEquals(before, net.parameters().values());
        assertArrayEquals(tracked, net.batchesTracked());
        try (WorkerTeam team = new WorkerTeam(3)) {
            TrainingContext split = net.newTrainingContext(BATCH, false, team);
            split.evaluateGradients(inputs(4), 0, BATCH, labels(), null);
            assertArrayEquals(alone, split.gradients());
        }
        // The training context's next step draws the dropout mask it would have drawn anyway.
        Network twin = Network.builder(IN).dense(8).batchNorm().relu().dropout(0.5f).dense(CLASSES).seed(7)
                .maxBatch(BATCH).build();
        TrainingContext twinTraining = twin.newTrainingContext(BATCH, false);
        twinTraining.forwardBackward(inputs(3), 0, BATCH, labels(), null);
        assertArrayEquals(twinTraining.forwardBackward(inputs(5), 0, BATCH, labels(), null).scores(),
                training.forwardBackward(inputs(5), 0, BATCH, labels(), null).scores());
        assertArrayEquals(twinTraining.gradients(), training.gradients());
    }
}

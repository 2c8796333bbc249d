package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * An ensemble of classifiers whose prediction is the mean of the members' predicted probabilities
 * (softmax of the scores, or the sigmoid of a single output): {@code p(c|x) = (1/N) sum_m p_m(c|x)},
 * class = argmax (for one output: p > 0.5). Holds one inference
 * context per member; {@link #predictProbabilities} allocates nothing. Not thread-safe (one ensemble per
 * thread; members may be shared read-only).
 */
public final class Ensemble {
    private final List<Network> members;
    private final InferenceContext[] contexts;
    private final float[] scratch;
    private final int classes;
    private final int maxBatch;

    /** An ensemble of trained networks with the same input and output sizes. */
    public Ensemble(List<Network> members, int maxBatch) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.members = List.copyOf(members);
        this.classes = members.get(0).outputSize();
        this.maxBatch = maxBatch;
        this.contexts = new InferenceContext[members.size()];
        for (int i = 0; i < contexts.length; i++) {
            Network m = members.get(i);
            if (m.outputSize() != classes || m.inputSize() != members.get(0).inputSize()) {
                throw new IllegalArgumentException("members differ in input or output size");
            }
            contexts[i] = m.newInferenceContext(maxBatch);
        }
        this.scratch = new float[maxBatch * classes];
    }

    /**
     * Trains {@code n} members: member i is {@code network.apply(seed_i)} trained with
     * {@code trainer.apply(seed_i)} and a fresh optimizer from {@code optimizers}, with
     * {@code seed_i = baseSeed + i}.
     */
    public static Ensemble train(int n, long baseSeed, LongFunction<Network> network, LongFunction<Trainer> trainer,
                                 Supplier<Optimizer> optimizers, Dataset data) {
        List<Network> nets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Network net = network.apply(baseSeed + i);
            trainer.apply(baseSeed + i).fit(net, data, optimizers.get());
            nets.add(net);
        }
        return new Ensemble(nets, nets.get(0).maxBatch());
    }

    /** The members. */
    public List<Network> members() {
        return members;
    }

    /**
     * Writes the mean probabilities {@code [batch][classes]} of {@code x[xOff...]} into {@code out} from
     * {@code outOff}; batch at most maxBatch. Modifies {@code out} only.
     */
    public void predictProbabilities(float[] x, int xOff, int batch, float[] out, int outOff) {
        if (batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " exceeds " + maxBatch);
        }
        int len = batch * classes;
        java.util.Arrays.fill(out, outOff, outOff + len, 0f);
        float inv = 1f / contexts.length;
        for (InferenceContext ctx : contexts) {
            ctx.predictProbabilities(x, xOff, batch, scratch, 0);
            for (int i = 0; i < len; i++) {
                out[outOff + i] += scratch[i] * inv;
            }
        }
    }

    /** Each member's accuracy and the ensemble's on labelled data. */
    public record Report(double[] memberAccuracy, double ensembleAccuracy) {
        /** Mean of the members' accuracies. */
        public double meanMemberAccuracy() {
            double s = 0;
            for (double a : memberAccuracy) {
                s += a;
            }
            return s / memberAccuracy.length;
        }
    }

    /** Evaluates every member and the ensemble on {@code data} (labels required). Allocates the report. */
    public Report evaluate(Dataset data) {
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("accuracy needs labelled data");
        }
        double[] member = new double[contexts.length];
        long ensembleCorrect = 0;
        float[] probs = new float[maxBatch * classes];
        int f = data.featureCount();
        for (int start = 0; start < data.size(); start += maxBatch) {
            int batch = Math.min(maxBatch, data.size() - start);
            for (int m = 0; m < contexts.length; m++) {
                contexts[m].predictProbabilities(data.features(), start * f, batch, scratch, 0);
                for (int i = 0; i < batch; i++) {
                    if (Evaluator.predictedClass(scratch, i * classes, classes, 0.5f) == data.labels()[start + i]) {
                        member[m]++;
                    }
                }
            }
            predictProbabilities(data.features(), start * f, batch, probs, 0);
            for (int i = 0; i < batch; i++) {
                if (Evaluator.predictedClass(probs, i * classes, classes, 0.5f) == data.labels()[start + i]) {
                    ensembleCorrect++;
                }
            }
        }
        for (int m = 0; m < member.length; m++) {
            member[m] /= data.size();
        }
        return new Report(member, (double) ensembleCorrect / data.size());
    }
}

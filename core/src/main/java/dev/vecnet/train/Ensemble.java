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

    /**
     * An ensemble of trained networks with the same input and output sizes. Allocates one inference
     * context per member and a scratch buffer, each for {@code maxBatch} examples.
     *
     * @param members  the networks, at least one; the list is copied, the networks are shared and only read
     * @param maxBatch the largest batch {@link #predictProbabilities} and {@link #evaluate} run, {@code >= 1}
     * @throws IllegalArgumentException when {@code members} is empty, the members differ in input or output
     *                                  size, or {@code maxBatch < 1}
     */
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
     * {@code seed_i = baseSeed + i}. Members are trained one after the other on the caller's thread.
     *
     * @param n          the number of members, {@code >= 1}
     * @param baseSeed   the seed of member 0; member i gets {@code baseSeed + i}
     * @param network    builds a fresh, untrained network from a seed
     * @param trainer    builds the trainer of a member from its seed (e.g. its shuffle seed)
     * @param optimizers supplies a new optimizer per member
     * @param data       the training examples, shared by every member; not modified
     * @return an ensemble of the {@code n} trained networks, with the first member's maximum batch
     * @throws IndexOutOfBoundsException when {@code n < 1}
     * @throws TrainingDivergedException when a member's training diverges
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

    /**
     * The members.
     *
     * @return an unmodifiable list of the member networks, in the order given
     */
    public List<Network> members() {
        return members;
    }

    /**
     * Writes the mean probabilities {@code [batch][classes]} of {@code x[xOff...]} into {@code out} from
     * {@code outOff}; batch at most maxBatch. Modifies {@code out} only. Allocates nothing.
     *
     * @param x      inputs {@code [batch][inputSize]} from {@code xOff}; not modified
     * @param xOff   index in {@code x} of the first example's first feature
     * @param batch  the number of examples, in {@code [1, maxBatch]}
     * @param out    receives {@code [batch][classes]} mean probabilities from {@code outOff}; only that range
     *               is written
     * @param outOff index in {@code out} of the first value
     * @throws IllegalArgumentException      when {@code batch} is outside {@code [1, maxBatch]} or {@code x} is
     *                                       too short
     * @throws ArrayIndexOutOfBoundsException when {@code out} is too short
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

    /**
     * Each member's accuracy and the ensemble's on labelled data.
     *
     * @param memberAccuracy   the accuracy of each member, in member order, each in [0, 1]
     * @param ensembleAccuracy the accuracy of the mean prediction, in [0, 1]
     */
    public record Report(double[] memberAccuracy, double ensembleAccuracy) {
        /**
         * Mean of the members' accuracies.
         *
         * @return {@code (1/N) sum_m memberAccuracy[m]}, in [0, 1]
         */
        public double meanMemberAccuracy() {
            double s = 0;
            for (double a : memberAccuracy) {
                s += a;
            }
            return s / memberAccuracy.length;
        }
    }

    /**
     * Evaluates every member and the ensemble on {@code data} (labels required), in batches of the
     * ensemble's maximum batch. A prediction is correct when its argmax (for one output: probability
     * {@code > 0.5}) is the label. Allocates the report and one probability buffer.
     *
     * @param data labelled examples of the members' input size; not modified
     * @return a new report of the members' and the ensemble's accuracy
     * @throws IllegalArgumentException when {@code data} has no labels
     */
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

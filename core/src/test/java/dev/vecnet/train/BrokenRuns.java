package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.optim.Optimizer;

import java.util.Arrays;

/**
 * Training runs on the shipped digits, each built to fail in exactly one way, and a healthy one: the command
 * line's split (60 / 20 / 20, stratified, seed 42, standardised with the training part's statistics) and its
 * recipe (Adam, batch 64, seed 42) unless the failure needs otherwise, 10 epochs.
 */
final class BrokenRuns {
    static final int EPOCHS = 10;
    static final int BATCH = 64;
    /** The command line's default rate for Adam. */
    static final float RATE = 3e-3f;

    private static Split split;

    private BrokenRuns() {
    }

    static synchronized Split digits() {
        if (split == null) {
            Split s = Split.stratified(Datasets.digits(), 0.6, 0.2, 42);
            Preprocessor standardize = Preprocessing.standardize().fit(s.train());
            split = new Split(standardize.apply(s.train()), standardize.apply(s.validation()), standardize.apply(s.test()));
        }
        return split;
    }

    /** A run: its network, training data and optimizer, and the trainer's schedule (or null). */
    record Run(Network net, Dataset train, Optimizer optimizer, LearningRateSchedule schedule) {
        /** Fits with a {@link Diagnostics} listener and returns it. */
        Diagnostics fit() {
            Diagnostics diagnostics = Diagnostics.builder(net, train).build();
            Trainer.builder().epochs(EPOCHS).batchSize(BATCH).seed(42).validation(digits().validation())
                    .schedule(schedule).listener(diagnostics).build().fit(net, train, optimizer);
            return diagnostics;
        }
    }

    /** The command line's default network and recipe: 64-256relu-10, L2 1e-3, Adam 3e-3 with cosine decay. */
    static Run healthy() {
        Network net = Network.builder(64).dense(256).relu().dense(10).l2(1e-3f).seed(42).maxBatch(BATCH).build();
        int steps = EPOCHS * ((digits().train().size() + BATCH - 1) / BATCH);
        return new Run(net, digits().train(), new Adam(RATE), LearningRateSchedule.cosine(RATE, 0f, steps));
    }

    /** Sigmoid hidden layer whose He-initialised weights are scaled up 10 times: its units saturate. */
    static Run saturated() {
        Network net = Network.builder(64).dense(128).sigmoid().dense(10).seed(1).maxBatch(BATCH).build();
        scale(net, "0.weight", 10f);
        return new Run(net, digits().train(), new Adam(RATE), null);
    }

    /** ReLU hidden layer with a bias of -20: no unit ever fires. */
    static Run dead() {
        Network net = Network.builder(64).dense(128).relu().dense(10).seed(1).maxBatch(BATCH).build();
        ParameterTensor bias = net.parameters().tensor("0.bias");
        Arrays.fill(net.parameters().values(), bias.offset(), bias.offset() + bias.size(), -20f);
        net.parametersChanged();
        return new Run(net, digits().train(), new Adam(RATE), null);
    }

    /** The healthy network with 10 times the default rate, constant: the loss bounces back up. */
    static Run learningRateTooHigh() {
        Network net = Network.builder(64).dense(256).relu().dense(10).seed(1).maxBatch(BATCH).build();
        return new Run(net, digits().train(), new Adam(10 * RATE), null);
    }

    /** A rate of 1e-7: the loss does not move. */
    static Run flat() {
        Network net = Network.builder(64).dense(128).relu().dense(10).seed(1).maxBatch(BATCH).build();
        return new Run(net, digits().train(), new Adam(1e-7f), null);
    }

    /** One hidden unit (linear) between 64 features and 10 classes: too little capacity. */
    static Run underfitting() {
        Network net = Network.builder(64).dense(1).dense(10).seed(1).maxBatch(BATCH).build();
        return new Run(net, digits().train(), new Adam(RATE), null);
    }

    /** 40 training examples and 1,024 hidden units, no L2: it learns them by heart. */
    static Run overfitting() {
        Network net = Network.builder(64).dense(1024).relu().dense(10).seed(1).maxBatch(BATCH).build();
        return new Run(net, digits().train().head(40), new Adam(1e-3f), null);
    }

    private static void scale(Network net, String tensor, float factor) {
        ParameterTensor t = net.parameters().tensor(tensor);
        float[] v = net.parameters().values();
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            v[i] *= factor;
        }
        net.parametersChanged();
    }
}

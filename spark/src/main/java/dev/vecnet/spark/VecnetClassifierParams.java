package dev.vecnet.spark;

import dev.vecnet.optim.OptimizerKind;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params of {@link VecnetClassifier}, shared by {@link VecnetClassificationModel} so that a fitted
 * model (a {@code CrossValidator}'s best model among them) carries the settings it was trained with, as MLlib's
 * shared params ({@code HasMaxIter}, {@code HasStepSize}, {@code HasSeed}, {@code HasTol}) do. Names and types
 * follow MLlib where it has one ({@code maxIter}, {@code stepSize}, {@code seed}, {@code tol}, {@code layers} as
 * {@code MultilayerPerceptronClassifier}'s); the defaults are the command line's ({@code ./vecnet train}: Adam at
 * its default rate 3e-3, batch 64, 10 epochs). Each param is declared once, here; an accessor returns the
 * owner's own param object, a getter its value or default.
 */
public interface VecnetClassifierParams extends Params {
    /**
     * Hidden layers in the command line's architecture grammar without the input and class counts
     * ({@code dev.vecnet.nn.Architecture.parseHidden}), e.g. {@code 64relu-bn-32tanh-dropout0.2}; the output layer
     * is added. Ignored when {@link #layers()} is set. Default {@code 64relu}.
     *
     * @return the param
     */
    default Param<String> hiddenLayers() {
        return VecnetParams.of(this).hiddenLayers;
    }

    /**
     * Layer sizes from the input to the output, as {@code MultilayerPerceptronClassifier}'s {@code layers}:
     * {@code {features, h1, ..., classes}}, each hidden layer dense with ReLU. The first must equal the feature
     * count and the last the class count. Unset by default ({@link #hiddenLayers()} applies).
     *
     * @return the param
     */
    default IntArrayParam layers() {
        return VecnetParams.of(this).layers;
    }

    /**
     * The optimizer, one of {@link OptimizerSpec#NAMES}. Default {@code adam}.
     *
     * @return the param
     */
    default Param<String> optimizer() {
        return VecnetParams.of(this).optimizer;
    }

    /**
     * The initial learning rate. When unset, the chosen optimizer's default rate
     * ({@link OptimizerKind#defaultLearningRate()}, as the command line); the param's default is Adam's, 3e-3.
     *
     * @return the param
     */
    default DoubleParam stepSize() {
        return VecnetParams.of(this).stepSize;
    }

    /**
     * Epochs: passes over the whole training data. Default 10.
     *
     * @return the param
     */
    default IntParam maxIter() {
        return VecnetParams.of(this).maxIter;
    }

    /**
     * Examples per step (the global batch in exact mode, each replica's in local SGD). Default 64.
     *
     * @return the param
     */
    default IntParam batchSize() {
        return VecnetParams.of(this).batchSize;
    }

    /**
     * Seed of the initial weights, the example order and the dropout masks. Default 0.
     *
     * @return the param
     */
    default LongParam seed() {
        return VecnetParams.of(this).seed;
    }

    /**
     * Convergence tolerance: the fit stops (with the next round) after an epoch whose mean training loss differs
     * from the previous epoch's by less than {@code tol} times the previous one; 0 never stops early. Default 1e-6.
     *
     * @return the param
     */
    default DoubleParam tol() {
        return VecnetParams.of(this).tol;
    }

    /**
     * {@code exact} or {@code local-sgd} ({@link SyncMode}). Default {@code local-sgd}.
     *
     * @return the param
     */
    default Param<String> syncMode() {
        return VecnetParams.of(this).syncMode;
    }

    /**
     * Local steps per round in local SGD. Default 10.
     *
     * @return the param
     */
    default IntParam syncEvery() {
        return VecnetParams.of(this).syncEvery;
    }

    /**
     * Model replicas, the data parallelism ({@link SparkTrainer.Builder#numReplicas}); 0 for the context's
     * default parallelism. Default 0.
     *
     * @return the param
     */
    default IntParam numReplicas() {
        return VecnetParams.of(this).numReplicas;
    }

    /**
     * The value of {@link #hiddenLayers()}.
     *
     * @return the hidden layers
     */
    default String getHiddenLayers() {
        return getOrDefault(hiddenLayers());
    }

    /**
     * The value of {@link #layers()}.
     *
     * @return the layer sizes, or null when unset
     */
    default int[] getLayers() {
        return isDefined(layers()) ? getOrDefault(layers()) : null;
    }

    /**
     * The value of {@link #optimizer()}.
     *
     * @return the optimizer's name
     */
    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /**
     * The learning rate a fit uses: {@link #stepSize()} when set, else the optimizer's default rate.
     *
     * @return the initial learning rate
     */
    default double getStepSize() {
        return isSet(stepSize()) ? (Double) getOrDefault(stepSize())
                : OptimizerKind.named(getOptimizer()).defaultLearningRate();
    }

    /**
     * The value of {@link #maxIter()}.
     *
     * @return the epochs
     */
    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    /**
     * The value of {@link #batchSize()}.
     *
     * @return the batch size
     */
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /**
     * The value of {@link #seed()}.
     *
     * @return the seed
     */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /**
     * The value of {@link #tol()}.
     *
     * @return the tolerance
     */
    default double getTol() {
        return (Double) getOrDefault(tol());
    }

    /**
     * The value of {@link #syncMode()}.
     *
     * @return {@code exact} or {@code local-sgd}
     */
    default String getSyncMode() {
        return getOrDefault(syncMode());
    }

    /**
     * The value of {@link #syncEvery()}.
     *
     * @return local steps per round
     */
    default int getSyncEvery() {
        return (Integer) getOrDefault(syncEvery());
    }

    /**
     * The value of {@link #numReplicas()}.
     *
     * @return the replicas, 0 for the default parallelism
     */
    default int getNumReplicas() {
        return (Integer) getOrDefault(numReplicas());
    }
}

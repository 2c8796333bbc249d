package dev.vecnet.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The training settings of a {@link VecnetClassifier}, created for one owner (their uid is the owner's), with
 * their defaults set on it. Not serializable: only the owner's param map travels.
 */
final class VecnetParams {
    final Param<String> layers;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final IntParam epochs;
    final IntParam batchSize;
    final LongParam seed;
    final Param<String> syncMode;
    final IntParam syncEvery;
    final IntParam partitions;

    VecnetParams(Params owner) {
        layers = new Param<>(owner, "layers", "hidden layers in the command line's architecture grammar, e.g. 64relu-bn-32relu (the output layer is added)");
        optimizer = new Param<>(owner, "optimizer", "optimizer: " + OptimizerSpec.NAMES,
                ParamValidators.inArray(OptimizerSpec.NAMES.toArray(new String[0])));
        learningRate = new DoubleParam(owner, "learningRate", "initial learning rate (>= 0)", ParamValidators.gtEq(0));
        epochs = new IntParam(owner, "epochs", "passes over each partition's data (>= 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(owner, "batchSize", "examples per step (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(owner, "seed", "seed of the weights, the example order and the dropout masks");
        syncMode = new Param<>(owner, "syncMode", "exact or local-sgd",
                ParamValidators.inArray(new String[] {"exact", "local-sgd"}));
        syncEvery = new IntParam(owner, "syncEvery", "local steps per round in local-sgd (>= 1)",
                ParamValidators.gtEq(1));
        partitions = new IntParam(owner, "partitions", "partitions to train on; 0 keeps the input's",
                ParamValidators.gtEq(0));
    }

    /** The defaults: {@code 64relu}, Adam at 0.001, 10 epochs, batch 32, seed 0, local SGD every 10 steps. */
    void setDefaults(Params owner) {
        owner.setDefault(layers, "64relu");
        owner.setDefault(optimizer, "adam");
        owner.setDefault(learningRate, 0.001);
        owner.setDefault(epochs, 10);
        owner.setDefault(batchSize, 32);
        owner.setDefault(seed, 0L);
        owner.setDefault(syncMode, "local-sgd");
        owner.setDefault(syncEvery, 10);
        owner.setDefault(partitions, 0);
    }
}

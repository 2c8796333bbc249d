package dev.vecnet.spark;

import dev.vecnet.optim.OptimizerKind;
import dev.vecnet.train.FitSettings;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The training settings of one {@link VecnetClassifierParams} owner (an estimator or a model: their uid is the
 * owner's), with their defaults set on it, found by owner ({@link #of}). Held in a weak map rather than a field
 * because the shared interface declares the params once for both owners and an interface holds no state; the
 * params keep only their owner's uid, so the map does not keep owners alive. Not serializable: only the owner's
 * param map travels, and a deserialised owner gets equal params (Spark compares params by owner uid and name).
 * Thread-safe lookup.
 */
final class VecnetParams {
    private static final Map<Params, VecnetParams> OWNERS = Collections.synchronizedMap(new WeakHashMap<>());

    final Param<String> hiddenLayers;
    final IntArrayParam layers;
    final Param<String> optimizer;
    final DoubleParam stepSize;
    final IntParam maxIter;
    final IntParam batchSize;
    final LongParam seed;
    final DoubleParam tol;
    final Param<String> syncMode;
    final IntParam syncEvery;
    final IntParam numReplicas;

    private VecnetParams(Params owner) {
        hiddenLayers = new Param<>(owner, "hiddenLayers",
                "hidden layers in the command line's architecture grammar, e.g. 64relu-bn-32relu (the output layer is added)");
        layers = new IntArrayParam(owner, "layers", "layer sizes from input to output, as MultilayerPerceptronClassifier's "
                + "(hidden layers dense with ReLU); when set, replaces hiddenLayers");
        optimizer = new Param<>(owner, "optimizer", "optimizer: " + OptimizerSpec.NAMES,
                ParamValidators.inArray(OptimizerSpec.NAMES.toArray(new String[0])));
        stepSize = new DoubleParam(owner, "stepSize", "initial learning rate (>= 0); unset: the optimizer's default",
                ParamValidators.gtEq(0));
        maxIter = new IntParam(owner, "maxIter", "epochs: passes over the whole training data (>= 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(owner, "batchSize", "examples per step (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(owner, "seed", "seed of the weights, the example order and the dropout masks");
        tol = new DoubleParam(owner, "tol", "stop when an epoch's training loss moves by less than tol times the "
                + "previous epoch's (>= 0; 0 never stops early)", ParamValidators.gtEq(0));
        syncMode = new Param<>(owner, "syncMode", "exact or local-sgd",
                ParamValidators.inArray(new String[] {"exact", "local-sgd"}));
        syncEvery = new IntParam(owner, "syncEvery", "local steps per round in local-sgd (>= 1)",
                ParamValidators.gtEq(1));
        numReplicas = new IntParam(owner, "numReplicas", "model replicas, the data parallelism; 0: the default parallelism",
                ParamValidators.gtEq(0));
        owner.setDefault(hiddenLayers, "64relu");
        owner.setDefault(optimizer, "adam");
        owner.setDefault(stepSize, (double) OptimizerKind.ADAM.defaultLearningRate());
        owner.setDefault(maxIter, FitSettings.DEFAULT_EPOCHS);
        owner.setDefault(batchSize, DEFAULT_BATCH_SIZE);
        owner.setDefault(seed, 0L);
        owner.setDefault(tol, 1e-6);
        owner.setDefault(syncMode, "local-sgd");
        owner.setDefault(syncEvery, 10);
        owner.setDefault(numReplicas, 0);
    }

    /** The command line's batch size ({@code ./vecnet train --batch-size}'s default). */
    static final int DEFAULT_BATCH_SIZE = 64;

    /**
     * The params of {@code owner}, created with their defaults on first use.
     *
     * @param owner the estimator or model
     * @return its params
     */
    static VecnetParams of(Params owner) {
        synchronized (OWNERS) {
            VecnetParams params = OWNERS.get(owner);
            if (params == null) {
                params = new VecnetParams(owner);
                OWNERS.put(owner, params);
            }
            return params;
        }
    }
}

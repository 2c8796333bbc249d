package dev.vecnet.spark;

import dev.vecnet.nn.InferenceContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VecnetClassifierTest {
    private static final int FEATURES = 4;
    private static final int CLASSES = 3;
    private static SparkSession spark;
    private static Dataset<Row> table;

    /** Blobs as four plain double columns, offset and scaled so that standardising matters. */
    @BeforeAll
    static void start() {
        spark = SparkSessions.start();
        TestData data = new TestData(400, FEATURES, CLASSES, 6.0, 5);
        List<Row> rows = new ArrayList<>();
        StructType schema = new StructType();
        for (int j = 0; j < FEATURES; j++) {
            schema = schema.add("x" + j, DataTypes.DoubleType);
        }
        schema = schema.add("label", DataTypes.DoubleType);
        for (int i = 0; i < data.labels.length; i++) {
            Object[] values = new Object[FEATURES + 1];
            for (int j = 0; j < FEATURES; j++) {
                values[j] = 100 + 50.0 * data.features[i * FEATURES + j];
            }
            values[FEATURES] = (double) data.labels[i];
            rows.add(RowFactory.create(values));
        }
        table = spark.createDataFrame(rows, schema).repartition(2).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Pipeline pipeline(VecnetClassifier classifier) {
        return new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
            classifier});
    }

    private static VecnetClassifier classifier() {
        return new VecnetClassifier().setHiddenLayers("16relu").setMaxIter(8).setBatchSize(16).setSyncEvery(5)
                .setStepSize(0.01).setSeed(3);
    }

    @Test
    void aPipelineTrainsAndScoresInBatchesAsTheNetworkDoesLocally() {
        PipelineModel model = pipeline(classifier()).fit(table);
        Dataset<Row> scored = model.transform(table);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        assertTrue(accuracy > 0.9, "training accuracy " + accuracy);

        VecnetClassificationModel vecnet = (VecnetClassificationModel) model.stages()[2];
        InferenceContext local = vecnet.network().newInferenceContext(1);
        List<Row> rows = scored.select("features", "rawPrediction", "probability", "prediction").collectAsList();
        assertEquals(400, rows.size());
        float[] x = new float[FEATURES];
        float[] p = new float[CLASSES];
        for (Row row : rows) {
            BatchScorer.copy(row.getAs(0), x, 0, FEATURES);
            local.predictProbabilities(x, 0, 1, p, 0);
            Vector probability = row.getAs(2);
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(p[c], probability.apply(c), 1e-6);
                sum += probability.apply(c);
            }
            assertEquals(1.0, sum, 1e-9);
            assertEquals(((Vector) row.getAs(1)).argmax(), row.getDouble(3));
            assertEquals(local.classify(x, 0), (int) row.getDouble(3));
        }
    }

    @Test
    void pipelineModelsAndEstimatorsSurviveSparkMlPersistence(@TempDir Path folder) throws Exception {
        PipelineModel model = pipeline(classifier()).fit(table);
        String path = folder.resolve("model").toString();
        model.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> before = model.transform(table).select("probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(table).select("probability", "prediction").collectAsList();
        assertEquals(before, after);
        VecnetClassificationModel vecnet = (VecnetClassificationModel) loaded.stages()[2];
        assertArrayEquals(((VecnetClassificationModel) model.stages()[2]).modelFile(), vecnet.modelFile());

        VecnetClassifier estimator = classifier().setOptimizer("rmsprop").setSyncMode("exact");
        String estimatorPath = folder.resolve("estimator").toString();
        estimator.write().save(estimatorPath);
        VecnetClassifier read = VecnetClassifier.load(estimatorPath);
        assertEquals(estimator.uid(), read.uid());
        assertEquals("rmsprop", read.getOrDefault(read.optimizer()));
        assertEquals("exact", read.getOrDefault(read.syncMode()));
        assertEquals(8, read.getMaxIter());
        assertTrue(!vecnet.hasSummary(), "a model read from storage has no summary");
    }

    @Test
    void crossValidationPicksAmongSettings() {
        VecnetClassifier classifier = classifier().setMaxIter(3);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(classifier.stepSize(), new double[] {1e-6, 0.02})
                .build();
        CrossValidatorModel cv = new CrossValidator()
                .setEstimator(pipeline(classifier))
                .setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2)
                .setSeed(1)
                .fit(table);
        double[] metrics = cv.avgMetrics();
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0], "a learning rate of 1e-6 should not learn in 3 epochs: " + metrics[0]
                + " vs " + metrics[1]);
        PipelineModel best = (PipelineModel) cv.bestModel();
        VecnetClassificationModel winner = assertInstanceOf(VecnetClassificationModel.class, best.stages()[2]);
        assertEquals(0.02, winner.getStepSize(), "the best model carries the winning settings");
        assertEquals(3, winner.getMaxIter());
        assertEquals("16relu", winner.getHiddenLayers());
    }

    /**
     * With thresholds, transform's prediction is predict's (MLlib's rule: the largest probability / threshold), and
     * the thresholds chosen here change some predictions, so the rule is exercised; the prediction column carries
     * MLlib's nominal metadata with one value per class.
     */
    @Test
    void thresholdsApplyInTransformAsInPredictAndPredictionsCarryMetadata() {
        PipelineModel fitted = pipeline(classifier().setMaxIter(2)).fit(table);
        VecnetClassificationModel model = (VecnetClassificationModel) fitted.stages()[2];
        model.setThresholds(new double[] {0.05, 1, 1});
        Dataset<Row> scored = fitted.transform(table);
        int changed = 0;
        for (Row row : scored.select("features", "rawPrediction", "prediction").collectAsList()) {
            Vector features = row.getAs(0);
            assertEquals(model.predict(features), row.getDouble(2), "row " + row);
            if (((Vector) row.getAs(1)).argmax() != (int) row.getDouble(2)) {
                changed++;
            }
        }
        assertTrue(changed > 0, "the thresholds should change some predictions");
        org.apache.spark.ml.attribute.Attribute attribute = org.apache.spark.ml.attribute.Attribute
                .fromStructField(scored.schema().apply("prediction"));
        assertInstanceOf(org.apache.spark.ml.attribute.NominalAttribute.class, attribute);
        assertEquals(CLASSES, ((org.apache.spark.ml.attribute.NominalAttribute) attribute).getNumValues().get());
    }

    /**
     * The summary of a fit: one training loss per epoch, falling, and the training accuracy Spark's evaluator
     * measures on the model's predictions of the training data.
     */
    @Test
    void aFittedModelHasATrainingSummary() {
        PipelineModel fitted = pipeline(classifier().setMaxIter(5).setTol(0)).fit(table);
        VecnetClassificationModel model = (VecnetClassificationModel) fitted.stages()[2];
        VecnetTrainingSummary summary = model.summary();
        double[] history = summary.objectiveHistory();
        assertEquals(5, history.length);
        assertEquals(5, summary.totalIterations());
        assertTrue(history[4] < history[0], java.util.Arrays.toString(history));
        double expected = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(fitted.transform(table));
        assertEquals(expected, summary.accuracy(), 1e-12);
    }

    /**
     * The defaults are the command line's: its --batch-size default and the default learning rate of the chosen
     * optimizer (Adam's unless set), read from their sources rather than repeated here.
     */
    @Test
    void defaultsAreTheCommandLines() throws Exception {
        VecnetClassifier classifier = new VecnetClassifier();
        picocli.CommandLine.Option batch = Class.forName("dev.vecnet.cli.FitOptions").getDeclaredField("batchSize")
                .getAnnotation(picocli.CommandLine.Option.class);
        assertEquals(Integer.parseInt(batch.defaultValue()), classifier.getBatchSize());
        assertEquals(dev.vecnet.optim.OptimizerKind.ADAM.defaultLearningRate(), (float) classifier.getStepSize());
        assertEquals(dev.vecnet.optim.OptimizerKind.SGD.defaultLearningRate(),
                (float) classifier.setOptimizer("sgd").getStepSize());
        assertEquals(0.5, classifier.setStepSize(0.5).getStepSize());
        assertEquals(dev.vecnet.train.FitSettings.DEFAULT_EPOCHS, classifier.getMaxIter());
    }
}

package dev.vecnet.spark.search;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Sgd;
import dev.vecnet.search.Configuration;
import dev.vecnet.search.HyperparameterSearch;
import dev.vecnet.search.SearchResults;
import dev.vecnet.search.SearchSpace;
import dev.vecnet.search.TrialResult;
import dev.vecnet.train.Evaluator;
import dev.vecnet.train.Trainer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkSearchTest {
    private static SparkSession spark;

    /** Two noisy classes in 4 dimensions, as plain arrays so that they can be broadcast. */
    record Blobs(float[] x, int[] y) implements Serializable {
        static Blobs make() {
            SplittableRandom r = new SplittableRandom(8);
            float[] x = new float[200 * 4];
            int[] y = new int[200];
            for (int i = 0; i < 200; i++) {
                y[i] = i % 2;
                for (int j = 0; j < 4; j++) {
                    x[i * 4 + j] = (float) ((y[i] == 0 ? -1 : 1) + 1.5 * (r.nextDouble() - 0.5));
                }
            }
            return new Blobs(x, y);
        }
    }

    /** Trains a small network with the configuration's rate and width; rates above 5 fail on purpose. */
    static double trainAndScore(Configuration c, long seed, Blobs data) {
        if (c.getDouble("lr") > 5) {
            throw new IllegalArgumentException("rate too high");
        }
        Dataset d = Dataset.ofLabels(data.x(), 4, data.y(), 2);
        Network net = Network.builder(4).dense(c.getInt("width")).tanh().dense(2).seed(seed).build();
        Trainer.builder().epochs(3).batchSize(20).seed(seed).evaluateTraining(false).build()
                .fit(net, d, new Sgd((float) c.getDouble("lr")));
        Evaluator e = new Evaluator(net, d);
        e.evaluate();
        return e.accuracy();
    }

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("vecnet-search-tests")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aSearchOnSparkGivesTheResultsOfTheLocalSearch() {
        Blobs data = Blobs.make();
        SearchSpace space = SearchSpace.empty().logUniform("lr", 1e-3, 50).integer("width", 2, 8);
        SearchResults distributed = SparkSearch.maximizing(spark, SparkSearchTest::trainAndScore).seed(5)
                .random(space, 12, data);
        SearchResults local = HyperparameterSearch.maximizing((c, s) -> trainAndScore(c, s, data)).seed(5)
                .random(space, 12);

        assertEquals(12, distributed.trials().size());
        assertTrue(!distributed.failed().isEmpty() && !distributed.succeeded().isEmpty(),
                "the space should hold failing and succeeding rates: " + distributed.toCsv());
        for (int i = 0; i < 12; i++) {
            TrialResult a = local.trials().get(i);
            TrialResult b = distributed.trials().get(i);
            assertEquals(a.index(), b.index());
            assertEquals(a.configuration(), b.configuration());
            assertEquals(a.seed(), b.seed());
            assertEquals(a.metric(), b.metric());
            assertEquals(a.failure(), b.failure());
        }
        assertEquals(withoutMillis(local.toCsv()), withoutMillis(distributed.toCsv()));

        List<Row> rows = SparkSearch.toDataFrame(spark, distributed, List.of("lr", "width")).collectAsList();
        assertEquals(12, rows.size());
        assertEquals(1, (Integer) rows.get(0).getAs("rank"));
        assertEquals(distributed.best().metric(), rows.get(0).<Double>getAs("metric"));
        assertTrue(rows.get(11).<String>getAs("status").startsWith("failed: IllegalArgumentException: rate too high"));
    }

    private static String withoutMillis(String csv) {
        return csv.replaceAll(",\\d+\\n", "\n");
    }
}

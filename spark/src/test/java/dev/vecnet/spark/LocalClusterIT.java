package dev.vecnet.spark;

import dev.vecnet.nn.Network;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Training with executors in JVMs of their own ({@code local-cluster[2,1,1024]}: two executors, one core each),
 * run by the {@code local-cluster} Maven profile. Spark starts the executors from {@code SPARK_HOME}, which needs
 * only a {@code RELEASE} file and a {@code jars/} folder when the class path is given: the profile points
 * {@code SPARK_HOME} at {@code target/spark-home}, which this test fills, and sets
 * {@code SPARK_SCALA_VERSION=2.13}; the executors get the test JVM's class path and flags.
 *
 * <p>The fit on separate JVMs must end with the weights of the same fit on {@code local[2]} threads: every
 * partition's worker is rebuilt from the broadcast model and seeds, wherever it runs.
 */
@EnabledIfEnvironmentVariable(named = "SPARK_SCALA_VERSION", matches = "2\\.13")
class LocalClusterIT {

    private static SparkSession session(String master) throws Exception {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("vecnet-local-cluster")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1");
        if (master.startsWith("local-cluster")) {
            Path home = Path.of(System.getenv("SPARK_HOME"));
            Files.createDirectories(home.resolve("jars"));
            Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 stand-in for local-cluster tests\n");
            builder.config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .config("spark.executor.extraJavaOptions", System.getProperty("vecnet.executor.jvmArgs", ""));
        }
        return builder.getOrCreate();
    }

    private static float[] train(String master) throws Exception {
        SparkSession spark = session(master);
        try {
            TestData data = new TestData(400, 6, 3, 2.0, 21);
            Network net = Network.builder(6).dense(12).batchNorm().relu().dropout(0.1f).dense(3).seed(4).build();
            SparkTrainer.builder().epochs(3).batchSize(16).syncEvery(5).seed(2).build()
                    .fit(net, data.frame(spark, 2), "features", "label", new OptimizerSpec("adam", 0.01f));
            return net.parameters().values().clone();
        } finally {
            spark.stop();
        }
    }

    @Test
    void executorsInTheirOwnJvmsTrainAsLocalThreadsDo() throws Exception {
        assertArrayEquals(train("local[2]"), train("local-cluster[2,1,1024]"),
                "class path has " + System.getProperty("java.class.path").split(File.pathSeparator).length + " entries");
    }
}

package dev.vecnet.spark;

import dev.vecnet.nn.Network;
import dev.vecnet.train.Evaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real standalone cluster on loopback: a {@code Master} and two {@code Worker}s (one core each) started from the
 * Spark jars of the test class path as JVMs of their own, each worker launching its executor JVM, run by the
 * {@code local-cluster} Maven profile (which sets the {@code SPARK_HOME} stand-in the workers build executor
 * commands from). One executor's JVM is killed with {@code SIGKILL} during a fit; the fit must complete with the
 * weights, and so the accuracy, of the same fit undisturbed: the lost partition's data are read from their second
 * cached copy, and its worker is rebuilt on another executor and replays its batches.
 */
@EnabledIfEnvironmentVariable(named = "SPARK_SCALA_VERSION", matches = "2\\.13")
class StandaloneClusterIT {
    private static final List<Process> DAEMONS = new ArrayList<>();
    private static String masterUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        Path home = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 stand-in for standalone-cluster tests\n");
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        DAEMONS.add(daemon(home, "master", "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"));
        awaitPort(port);
        for (int w = 0; w < 2; w++) {
            Path work = Files.createDirectories(home.resolve("work-" + w));
            DAEMONS.add(daemon(home, "worker-" + w, "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1024M", "--webui-port", "0",
                    "--work-dir", work.toString(), masterUrl));
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : DAEMONS) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process daemon(Path home, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(Arrays.asList(jvmArgs().split("\\s+")));
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        command.removeIf(String::isEmpty);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        return builder.start();
    }

    private static String jvmArgs() {
        return System.getProperty("vecnet.executor.jvmArgs", "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the master did not open port " + port);
    }

    private static SparkSession session(String master) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("vecnet-standalone")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1");
        if (master.startsWith("spark://")) {
            builder.config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .config("spark.executor.extraJavaOptions", jvmArgs())
                    .config("spark.executor.memory", "512m")
                    .config("spark.executor.cores", "1")
                    .config("spark.cores.max", "2");
        }
        return builder.getOrCreate();
    }

    /** Waits until {@code count} executors have registered with the driver. */
    private static void awaitExecutors(SparkSession spark, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (spark.sparkContext().getExecutorMemoryStatus().size() < count + 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executors did not register: "
                        + spark.sparkContext().getExecutorMemoryStatus().keys());
            }
            Thread.sleep(200);
        }
    }

    private static final TestData DATA = new TestData(400, 6, 3, 2.0, 21);

    /** The fit; with {@code killAtRound > 0} the first worker's executor JVM is killed after that round. */
    private static float[] train(SparkSession spark, int killAtRound) {
        Network net = Network.builder(6).dense(12).batchNorm().relu().dropout(0.1f).dense(3).seed(4).build();
        SparkTrainer.builder().epochs(3).batchSize(16).syncEvery(5).seed(2).listener((round, loss) -> {
            if (round == killAtRound) {
                DAEMONS.get(1).descendants().forEach(ProcessHandle::destroyForcibly);
            }
            return true;
        }).build().fit(net, DATA.frame(spark, 2), "features", "label", new OptimizerSpec("adam", 0.01f));
        return net.parameters().values().clone();
    }

    private static double accuracy(float[] parameters) {
        Network net = Network.builder(6).dense(12).batchNorm().relu().dropout(0.1f).dense(3).seed(4).build();
        System.arraycopy(parameters, 0, net.parameters().values(), 0, parameters.length);
        net.parametersChanged();
        Evaluator evaluator = new Evaluator(net, DATA.dataset(3));
        evaluator.evaluate();
        return evaluator.accuracy();
    }

    @Test
    void killingAnExecutorMidFitEndsWithTheUndisturbedWeights() throws Exception {
        float[] undisturbed;
        SparkSession local = SparkSession.builder().master("local[2]").appName("vecnet-standalone-reference")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            undisturbed = train(local, -1);
        } finally {
            local.stop();
        }
        SparkSession spark = session(masterUrl);
        AtomicInteger removed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
                removed.incrementAndGet();
            }
        });
        try {
            awaitExecutors(spark, 2);
            float[] disturbed = train(spark, 3);
            assertTrue(removed.get() >= 1, "no executor was lost; the daemons' logs are in " + System.getenv("SPARK_HOME"));
            assertEquals(accuracy(undisturbed), accuracy(disturbed));
            assertArrayEquals(undisturbed, disturbed,
                    "class path has " + System.getProperty("java.class.path").split(File.pathSeparator).length + " entries");
        } finally {
            spark.stop();
        }
    }
}

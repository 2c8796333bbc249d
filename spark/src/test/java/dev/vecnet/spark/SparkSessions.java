package dev.vecnet.spark;

import org.apache.spark.sql.SparkSession;

/** The one local session a test class shares: two threads, each task allowed a second attempt. */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession start() {
        return SparkSession.builder()
                .master("local[2,2]")
                .appName("vecnet-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}

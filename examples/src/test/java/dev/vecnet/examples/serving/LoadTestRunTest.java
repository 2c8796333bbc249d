package dev.vecnet.examples.serving;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small bounded run of the load test against an in-process service: at 1, 2 and 8 clients every request
 * is answered, every good answer equals the single-threaded prediction bit for bit, and every malformed,
 * oversized or non-finite request interleaved with them gets its 4xx. Asserts correctness, not speed.
 */
class LoadTestRunTest {

    @Test
    void everyAnswerIsExactAndEveryRefusalIsRight() throws Exception {
        int requests = 120;
        int badEvery = 4;
        LoadTestOptions options = new LoadTestOptions(null, null, List.of(1, 2, 8), requests, Duration.ofSeconds(60),
                List.of(1, 1, 1, 16), badEvery, 2, 16, 1 << 18, Duration.ofMillis(200), 3);
        LoadTestReport report = LoadTest.run(options);

        assertEquals(3, report.levels().size());
        for (LevelResult level : report.levels()) {
            assertEquals(0, level.failures(), level.problems().toString());
            assertEquals(0, level.wrong(), level.problems().toString());
            // Bounded by count, not cut by the time limit: every request was sent and checked.
            assertEquals(requests, level.good() + level.bad(), "clients " + level.clients());
            assertEquals(requests / badEvery, level.bad());
            assertTrue(level.latency().count() == level.good() && level.latency().p50Us() > 0, level.latency().toString());
        }
        // The 30 refusals per level cycle through all 10 kinds, so each kind ran at every level.
        assertTrue(report.serverMetrics().contains("\"refused\":" + 3 * requests / badEvery), report.serverMetrics());
        assertTrue(report.allCorrect());
    }

    @Test
    void theMainsOptionsParse() {
        LoadTestOptions o = LoadTest.parse(new String[] {"--clients", "1, 4", "--requests", "50", "--mix", "1,8",
                "--bad-every", "0", "--seconds", "2.5"});
        assertEquals(List.of(1, 4), o.clients());
        assertEquals(50, o.requests());
        assertEquals(List.of(1, 8), o.sizeMix());
        assertEquals(0, o.badEvery());
        assertEquals(Duration.ofMillis(2500), o.timeLimit());
    }
}

package dev.vecnet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a piece of work allocates, for the failure message of an allocation test: runs it under a
 * Flight Recorder recording of TLAB and outside-TLAB allocations and names the most frequent call
 * sites. Used only after a test has already seen allocation, so the recording cannot hide it.
 */
public final class AllocationSites {
    private static final List<String> EVENTS =
            List.of("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB");
    private static final int FRAMES = 6;

    private AllocationSites() {
    }

    /** Runs {@code work} {@code calls} times while recording; returns the top sites, one per line. */
    public static String of(Runnable work, int calls) {
        try (Recording recording = new Recording()) {
            for (String event : EVENTS) {
                recording.enable(event).withStackTrace();
            }
            recording.start();
            for (int i = 0; i < calls; i++) {
                work.run();
            }
            recording.stop();
            Path file = Files.createTempFile("allocation-sites", ".jfr");
            try {
                recording.dump(file);
                return summarise(RecordingFile.readAllEvents(file));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            return "(allocation sites unavailable: " + e + ")";
        }
    }

    private static String summarise(List<RecordedEvent> events) {
        Map<String, Integer> counts = new HashMap<>();
        for (RecordedEvent event : events) {
            if (event.getStackTrace() == null || event.getThread() == null) {
                continue;
            }
            String site = event.getStackTrace().getFrames().stream().limit(FRAMES)
                    .map(AllocationSites::frame).collect(Collectors.joining(" <- "));
            counts.merge(event.getClass("objectClass").getName() + " at " + site, 1, Integer::sum);
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
                .map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining("\n", "allocation sites:\n", ""));
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber()
                + (f.getType() == null ? "" : "[" + f.getType() + "]");
    }
}

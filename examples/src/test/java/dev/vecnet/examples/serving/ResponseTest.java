package dev.vecnet.examples.serving;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever an endpoint throws becomes an answer, except a failed connection and a failing virtual machine. */
class ResponseTest {
    @Test
    void everyThrowableButAVirtualMachineErrorIsAnswered() throws IOException {
        List<Throwable> failures = List.of(new AssertionError("a parser's assertion"), new IllegalStateException("bug"),
                new NullPointerException(), new ExceptionInInitializerError("static"), new Error("an error"));
        for (Throwable failure : failures) {
            Response response = Response.of("POST /test", () -> {
                throw sneaky(failure);
            });
            assertEquals(500, response.status(), failure.toString());
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("internal error: " + failure.getClass().getSimpleName()), body);
        }
        Response refused = Response.of("POST /test", () -> {
            throw new RequestException(413, "too many rows");
        });
        assertEquals(413, refused.status());
    }

    @Test
    void aFailedConnectionAndAFailingVirtualMachineAreNotAnswered() {
        IOException lost = new InterruptedIOException("deadline");
        assertSame(lost, assertThrows(IOException.class, () -> Response.of("POST /test", () -> {
            throw lost;
        })));
        OutOfMemoryError oom = new OutOfMemoryError("heap");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Response.of("POST /test", () -> {
            throw sneaky(oom);
        })));
    }

    /** {@code failure} thrown where the compiler sees only the declared exceptions. */
    private static RuntimeException sneaky(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) failure;
    }
}

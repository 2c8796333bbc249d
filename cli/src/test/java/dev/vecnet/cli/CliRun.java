package dev.vecnet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line in-process with captured, non-interactive output. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new Output(new PrintWriter(out, true), new PrintWriter(err, true), false), args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Both streams, for assertion messages. */
    String all() {
        return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}

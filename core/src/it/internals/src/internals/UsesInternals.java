package internals;

import dev.vecnet.nn.Network;

/**
 * Reaches past vecnet's API: a package-private class of the model file format and one of the training loop.
 * Compiling this against the jar must fail on both errors, on the class path and on the module path; the
 * public {@code Network} beside them shows that the jar itself was found.
 */
public final class UsesInternals {
    private UsesInternals() {
    }

    public static void main(String[] args) throws Exception {
        Network net = Network.builder(2).dense(1).build();
        Object parsed = dev.vecnet.format.JsonParser.parse("{}", 2);
        Object guard = new dev.vecnet.train.StepGuard(null);
        System.out.println(net + " " + parsed + " " + guard);
    }
}

/** A consumer on the module path that tries to use vecnet's internals: it must not compile. */
module internals {
    requires dev.vecnet;
}

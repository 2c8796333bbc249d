/** A consumer on the module path: vecnet is resolved as the module dev.vecnet. */
module consumer {
    requires dev.vecnet;
}

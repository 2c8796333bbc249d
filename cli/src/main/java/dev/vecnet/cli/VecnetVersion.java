package dev.vecnet.cli;

import dev.vecnet.format.ModelFile;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code vecnet --version} prints: "vecnet" and the library version, which is read from the build at
 * run time (an annotation attribute would need a compile-time constant).
 */
final class VecnetVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"vecnet " + ModelFile.LIBRARY_VERSION};
    }
}

package io.visutility.cli;

import picocli.CommandLine;

/** Prints the version from the jar's manifest. */
final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionInfo.class.getPackage().getImplementationVersion();
        return new String[] {"visutility " + (v == null ? "development build" : v) + " (Java "
                + Runtime.version() + ")"};
    }
}

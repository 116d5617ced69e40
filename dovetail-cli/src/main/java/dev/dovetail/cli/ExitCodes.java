package dev.dovetail.cli;

/** The exit codes every command and the launcher share (docs/cli.md). */
final class ExitCodes {
    /** Done; the workspace is valid (warnings allowed) or every fixture passed. */
    static final int OK = 0;
    /** The workspace has errors, or a fixture failed. */
    static final int FAILED = 1;
    /** The command line or the environment is wrong: unknown option, missing folder, no master key. */
    static final int USAGE = 2;
    /** A bug in Dovetail: an unexpected exception (printed with its stack trace). */
    static final int INTERNAL = 3;

    private ExitCodes() {}
}

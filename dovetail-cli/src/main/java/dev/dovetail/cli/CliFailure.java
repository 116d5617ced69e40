package dev.dovetail.cli;

/**
 * A command could not do what was asked for a reason the user can fix (a missing master key, a
 * workspace without a secret store). Printed as one message, without a stack trace.
 */
final class CliFailure extends RuntimeException {
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}

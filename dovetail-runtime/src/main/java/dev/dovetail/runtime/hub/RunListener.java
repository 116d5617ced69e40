package dev.dovetail.runtime.hub;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Told about every flow run, after the run and before its outcome is recorded: for traces, metrics and
 * synchronous replies. Called on the dispatch thread; must be quick and must not throw (a listener that
 * throws is logged and skipped).
 */
@FunctionalInterface
public interface RunListener {

    void onRun(RunReport report);

    static RunListener none() {
        return report -> {
        };
    }

    /** All of these, in order; one that throws does not stop the others. */
    static RunListener all(List<RunListener> listeners) {
        var copy = List.copyOf(listeners);
        return report -> {
            for (RunListener listener : copy) {
                try {
                    listener.onRun(report);
                } catch (RuntimeException e) {
                    System.getLogger(RunListener.class.getName()).log(Level.WARNING, "A run listener failed", e);
                }
            }
        };
    }
}

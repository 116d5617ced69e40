package dev.dovetail.server.workspace;

import dev.dovetail.server.DovetailProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Loads the workspace once before the web server opens (a lower phase than the web server), then
 * keeps it current with the {@link WorkspaceWatcher}.
 */
final class WorkspaceLifecycle implements SmartLifecycle {
    private final LiveWorkspace live;
    private final DovetailProperties.Reload settings;
    private volatile WorkspaceWatcher watcher;
    private volatile boolean running;

    WorkspaceLifecycle(LiveWorkspace live, DovetailProperties.Reload settings) {
        this.live = live;
        this.settings = settings;
    }

    @Override
    public void start() {
        running = true;
        live.reload();
        live.root().ifPresent(root -> {
            watcher = new WorkspaceWatcher(root, live::reload, settings.debounce(), settings.pollInterval());
            watcher.start(settings.mode());
        });
    }

    @Override
    public void stop() {
        running = false;
        var current = watcher;
        watcher = null;
        if (current != null) current.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}

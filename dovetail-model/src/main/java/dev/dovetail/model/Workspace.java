package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete, validated workspace: everything an integration engineer described in one folder.
 * Only {@link WorkspaceLoader} makes one, and only when the whole folder is valid.
 *
 * @param version a hash of every file's content, so two loads of the same files have the same version
 */
public record Workspace(
        Path root,
        String version,
        Settings settings,
        Map<String, SystemDef> systems,
        Map<String, EntityDef> entities,
        Map<String, Mapping> mappings,
        Map<String, ValueMap> valueMaps,
        Map<String, FlowDef> flows,
        Map<String, SyncDef> syncs,
        Map<String, ProcessDef> processes,
        Map<String, RouteDef> routes,
        Map<String, DashboardDef> dashboards,
        List<Fixture> fixtures) {

    public Workspace {
        requireNonNull(root, "root");
        requireNonNull(version, "version");
        requireNonNull(settings, "settings");
        systems = Map.copyOf(systems);
        entities = Map.copyOf(entities);
        mappings = Map.copyOf(mappings);
        valueMaps = Map.copyOf(valueMaps);
        flows = Map.copyOf(flows);
        syncs = Map.copyOf(syncs);
        processes = Map.copyOf(processes);
        routes = Map.copyOf(routes);
        dashboards = Map.copyOf(dashboards);
        fixtures = List.copyOf(fixtures);
    }

    public Optional<Mapping> mapping(String name) {
        return Optional.ofNullable(mappings.get(name));
    }

    public Optional<SystemDef> system(String name) {
        return Optional.ofNullable(systems.get(name));
    }
}

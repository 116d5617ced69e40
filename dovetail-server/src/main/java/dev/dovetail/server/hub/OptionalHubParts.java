package dev.dovetail.server.hub;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Imports the hub's configuration classes that are built separately (polling and schedules:
 * {@code PollingConfiguration} in this package) when they are present, so the hub compiles and runs with or
 * without them. The wiring stays explicit: only the names listed here are imported.
 */
final class OptionalHubParts implements ImportSelector {
    static final List<String> PARTS = List.of("dev.dovetail.server.hub.PollingConfiguration");

    @Override
    public String[] selectImports(AnnotationMetadata importingClassMetadata) {
        var present = new ArrayList<String>();
        for (String name : PARTS) {
            if (ClassUtils.isPresent(name, OptionalHubParts.class.getClassLoader())) present.add(name);
        }
        return present.toArray(String[]::new);
    }
}

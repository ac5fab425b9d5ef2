package app.platform.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Says what in a schema change is not additive. Allowed: new optional properties, new enum values. Anything else
 * (a property removed, a type, format or pattern changed, a property made required or optional) breaks readers of
 * events already on the topics, and needs a new schema version instead.
 */
final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    static List<String> breakingChanges(JsonNode baseline, JsonNode current) {
        List<String> out = new ArrayList<>();
        compare("", baseline, current, out);
        return out;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<String> out) {
        for (String keyword : List.of("type", "format", "pattern", "const")) {
            if (!String.valueOf(before.get(keyword)).equals(String.valueOf(after.get(keyword)))) {
                out.add(path + ": '" + keyword + "' changed from " + before.get(keyword) + " to " + after.get(keyword));
            }
        }
        Set<String> enumAfter = strings(after.get("enum"));
        for (String value : strings(before.get("enum"))) {
            if (!enumAfter.contains(value)) {
                out.add(path + ": enum value " + value + " removed");
            }
        }
        Set<String> requiredBefore = strings(before.get("required"));
        Set<String> requiredAfter = strings(after.get("required"));
        for (String name : requiredAfter) {
            if (!requiredBefore.contains(name)) {
                out.add(path + "/" + name + ": became required");
            }
        }
        for (String name : requiredBefore) {
            if (!requiredAfter.contains(name)) {
                out.add(path + "/" + name + ": no longer required");
            }
        }
        JsonNode propsBefore = before.path("properties");
        JsonNode propsAfter = after.path("properties");
        for (String name : propsBefore.propertyNames()) {
            if (!propsAfter.has(name)) {
                out.add(path + "/" + name + ": property removed");
            } else {
                compare(path + "/" + name, propsBefore.get(name), propsAfter.get(name), out);
            }
        }
        if (before.has("items") && after.has("items")) {
            compare(path + "[]", before.get("items"), after.get("items"), out);
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        if (array != null) {
            array.forEach(n -> out.add(n.isString() ? n.asString() : n.toString()));
        }
        return out;
    }
}

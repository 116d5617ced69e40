package dev.dovetail.sandbox.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTableTest {

    @TempDir
    Path dir;

    @Test
    void records_written_by_one_instance_are_read_by_the_next() {
        var table = JsonTable.open(StateDir.at(dir), "things", "id");
        table.put(Map.of("id", "A", "amount", new java.math.BigDecimal("12.50")));
        table.put(Map.of("id", "B", "name", "二"));
        table.update("A", r -> {
            r.put("amount", 13);
            return r;
        });

        var reopened = JsonTable.open(StateDir.at(dir), "things", "id");
        assertThat(reopened.all()).extracting(r -> r.get("id")).containsExactly("A", "B");
        assertThat(reopened.get("A")).get().extracting(r -> r.get("amount")).isEqualTo(13);
        assertThat(reopened.get("B")).get().extracting(r -> r.get("name")).isEqualTo("二");
    }

    @Test
    void a_record_handed_out_is_a_copy() {
        var table = JsonTable.open(StateDir.at(dir), "things", "id");
        var record = new LinkedHashMap<String, Object>(Map.of("id", "A", "n", 1));
        table.put(record);
        record.put("n", 2);
        table.get("A").orElseThrow().put("n", 3);
        assertThat(table.get("A")).get().extracting(r -> r.get("n")).isEqualTo(1);
    }

    @Test
    void no_temporary_file_is_left_behind_after_a_write() {
        var state = StateDir.at(dir);
        var table = JsonTable.open(state, "things", "id");
        table.put(Map.of("id", "A"));
        assertThat(dir.resolve("things.json")).exists();
        assertThat(dir.toFile().list()).containsExactly("things.json");
    }
}

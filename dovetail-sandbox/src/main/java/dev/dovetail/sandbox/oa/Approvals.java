package dev.dovetail.sandbox.oa;

import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.JsonTable;
import dev.dovetail.sandbox.common.StateDir;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Approval instances: created RUNNING with one approver task; the approver agrees or refuses
 * (→ COMPLETED with result agree/refuse), or the originator terminates it (→ TERMINATED). Each
 * end announces a {@code bpms_instance_change} event.
 */
final class Approvals {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZONE);

    private final JsonTable instances;
    private final Clock clock;
    private final String defaultApprover;
    private final Consumer<Map<String, Object>> events;

    Approvals(StateDir state, Clock clock, String defaultApprover, Consumer<Map<String, Object>> events) {
        this.instances = JsonTable.open(state, "instances", "process_instance_id");
        this.clock = clock;
        this.defaultApprover = defaultApprover;
        this.events = events;
    }

    /** {@code processinstance/create}; returns the new id. */
    synchronized String create(Map<String, Object> body) {
        return create(body, UUID.randomUUID().toString());
    }

    synchronized String create(Map<String, Object> body, String id) {
        String processCode = requiredString(body, "process_code");
        String originator = requiredString(body, "originator_user_id");
        if (!(body.get("form_component_values") instanceof List<?> values) || values.isEmpty()) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER,
                    "缺少参数 form_component_values (a non-empty list of {name, value} is required)");
        }
        List<Map<String, Object>> form = new ArrayList<>();
        for (Object item : values) {
            if (!(item instanceof Map<?, ?> field) || !(field.get("name") instanceof String name) || name.isBlank()
                    || !(field.get("value") instanceof String value)) {
                throw OaErrors.error(OaErrors.INVALID_PARAMETER,
                        "form_component_values items must be {name: string, value: string} (tables as JSON text)");
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", name);
            f.put("value", value);
            form.add(f);
        }
        String approver = defaultApprover;
        if (body.get("approvers") instanceof List<?> approvers && !approvers.isEmpty()
                && approvers.getFirst() instanceof String first) {
            approver = first;
        } else if (body.get("approvers") instanceof String s && !s.isBlank()) {
            approver = s.split(",")[0].trim();
        }
        String now = TIME.format(clock.instant());
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("process_instance_id", id);
        instance.put("process_code", processCode);
        instance.put("title", body.get("title") instanceof String t && !t.isBlank() ? t : originator + "提交的" + processCode);
        instance.put("originator_user_id", originator);
        instance.put("originator_dept_id", body.get("dept_id") == null ? "1" : String.valueOf(body.get("dept_id")));
        instance.put("approver_userid_list", List.of(approver));
        instance.put("status", "RUNNING");
        instance.put("result", "");
        instance.put("business_id", businessId());
        instance.put("create_time", now);
        instance.put("finish_time", null);
        instance.put("form_component_values", form);
        instance.put("operation_records", new ArrayList<>(List.of(operation(originator, now, "START_PROCESS_INSTANCE", "NONE", ""))));
        instance.put("tasks", List.of(task(approver, "RUNNING", "NONE", now, null)));
        instance.put("sequence", instances.size() + 1L);
        instances.put(instance);
        return id;
    }

    synchronized Map<String, Object> get(String id) {
        return instances.get(id).map(Approvals::visible)
                .orElseThrow(() -> OaErrors.error(OaErrors.NO_SUCH_INSTANCE, "审批实例不存在 (no process instance " + id + ")"));
    }

    boolean exists(String id) {
        return instances.contains(id);
    }

    /** The approver's decision: {@code agree} or {@code refuse}. */
    synchronized Map<String, Object> decide(String id, String result, String remark) {
        if (!result.equals("agree") && !result.equals("refuse")) {
            throw new HttpProblem(400, "bad_request", "result must be agree or refuse");
        }
        Map<String, Object> instance = running(id);
        @SuppressWarnings("unchecked")
        String approver = ((List<String>) instance.get("approver_userid_list")).getFirst();
        Instant at = clock.instant();
        String now = TIME.format(at);
        String outcome = result.toUpperCase(java.util.Locale.ROOT);
        Map<String, Object> updated = instances.update(id, i -> {
            i.put("status", "COMPLETED");
            i.put("result", result);
            i.put("finish_time", now);
            appendOperation(i, operation(approver, now, "EXECUTE_TASK_NORMAL", outcome, remark));
            i.put("tasks", List.of(task(approver, "COMPLETED", outcome, (String) i.get("create_time"), now)));
            return i;
        }).orElseThrow();
        events.accept(event(updated, "finish", result, approver, at));
        return visible(updated);
    }

    /** The originator withdraws: TERMINATED, no result. */
    synchronized Map<String, Object> terminate(String id, String operator, String remark) {
        Map<String, Object> instance = running(id);
        String by = operator == null ? (String) instance.get("originator_user_id") : operator;
        Instant at = clock.instant();
        String now = TIME.format(at);
        Map<String, Object> updated = instances.update(id, i -> {
            i.put("status", "TERMINATED");
            i.put("finish_time", now);
            appendOperation(i, operation(by, now, "TERMINATE_PROCESS_INSTANCE", "NONE", remark));
            i.put("tasks", List.of(task(((List<?>) i.get("approver_userid_list")).getFirst().toString(), "CANCELED",
                    "NONE", (String) i.get("create_time"), now)));
            return i;
        }).orElseThrow();
        events.accept(event(updated, "terminate", "", by, at));
        return visible(updated);
    }

    /** Instances, newest first, optionally of one status. */
    List<Map<String, Object>> list(String status) {
        List<Map<String, Object>> all = new ArrayList<>(instances.find(i -> status == null || status.equals(i.get("status"))));
        all.sort(Comparator.comparingLong((Map<String, Object> i) -> ((Number) i.get("sequence")).longValue()).reversed());
        return all.stream().map(Approvals::visible).toList();
    }

    synchronized void clear() {
        instances.clear();
    }

    /** Overwrites the record of an instance as it is (seed data). */
    synchronized void put(Map<String, Object> instance) {
        instances.put(instance);
    }

    private Map<String, Object> running(String id) {
        Map<String, Object> instance = instances.get(id).orElseThrow(() -> HttpProblem.notFound("no process instance " + id));
        if (!"RUNNING".equals(instance.get("status"))) {
            throw new HttpProblem(409, "conflict", "process instance " + id + " is " + instance.get("status") + ", not RUNNING");
        }
        return instance;
    }

    private Map<String, Object> event(Map<String, Object> instance, String type, String result, String staff, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("EventType", Callbacks.EVENT);
        event.put("processInstanceId", instance.get("process_instance_id"));
        event.put("processCode", instance.get("process_code"));
        event.put("corpId", "dingsandbox");
        event.put("title", instance.get("title"));
        event.put("type", type);
        event.put("result", result);
        event.put("staffId", staff);
        event.put("businessId", instance.get("business_id"));
        event.put("createTime", parse((String) instance.get("create_time")));
        event.put("finishTime", at.toEpochMilli());
        return event;
    }

    private long businessId() {
        return Long.parseLong(DateTimeFormatter.ofPattern("uuuuMMddHHmm").withZone(ZONE).format(clock.instant()))
                * 100_000 + instances.size() + 1;
    }

    private static long parse(String time) {
        return java.time.LocalDateTime.parse(time, DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"))
                .atZone(ZONE).toInstant().toEpochMilli();
    }

    @SuppressWarnings("unchecked")
    private static void appendOperation(Map<String, Object> instance, Map<String, Object> operation) {
        List<Object> records = new ArrayList<>((List<Object>) instance.get("operation_records"));
        records.add(operation);
        instance.put("operation_records", records);
    }

    private static Map<String, Object> operation(String user, String date, String type, String result, String remark) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("userid", user);
        op.put("date", date);
        op.put("operation_type", type);
        op.put("operation_result", result);
        op.put("remark", remark == null ? "" : remark);
        return op;
    }

    private static Map<String, Object> task(String user, String status, String result, String created, String finished) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("userid", user);
        task.put("task_status", status);
        task.put("task_result", result);
        task.put("create_time", created);
        task.put("finish_time", finished);
        return task;
    }

    private static Map<String, Object> visible(Map<String, Object> instance) {
        Map<String, Object> copy = new LinkedHashMap<>(instance);
        copy.remove("sequence");
        return copy;
    }

    private static String requiredString(Map<String, Object> body, String field) {
        if (!(body.get(field) instanceof String s) || s.isBlank()) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER, "缺少参数 " + field + " (" + field + " is required)");
        }
        return s;
    }

    /** A stable id for seed instances. */
    static String seedId(int n) {
        return UUID.nameUUIDFromBytes(("oa-seed-" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

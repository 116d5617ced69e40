package dev.dovetail.sandbox.oa;

import dev.dovetail.sandbox.common.HttpProblem;

/**
 * DingTalk-style errors: business errors answer HTTP 200 with a non-zero {@code errcode}, as the
 * real open APIs do, so a client must check {@code errcode}, not only the status.
 */
final class OaErrors {

    static final int SYSTEM_BUSY = -1;
    static final int INVALID_PARAMETER = 40035;
    static final int INVALID_TOKEN = 40014;
    static final int EXPIRED_TOKEN = 42001;
    static final int INVALID_APP = 40089;
    static final int NO_SUCH_INSTANCE = 850001;
    static final int WRONG_STATE = 850002;

    private OaErrors() {}

    /** A business error: HTTP 200, {@code {"errcode": code, "errmsg": message}}. */
    static HttpProblem error(int errcode, String message) {
        return new HttpProblem(200, Integer.toString(errcode), message);
    }

    /** The errcode of any problem: its own when numeric, else one derived from the HTTP status. */
    static int errcode(HttpProblem problem) {
        try {
            return Integer.parseInt(problem.code());
        } catch (NumberFormatException e) {
            return switch (problem.status()) {
                case 400, 405, 413, 422 -> INVALID_PARAMETER;
                case 401, 403 -> INVALID_TOKEN;
                case 404 -> 40404;
                case 409 -> WRONG_STATE;
                default -> SYSTEM_BUSY;
            };
        }
    }
}

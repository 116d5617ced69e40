package dev.dovetail.connectors.file;

import java.util.regex.Pattern;

/**
 * Keeps spreadsheet programs from running text as a formula (CSV injection, OWASP "CSV Injection", ASVS
 * 1.2.10): a cell that starts with {@code = + - @}, a tab, a carriage return or a NUL gets a leading
 * {@code '}, which Excel and LibreOffice show as text and do not display. Plain numbers ({@code -3},
 * {@code +8613800000000}, {@code -1.5e3}) are left alone: a spreadsheet reads them as numbers, never as formulas.
 *
 * <p>Reading undoes exactly this: a leading {@code '} followed by one of those characters is dropped. A
 * cell that already started with such a {@code '} gets a second one when written, so every string comes
 * back unchanged after a write and a read.
 */
final class FormulaGuard {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private FormulaGuard() {}

    static String escape(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        if (startsWithTrigger(cell, 0) && !PLAIN_NUMBER.matcher(cell).matches()) {
            return "'" + cell;
        }
        if (cell.charAt(0) == '\'' && isEscaped(cell)) {
            return "'" + cell;
        }
        return cell;
    }

    static String unescape(String cell) {
        return isEscaped(cell) ? cell.substring(1) : cell;
    }

    /** {@code '} followed by a trigger, or by {@code '} and then (recursively) an escaped cell. */
    private static boolean isEscaped(String cell) {
        var i = 0;
        while (i < cell.length() && cell.charAt(i) == '\'') {
            i++;
        }
        return i > 0 && startsWithTrigger(cell, i) && !PLAIN_NUMBER.matcher(cell.substring(i)).matches();
    }

    private static boolean startsWithTrigger(String cell, int at) {
        if (at >= cell.length()) {
            return false;
        }
        return switch (cell.charAt(at)) {
            case '=', '+', '-', '@', '\t', '\r', '\0' -> true;
            default -> false;
        };
    }
}

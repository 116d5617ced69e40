package dev.dovetail.sandbox.crm;

/** The CRM's resources: path segment, event prefix and id format. */
enum Kind {
    ACCOUNTS("accounts", "account", "ACC-", "%d"),
    CONTACTS("contacts", "contact", "CON-", "%d"),
    OPPORTUNITIES("opportunities", "opportunity", "OPP-", "%06d"),
    PRODUCTS("products", "product", "PRD-", "%d");

    final String path;
    final String event;
    final String prefix;
    private final String numberFormat;

    Kind(String path, String event, String prefix, String numberFormat) {
        this.path = path;
        this.event = event;
        this.prefix = prefix;
        this.numberFormat = numberFormat;
    }

    String id(long number) {
        return prefix + String.format(numberFormat, number);
    }

    /** The number in an id of this kind, or -1 when the id has another shape. */
    long number(String id) {
        if (id == null || !id.startsWith(prefix)) {
            return -1;
        }
        String digits = id.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }
}

package dev.dovetail.model;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** {@code dovetail.yaml}. */
final class SettingsReader {
    record Read(Settings settings, String storeFile) {}

    private SettingsReader() {}

    static Read read(Ctx ctx, Node rootNode, LoadRun run) {
        var o = Obj.of(ctx, rootNode, "");
        if (o == null) return null;
        o.allow("name", "description", "timezone", "currency", "locale", "secrets", "mapping", "sensitiveFields");
        var name = o.name("name", true, Names.KEBAB, Names.KEBAB_RULE, "name: acme-integration");
        var description = o.text("description");

        ZoneId zone = ZoneId.of("UTC");
        var tzNode = o.scalar("timezone", false, null);
        var tz = tzNode == null ? null : o.resolve(tzNode);
        if (tz != null) {
            try {
                zone = ZoneId.of(tz.strip());
            } catch (DateTimeException e) {
                ctx.error(tzNode, "bad-timezone", "'timezone' is '" + tz + "', which is not an IANA time zone",
                        Names.suggest(tz, ZoneId.getAvailableZoneIds()).map(s -> "did you mean '" + s + "'?").orElse("e.g. Asia/Shanghai, Europe/Berlin, UTC"));
            }
        }

        Currency currency = Currency.getInstance("CNY");
        var curNode = o.scalar("currency", false, null);
        var cur = curNode == null ? null : o.resolve(curNode);
        if (cur != null) {
            try {
                if (!cur.strip().matches("[A-Z]{3}")) throw new IllegalArgumentException();
                currency = Currency.getInstance(cur.strip());
            } catch (IllegalArgumentException e) {
                var codes = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).toList();
                var upper = cur.strip().toUpperCase(Locale.ROOT);
                var hint = upper.equals("RMB") || upper.equals("YUAN") || upper.equals("¥") ? "the ISO code of the renminbi is CNY"
                        : Names.suggest(upper, codes).map(s -> "did you mean '" + s + "'?").orElse("e.g. CNY, USD, EUR");
                ctx.error(curNode, "bad-currency", "'currency' is '" + cur + "', which is not an ISO 4217 currency code", hint);
            }
        }

        Locale locale = Locale.forLanguageTag("zh-CN");
        var locNode = o.scalar("locale", false, null);
        var loc = locNode == null ? null : o.resolve(locNode);
        if (loc != null) {
            var parsed = Locale.forLanguageTag(loc.strip().replace('_', '-'));
            if (parsed.getLanguage().isEmpty()) {
                ctx.error(locNode, "bad-locale", "'locale' is '" + loc + "', which is not a language tag", "e.g. zh-CN, en-US");
            } else {
                locale = parsed;
            }
        }

        Optional<java.nio.file.Path> store = Optional.empty();
        String storeRel = null;
        var secrets = o.obj("secrets", false, null);
        if (secrets != null) {
            secrets.allow("store");
            var storeNode = secrets.scalar("store", true, "store: .dovetail/secrets.store");
            var storeText = storeNode == null ? null : secrets.resolve(storeNode);
            if (storeNode != null && storeText != null) {
                var path = run.root.resolve(storeText).normalize();
                if (!path.startsWith(run.root.normalize()) || java.nio.file.Path.of(storeText).isAbsolute()) {
                    ctx.error(storeNode, "bad-value", "'secrets.store' must be a path inside the workspace", "e.g. .dovetail/secrets.store");
                } else {
                    store = Optional.of(path);
                    storeRel = run.relative(path);
                    run.openStore(ctx, storeNode, path);
                }
            }
        }

        var limits = Settings.MappingLimits.DEFAULT;
        var mapping = o.obj("mapping", false, null);
        if (mapping != null) {
            mapping.allow("timeout", "maxDepth");
            var timeout = mapping.duration("timeout", false, null);
            var depth = mapping.integer("maxDepth", false, 1, 10_000, "maxDepth: 100");
            limits = new Settings.MappingLimits(timeout == null ? limits.timeout() : timeout, depth == null ? limits.maxDepth() : depth);
        }
        var sensitive = o.texts("sensitiveFields", false, false, "sensitiveFields: [password, idCard]");
        return new Read(new Settings(name, description, zone, currency, locale, store, limits, sensitive), storeRel);
    }
}

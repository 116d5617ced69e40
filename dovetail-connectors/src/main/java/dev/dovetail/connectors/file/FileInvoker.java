package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.OperationInvoker;
import dev.dovetail.spi.RequestBody;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Performs the operations of a file or sftp system: each call writes one file (CSV or xlsx) from the mapped
 * rows, atomically (temporary name, then rename) and, when the call has an idempotency key, once per key.
 *
 * <p>The answer ({@link DeliveryOutcome.Delivered#response()}) is {@code {"file": <path>, "rows": n, "bytes": n,
 * "alreadyWritten": false}}, with status {@link DeliveryOutcome#NO_STATUS}. A body that is not rows, a cell that
 * the charset cannot hold, a file name that would leave its folder, refused access and {@code ifExists: fail} on
 * a taken name are {@link DeliveryOutcome.Rejected}; a store that cannot be reached is {@link DeliveryOutcome.RetryLater}.
 *
 * <p>The invoker does not own the store: close the store when the system is unloaded.
 */
public final class FileInvoker implements OperationInvoker {

    private final FileSystemConfig config;
    private final FileDrop drop;
    private final Clock clock;

    public FileInvoker(FileSystemConfig config, FileStore store) {
        this(config, store, Clock.systemUTC());
    }

    public FileInvoker(FileSystemConfig config, FileStore store, Clock clock) {
        this.config = requireNonNull(config, "config");
        this.clock = requireNonNull(clock, "clock");
        this.drop = new FileDrop(requireNonNull(store, "store"), config.markerFolder(), config.markerRetention(), clock);
    }

    @Override
    public DeliveryOutcome invoke(OperationCall call) {
        requireNonNull(call, "call");
        var options = config.operations().get(call.operation());
        if (options == null) {
            return DeliveryOutcome.Rejected.because("system " + config.system() + " has no file operation " + call.operation());
        }
        Content content;
        String name;
        try {
            content = content(call, options);
            name = FileNameTemplate.fill(options.fileName(), content.nameSources(), call.idempotencyKey(), clock.instant());
        } catch (IllegalArgumentException e) {
            return DeliveryOutcome.Rejected.because(call.target() + ": " + e.getMessage());
        } catch (CharacterCodingException e) {
            return DeliveryOutcome.Rejected.because(call.target() + ": " + e.getMessage());
        }
        try {
            var dropped = drop.drop(options.folder(), name, content.bytes(), config.system() + "." + call.operation(),
                    call.idempotencyKey(), options.ifExists());
            return switch (dropped) {
                case FileDrop.Dropped.Written written -> delivered(written.path(), content, false);
                case FileDrop.Dropped.AlreadyWritten already -> delivered(already.path(), content, true);
                case FileDrop.Dropped.NameTaken taken -> DeliveryOutcome.Rejected.because(call.target() + ": "
                        + taken.path() + " already exists and ifExists is fail");
            };
        } catch (IOException | IllegalArgumentException e) {
            return FileFailures.classify(call.target() + " writing " + FileStore.join(options.folder(), name), e);
        }
    }

    private static DeliveryOutcome delivered(String path, Content content, boolean already) {
        var response = new LinkedHashMap<String, Object>();
        response.put("file", path);
        response.put("rows", content.rows());
        response.put("bytes", content.bytes().length);
        response.put("alreadyWritten", already);
        return new DeliveryOutcome.Delivered(DeliveryOutcome.NO_STATUS, response, Map.of());
    }

    private record Content(byte[] bytes, int rows, List<Map<String, ?>> nameSources) {}

    private Content content(OperationCall call, FileWriteOptions options) throws CharacterCodingException {
        var sources = new ArrayList<Map<String, ?>>();
        sources.add(call.pathParams());
        return switch (call.body()) {
            case RequestBody.None none -> throw new IllegalArgumentException("no body: a file operation writes the mapped rows");
            case RequestBody.Raw raw -> new Content(raw.bytes(), -1, sources);
            case RequestBody.Json json -> {
                var rows = Rows.of(json.value());
                sources.add(rows.context());
                if (!rows.rows().isEmpty()) {
                    sources.add(rows.rows().getFirst());
                }
                var columns = rows.columns(options.columns());
                if (columns.isEmpty()) {
                    throw new IllegalArgumentException("no columns: the rows are empty and options.columns is not set");
                }
                var cells = rows.cells(columns);
                yield new Content(render(columns, cells, options.format()), cells.size(), sources);
            }
        };
    }

    static byte[] render(List<String> columns, List<List<String>> cells, TableFormat format) throws CharacterCodingException {
        return switch (format) {
            case TableFormat.Csv csv -> {
                var text = CsvText.write(columns, cells, csv);
                if (!csv.charset().canEncode(text)) {
                    throw new Unencodable(unencodable(columns, cells, csv.charset()));
                }
                yield csv.charset().encode(text);
            }
            case TableFormat.Xlsx xlsx -> XlsxBook.write(columns, cells, xlsx);
        };
    }

    private static String unencodable(List<String> columns, List<List<String>> cells, FileCharset charset) {
        for (int c = 0; c < columns.size(); c++) {
            var bad = firstUnencodable(columns.get(c), charset);
            if (bad != null) {
                return "column name '" + columns.get(c) + "' has " + bad + ", which " + charset.label() + " cannot hold";
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                var bad = firstUnencodable(cells.get(r).get(c), charset);
                if (bad != null) {
                    return "row " + (r + 1) + ", column '" + columns.get(c) + "' has " + bad + ", which " + charset.label()
                            + " cannot hold";
                }
            }
        }
        return "the text has characters " + charset.label() + " cannot hold";
    }

    private static String firstUnencodable(String text, FileCharset charset) {
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            var codePoint = text.codePointAt(i);
            if (!charset.canEncode(Character.toString(codePoint))) {
                return "'" + Character.toString(codePoint) + "' (U+%04X)".formatted(codePoint);
            }
        }
        return null;
    }

    /** Text with a character the file's charset cannot hold. */
    static final class Unencodable extends CharacterCodingException {
        private final String message;

        Unencodable(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    @Override
    public String toString() {
        return "FileInvoker[" + config.system() + "]";
    }
}

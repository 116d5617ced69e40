package dev.dovetail.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An encrypted local file of named secrets, read and written with the JDK alone.
 *
 * <h2>Master key</h2>
 * The master key comes from the environment variable {@value #MASTER_KEY_VARIABLE}. It is either
 * <ul>
 *   <li>the Base64 text of 32 random bytes (an AES-256 key, used as is; make one with {@link #newMasterKey()}
 *       or {@code head -c 32 /dev/urandom | base64}), or</li>
 *   <li>any other text of at least 16 characters: a passphrase, stretched with PBKDF2-HMAC-SHA256
 *       ({@value #PBKDF2_ITERATIONS} iterations, a random 16-byte salt kept in the file).</li>
 * </ul>
 * A new store takes the kind of key it is created with; an existing store says in its header which kind it needs.
 *
 * <h2>File format, version 1</h2>
 * <pre>
 * bytes 0-7    "DVSECRET" (ASCII)
 * byte  8      format version = 1
 * byte  9      key kind: 0 = raw 32-byte key, 1 = PBKDF2-HMAC-SHA256 passphrase
 * bytes 10-13  PBKDF2 iterations (big-endian int; 0 for a raw key)
 * bytes 14-29  PBKDF2 salt (zeros for a raw key)
 * bytes 30-41  AES-GCM nonce (fresh and random on every write)
 * bytes 42-    AES-256-GCM ciphertext with its 128-bit tag; bytes 0-41 are the additional authenticated data
 * plaintext:   int count, then per secret (sorted by name): int length + UTF-8 name, int length + UTF-8 value
 * </pre>
 * Names and values are both encrypted. A wrong key and an altered file are both detected (GCM tag).
 *
 * <h2>Writing</h2>
 * {@link #put} and {@link #remove} rewrite the whole file: into a temporary file in the same folder
 * (owner read/write only where the file system supports POSIX permissions), flushed to disk, then renamed
 * over the old file atomically, so a reader sees the old or the new store, never half of one. The store is
 * meant for one writer at a time (the CLI); concurrent writers from several processes: the last rename wins.
 *
 * <p>Usage: {@code var store = SecretStore.open(path, System.getenv(SecretStore.MASTER_KEY_VARIABLE)); store.put("erp-db-password", "...");}
 */
public final class SecretStore {
    /** The environment variable that holds the master key. */
    public static final String MASTER_KEY_VARIABLE = "DOVETAIL_MASTER_KEY";
    /** Secret names: letters, digits, {@code . _ -}, starting with a letter or digit, at most 100 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int PBKDF2_ITERATIONS = 600_000;

    private static final byte[] MAGIC = "DVSECRET".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = 42;
    private static final int KIND_RAW = 0;
    private static final int KIND_PBKDF2 = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final SecretKeySpec key;
    private final int kind;
    private final int iterations;
    private final byte[] salt;
    private final TreeMap<String, String> secrets;

    private SecretStore(Path file, SecretKeySpec key, int kind, int iterations, byte[] salt, TreeMap<String, String> secrets) {
        this.file = file;
        this.key = key;
        this.kind = kind;
        this.iterations = iterations;
        this.salt = salt;
        this.secrets = secrets;
    }

    /**
     * Opens the store in {@code file}, or an empty one if the file does not exist yet (it is created on the first
     * {@link #put}).
     *
     * @param masterKey the master key text (see the class comment); usually {@code System.getenv("DOVETAIL_MASTER_KEY")}
     * @throws SecretStoreException when the key is missing or wrong, or the file is not a readable store
     */
    public static SecretStore open(Path file, String masterKey) {
        return open(file, masterKey, PBKDF2_ITERATIONS);
    }

    /** As {@link #open(Path, String)}; a new passphrase store uses {@code newStoreIterations} (tests use fewer). */
    static SecretStore open(Path file, String masterKey, int newStoreIterations) {
        if (masterKey == null || masterKey.isBlank()) {
            throw new SecretStoreException("no master key: set " + MASTER_KEY_VARIABLE
                    + " (the Base64 of 32 random bytes, e.g. from `head -c 32 /dev/urandom | base64`, or a passphrase of 16+ characters)");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return create(file, masterKey.strip(), newStoreIterations);
        } catch (IOException e) {
            throw new SecretStoreException("cannot read the secret store " + file + ": " + e.getMessage(), e);
        }
        return read(file, content, masterKey.strip());
    }

    /** A fresh random master key: the Base64 text of 32 random bytes. */
    public static String newMasterKey() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The secret's value, if the store has it. */
    public synchronized Optional<String> get(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    /** Adds or replaces a secret and writes the store to disk before returning. */
    public synchronized void put(String name, String value) {
        checkName(name);
        if (value == null) throw new IllegalArgumentException("a secret value cannot be null");
        var previous = secrets.put(name, value);
        try {
            write();
        } catch (RuntimeException e) {
            if (previous == null) secrets.remove(name);
            else secrets.put(name, previous);
            throw e;
        }
    }

    /** Removes a secret; true when it was there (the store is then written to disk before returning). */
    public synchronized boolean remove(String name) {
        var previous = secrets.remove(name);
        if (previous == null) return false;
        try {
            write();
        } catch (RuntimeException e) {
            secrets.put(name, previous);
            throw e;
        }
        return true;
    }

    /** The names of all secrets, sorted. */
    public synchronized SortedSet<String> names() {
        return new TreeSet<>(secrets.keySet());
    }

    public Path file() {
        return file;
    }

    /** Throws {@link IllegalArgumentException} with a readable message for a name that breaks {@link #NAME}. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad secret name '" + name
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit (at most 100 characters)");
        }
    }

    private static SecretStore create(Path file, String masterKey, int iterations) {
        var raw = rawKey(masterKey);
        if (raw != null) return new SecretStore(file, aes(raw), KIND_RAW, 0, new byte[16], new TreeMap<>());
        checkPassphrase(masterKey);
        var salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new SecretStore(file, derive(masterKey, salt, iterations), KIND_PBKDF2, iterations, salt, new TreeMap<>());
    }

    private static SecretStore read(Path file, byte[] content, String masterKey) {
        if (content.length < HEADER + 16 || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
            throw new SecretStoreException(file + " is not a Dovetail secret store");
        }
        var header = ByteBuffer.wrap(content, 0, HEADER);
        header.position(MAGIC.length);
        int version = header.get() & 0xff;
        if (version != VERSION) {
            throw new SecretStoreException(file + " is a secret store of format version " + version + "; this Dovetail reads version " + VERSION);
        }
        int kind = header.get() & 0xff;
        int iterations = header.getInt();
        var salt = new byte[16];
        header.get(salt);
        var nonce = new byte[12];
        header.get(nonce);
        SecretKeySpec key;
        if (kind == KIND_RAW) {
            var raw = rawKey(masterKey);
            if (raw == null) {
                throw new SecretStoreException(file + " was created with a raw key: " + MASTER_KEY_VARIABLE
                        + " must be the Base64 text of 32 bytes, not a passphrase");
            }
            key = aes(raw);
        } else if (kind == KIND_PBKDF2) {
            if (iterations < 1) throw new SecretStoreException(file + " has a damaged header");
            key = derive(masterKey, salt, iterations);
        } else {
            throw new SecretStoreException(file + " uses an unknown key kind " + kind);
        }
        byte[] plain;
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(content, 0, HEADER);
            plain = cipher.doFinal(content, HEADER, content.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new SecretStoreException("cannot decrypt " + file + ": wrong " + MASTER_KEY_VARIABLE + " or the file was altered");
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("cannot decrypt " + file + ": " + e.getMessage(), e);
        }
        try (var in = new DataInputStream(new java.io.ByteArrayInputStream(plain))) {
            int count = in.readInt();
            var secrets = new TreeMap<String, String>();
            for (int i = 0; i < count; i++) secrets.put(readString(in), readString(in));
            return new SecretStore(file, key, kind, iterations, salt, secrets);
        } catch (IOException e) {
            throw new SecretStoreException(file + " is damaged: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private void write() {
        try {
            var body = new ByteArrayOutputStream();
            try (var out = new DataOutputStream(body)) {
                out.writeInt(secrets.size());
                for (Map.Entry<String, String> e : secrets.entrySet()) {
                    writeString(out, e.getKey());
                    writeString(out, e.getValue());
                }
            }
            var nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            var header = ByteBuffer.allocate(HEADER);
            header.put(MAGIC).put((byte) VERSION).put((byte) kind).putInt(iterations).put(salt).put(nonce);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(header.array());
            var plain = body.toByteArray();
            var sealed = cipher.doFinal(plain);
            Arrays.fill(plain, (byte) 0);
            var all = ByteBuffer.allocate(HEADER + sealed.length).put(header.array()).put(sealed).array();
            writeAtomically(all);
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("cannot encrypt the secret store: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SecretStoreException("cannot write the secret store " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeAtomically(byte[] content) throws IOException {
        var target = file.toAbsolutePath();
        var dir = target.getParent();
        Files.createDirectories(dir);
        var temp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(RANDOM.nextLong()));
        try {
            try (var channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                restrict(temp);
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the folder's permissions apply
        }
    }

    private static byte[] rawKey(String masterKey) {
        try {
            var bytes = Base64.getDecoder().decode(masterKey);
            return bytes.length == 32 ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkPassphrase(String passphrase) {
        if (passphrase.length() < 16) {
            throw new SecretStoreException(MASTER_KEY_VARIABLE + " is neither the Base64 of 32 bytes nor a passphrase of at least 16 characters");
        }
    }

    private static SecretKeySpec aes(byte[] raw) {
        return new SecretKeySpec(raw, "AES");
    }

    private static SecretKeySpec derive(String passphrase, byte[] salt, int iterations) {
        checkPassphrase(passphrase);
        try {
            var spec = new PBEKeySpec(passphrase.toCharArray(), salt, iterations, 256);
            var bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return aes(bytes);
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("cannot derive the key: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        var bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) throw new IOException("bad entry length");
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}

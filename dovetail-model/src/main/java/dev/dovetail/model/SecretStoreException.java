package dev.dovetail.model;

/** The secret store cannot be read or written: no or wrong master key, an altered or unreadable file. The message says which. */
public final class SecretStoreException extends RuntimeException {
    public SecretStoreException(String message) {
        super(message);
    }

    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

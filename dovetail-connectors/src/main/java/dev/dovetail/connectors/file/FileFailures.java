package dev.dovetail.connectors.file;

import dev.dovetail.spi.DeliveryOutcome;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * The one place that decides whether a failed file operation may succeed later. Refused access (login,
 * host key, permissions, egress) and content that cannot be written are permanent: retrying would fail the
 * same way until someone changes the configuration. Everything else (no connection, a dropped session, a
 * full disk, a timeout) is transient.
 */
final class FileFailures {

    private FileFailures() {}

    static DeliveryOutcome classify(String what, Exception e) {
        var reason = what + ": " + describe(e);
        return isPermanent(e) ? DeliveryOutcome.Rejected.because(reason) : DeliveryOutcome.RetryLater.because(reason);
    }

    static boolean isPermanent(Exception e) {
        return switch (e) {
            case AccessRefused refused -> true;
            case AccessDeniedException denied -> true;
            case FileStore.FileTooLarge tooLarge -> true;
            case CharacterCodingException coding -> true;
            case IllegalArgumentException invalid -> true;
            case SftpException sftp -> switch (sftp.getStatus()) {
                case SftpConstants.SSH_FX_PERMISSION_DENIED, SftpConstants.SSH_FX_WRITE_PROTECT,
                     SftpConstants.SSH_FX_INVALID_FILENAME, SftpConstants.SSH_FX_OP_UNSUPPORTED -> true;
                default -> false;
            };
            default -> false;
        };
    }

    static String describe(Exception e) {
        if (e instanceof FileSystemException fs && fs.getReason() == null) {
            return e.getClass().getSimpleName() + " " + fs.getFile();
        }
        var message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}

package org.perfsim.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per mutating call (see {@link MethodAccess#audited}), on the logger {@code perfsim.audit} and, when
 * given, appended to a file: {@code TIME caller=NAME peer=ADDRESS method=SERVICE/METHOD session=ID status=CODE}.
 * The caller is a token's name or {@code anonymous}, never a token; {@code session=-} when the call names none.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("perfsim.audit");
  private final Writer file;

  private AuditLog(Writer file) {
    this.file = file;
  }

  /** Logs to {@code perfsim.audit}, and appends to {@code file} if present (created if missing, mode as the umask). */
  public static AuditLog open(Optional<Path> file) {
    if (file.isEmpty()) {
      return new AuditLog(null);
    }
    try {
      return new AuditLog(Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log " + file.get() + ": " + e.getMessage(), e);
    }
  }

  /** Records one finished (or refused) call. */
  void record(String caller, String peer, String method, String sessionId, String status) {
    String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " caller=" + caller + " peer=" + peer
        + " method=" + method + " session=" + (sessionId.isEmpty() ? "-" : sessionId) + " status=" + status;
    LOG.info(line);
    if (file != null) {
      synchronized (this) {
        try {
          file.write(line + "\n");
          file.flush();
        } catch (IOException e) {
          LOG.error("cannot append to the audit log: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.warn("cannot close the audit log: {}", e.getMessage());
      }
    }
  }
}

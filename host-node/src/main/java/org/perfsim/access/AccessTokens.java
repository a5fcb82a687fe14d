package org.perfsim.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens a server accepts, read from a tokens file: one token per line, {@code NAME ROLE TOKEN}
 * separated by blanks ({@code ROLE} is {@code viewer} or {@code operator}); blank lines and lines starting
 * with {@code #} are skipped. A token is at least {@value #MIN_TOKEN_CHARS} characters of printable ASCII
 * without blanks. Tokens are kept only as SHA-256 digests and compared in constant time; no message, log
 * line or {@link #toString()} ever contains one.
 */
public final class AccessTokens {
  /** Short enough to paste, long enough not to guess (e.g. {@code openssl rand -hex 16} gives 32). */
  public static final int MIN_TOKEN_CHARS = 16;
  /** The longest token read; a longer one is refused before it is hashed. */
  public static final int MAX_TOKEN_CHARS = 4096;

  private record Entry(String name, Role role, byte[] digest) {}

  private final List<Entry> entries;
  private final Path source;

  private AccessTokens(List<Entry> entries, Path source) {
    this.entries = List.copyOf(entries);
    this.source = source;
  }

  /** Reads {@code file}; an {@link IllegalArgumentException} names the file and line at fault, never a token. */
  public static AccessTokens load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read tokens file " + file + ": " + e.getMessage(), e);
    }
    return parse(lines, file);
  }

  static AccessTokens parse(List<String> lines, Path source) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      String[] words = line.split("\\s+");
      if (words.length != 3) {
        throw new IllegalArgumentException(where + "expected 'NAME ROLE TOKEN', got " + words.length + " words");
      }
      String name = words[0];
      if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new IllegalArgumentException(where + "name must be 1..64 of A-Z a-z 0-9 . _ @ -");
      }
      Role role = Role.byId(words[1]).orElseThrow(() -> new IllegalArgumentException(
          where + "unknown role '" + words[1] + "' (valid: viewer, operator)"));
      String token = words[2];
      if (token.length() < MIN_TOKEN_CHARS || token.length() > MAX_TOKEN_CHARS
          || !token.chars().allMatch(c -> c > 32 && c < 127)) {
        throw new IllegalArgumentException(where + "the token of '" + name + "' must be " + MIN_TOKEN_CHARS + ".."
            + MAX_TOKEN_CHARS + " printable ASCII characters");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(where + "name '" + name + "' appears twice");
      }
      byte[] digest = sha256(token);
      if (!digests.add(new String(digest, StandardCharsets.ISO_8859_1))) {
        throw new IllegalArgumentException(where + "the token of '" + name + "' is also another name's token");
      }
      entries.add(new Entry(name, role, digest));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(source + ": no tokens (lines 'NAME ROLE TOKEN')");
    }
    return new AccessTokens(entries, source);
  }

  /**
   * The caller a presented token belongs to. Every entry is compared, each in constant time over digests of
   * equal length, so neither the time taken nor an early exit tells how much of a guess was right.
   */
  public Optional<Caller> authenticate(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    Entry found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest(), digest)) {
        found = entry;
      }
    }
    return found == null ? Optional.empty() : Optional.of(new Caller(found.name(), found.role()));
  }

  /** The token from an HTTP or gRPC {@code authorization} value {@code Bearer TOKEN}; empty when it is not one. */
  public static Optional<String> bearer(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(7).strip());
  }

  /**
   * Whether every user may read the file (a tokens file should be mode 600, or 640/440 for a group such as
   * a Kubernetes Secret's fsGroup).
   */
  public static boolean readableByOthers(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      return permissions.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  public int size() {
    return entries.size();
  }

  /** Names the file and the number of tokens only. */
  @Override
  public String toString() {
    return entries.size() + " tokens from " + source;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

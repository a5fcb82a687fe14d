package org.perfsim.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who may reach a server and how: its bearer tokens (none: every caller is {@link Caller#ANONYMOUS}) and its
 * TLS files (none: plaintext). A server without tokens and without client certificates is open to anyone
 * who can connect, so it may only listen on loopback, like Redis's protected mode.
 */
public record ServerAccess(Optional<AccessTokens> tokens, Optional<TlsFiles> tls) {
  public static final ServerAccess OPEN = new ServerAccess(Optional.empty(), Optional.empty());

  /** Whether anyone who connects may do anything. */
  public boolean isOpen() {
    return tokens.isEmpty() && tls.map(t -> !t.requiresClientCertificates()).orElse(true);
  }

  /**
   * Refuses to listen on {@code bindAddress} if it is not loopback and the server is open; the message names
   * {@code bindOption} and the options that would make it safe.
   */
  public void checkBind(String bindAddress, String bindOption) {
    if (isOpen() && !isLoopback(bindAddress)) {
      throw new IllegalArgumentException(bindOption + ": refusing to listen on " + bindAddress
          + " without authentication: anyone who can reach it could provision hosts and run sessions. "
          + "Give --tokens-file FILE (or PERFSIM_TOKENS_FILE), or --tls-client-ca FILE with --tls-cert and "
          + "--tls-key; or listen on loopback (127.0.0.1, the default). See README.md, Security.");
    }
  }

  /** Whether {@code address} (a literal or a name) is a loopback address; a name that does not resolve is not. */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

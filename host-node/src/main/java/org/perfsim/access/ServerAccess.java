package org.perfsim.access;

import java.util.Optional;

/**
 * Who may reach a server and how: its bearer tokens (none: every caller is {@link Caller#ANONYMOUS}) and its
 * TLS files (none: plaintext). A server without tokens and without client certificates is open to anyone
 * who can connect, so it may only listen on loopback ({@link LoopbackOnly}).
 */
public record ServerAccess(Optional<AccessTokens> tokens, Optional<TlsFiles> tls) {
  public static final ServerAccess OPEN = new ServerAccess(Optional.empty(), Optional.empty());

  /** Whether anyone who connects may do anything. */
  public boolean isOpen() {
    return tokens.isEmpty() && tls.map(t -> !t.requiresClientCertificates()).orElse(true);
  }

  /**
   * Refuses to listen on {@code bindAddress} if it is not loopback and the server is open ({@link LoopbackOnly});
   * the message names {@code bindOption} and the options that would make it safe.
   */
  public void checkBind(String bindAddress, String bindOption) {
    checkBind(bindAddress, bindOption, "provision hosts and run sessions");
  }

  /** As above for a server where anyone could {@code risk} (a host node's /metrics: read the fleet's metrics). */
  public void checkBind(String bindAddress, String bindOption, String risk) {
    LoopbackOnly.check(bindAddress, bindOption, !isOpen(), "listen", risk,
        "Give --tokens-file FILE (or PERFSIM_TOKENS_FILE), or --tls-client-ca FILE with --tls-cert and --tls-key");
  }
}

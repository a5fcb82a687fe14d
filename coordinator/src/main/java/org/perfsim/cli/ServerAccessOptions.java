package org.perfsim.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.perfsim.access.AccessTokens;
import org.perfsim.access.ServerAccess;
import org.perfsim.access.TlsFiles;
import picocli.CommandLine.Option;

/** The access options of a verb that listens ({@code serve}, {@code host-node}): tokens and TLS files. */
final class ServerAccessOptions {
  @Option(names = "--tokens-file", paramLabel = "FILE", defaultValue = "${env:PERFSIM_TOKENS_FILE}",
      description = {"bearer tokens, one 'NAME ROLE TOKEN' per line (ROLE viewer or operator); then every call "
          + "but health needs a token, and /metrics a viewer's (default: $PERFSIM_TOKENS_FILE; none: open, "
          + "loopback only)"})
  Path tokensFile;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain: serve TLS (with --tls-key)")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (unencrypted PKCS#8) of --tls-cert")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "PEM CA certificates: clients must present a certificate signed by one")
  Path tlsClientCa;

  /** The access these options ask for; a BadChoice names the option at fault. A loose tokens file is warned about. */
  ServerAccess access(PrintStream warnings) {
    Optional<AccessTokens> tokens = Optional.empty();
    if (tokensFile != null) {
      try {
        tokens = Optional.of(AccessTokens.load(tokensFile));
      } catch (IllegalArgumentException e) {
        throw new Choices.BadChoice("--tokens-file: " + e.getMessage());
      }
      if (AccessTokens.readableByOthers(tokensFile)) {
        warnings.println("perfsim: warning: the tokens file " + tokensFile + " is readable by other users; "
            + "chmod 600 it");
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new Choices.BadChoice(tlsCert == null ? "--tls-key: needs --tls-cert" : "--tls-cert: needs --tls-key");
    }
    if (tlsClientCa != null && tlsCert == null) {
      throw new Choices.BadChoice("--tls-client-ca: needs --tls-cert and --tls-key");
    }
    Optional<TlsFiles> tls;
    try {
      tls = tlsCert == null ? Optional.empty()
          : Optional.of(new TlsFiles(tlsCert, tlsKey, Optional.ofNullable(tlsClientCa)));
      tls.ifPresent(TlsFiles::sslContext); // reads every file now: a bad one is an option error, not a late failure
    } catch (IllegalArgumentException e) {
      throw new Choices.BadChoice("--tls-cert/--tls-key: " + e.getMessage());
    }
    return new ServerAccess(tokens, tls);
  }

  /** {@code access} after refusing an open server on a non-loopback {@code bind} (a BadChoice naming {@code bindOption}). */
  static ServerAccess checkedBind(ServerAccess access, String bind, String bindOption) {
    return checkedBind(access, bind, bindOption, "provision hosts and run sessions");
  }

  /** As above for a server where anyone could {@code risk}. */
  static ServerAccess checkedBind(ServerAccess access, String bind, String bindOption, String risk) {
    try {
      access.checkBind(bind, bindOption, risk);
    } catch (IllegalArgumentException e) {
      throw new Choices.BadChoice(e.getMessage());
    }
    return access;
  }
}

package org.perfsim.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.perfsim.access.ClusterTls;
import picocli.CommandLine.Option;

/**
 * The cluster-port options of a verb that runs a fleet node ({@code serve}, {@code host-node}): mutual TLS
 * between the nodes ({@link ClusterTls}), all three files or none.
 */
final class ClusterTlsOptions {
  @Option(names = ClusterTls.CERT_OPTION, paramLabel = "FILE",
      description = "PEM certificate of this node for the cluster port's mutual TLS, signed by --cluster-tls-ca; "
          + "every node's shares a CN or DNS name (with --cluster-tls-key, --cluster-tls-ca)")
  Path cert;

  @Option(names = ClusterTls.KEY_OPTION, paramLabel = "FILE",
      description = "PEM RSA private key of --cluster-tls-cert (PKCS#1 or unencrypted PKCS#8)")
  Path key;

  @Option(names = ClusterTls.CA_OPTION, paramLabel = "FILE",
      description = "PEM root CA certificate: a node joins only with a certificate it signed")
  Path ca;

  /**
   * The cluster TLS these options ask for, after refusing a cluster port on a non-loopback {@code hostname}
   * without it; a BadChoice names the option at fault.
   */
  Optional<ClusterTls> checkedBind(String hostname, String hostnameOption) {
    Optional<ClusterTls> tls;
    try {
      tls = ClusterTls.of(cert, key, ca);
    } catch (ClusterTls.BadFile e) {
      throw new Choices.BadChoice(e.part().option() + ": " + e.getMessage());
    }
    try {
      ClusterTls.checkBind(tls, hostname, hostnameOption);
    } catch (IllegalArgumentException e) {
      throw new Choices.BadChoice(e.getMessage());
    }
    return tls;
  }
}

package org.perfsim.access;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.apache.pekko.pki.pem.DERPrivateKeyLoader;
import org.apache.pekko.pki.pem.PEMDecoder;

/**
 * Mutual TLS for the Pekko cluster port: Artery's {@code tls-tcp} transport with Pekko's
 * {@code RotatingKeysSSLEngineProvider} (pekko-remote 1.7.0 reference.conf,
 * {@code pekko.remote.artery.ssl.rotating-keys-engine}). Every node presents {@code certificate} (PEM), signed
 * directly by the root CA in {@code ca} (PEM), with {@code privateKey} (an RSA key, PKCS#1 or unencrypted
 * PKCS#8 PEM); a peer must present a certificate of the same CA, and, Pekko's own check after the handshake,
 * share a subject name (CN or DNS SAN) with this node's certificate. The constructor reads every file as
 * Pekko will, so a bad one is refused before the node starts ({@link BadFile} names which).
 */
public record ClusterTls(Path certificate, Path privateKey, Path ca) {

  /** The options that give the three files (constants, so the CLI's option annotations can name them). */
  public static final String CERT_OPTION = "--cluster-tls-cert";
  public static final String KEY_OPTION = "--cluster-tls-key";
  public static final String CA_OPTION = "--cluster-tls-ca";

  /** The three files, named as the CLI's options name them. */
  public enum Part {
    CERTIFICATE(CERT_OPTION), KEY(KEY_OPTION), CA(CA_OPTION);

    private final String option;

    Part(String option) {
      this.option = option;
    }

    /** The CLI option that gives this file. */
    public String option() {
      return option;
    }
  }

  /** A file that is missing, unreadable, or not what Pekko needs; {@link #part()} says which of the three. */
  public static final class BadFile extends IllegalArgumentException {
    private final Part part;

    BadFile(Part part, String message) {
      super(message);
      this.part = part;
    }

    public Part part() {
      return part;
    }
  }

  /** The config path of Pekko's provider settings. */
  private static final String ENGINE = "pekko.remote.artery.ssl.rotating-keys-engine.";

  /**
   * Every file is read and checked now: parsable, the key is the certificate's, the CA signed the certificate,
   * both are valid today.
   */
  public ClusterTls {
    certificate = certificate.toAbsolutePath();
    privateKey = privateKey.toAbsolutePath();
    ca = ca.toAbsolutePath();
    X509Certificate cert = certificate(Part.CERTIFICATE, certificate);
    X509Certificate root = certificate(Part.CA, ca);
    RSAPrivateCrtKey key = rsaKey(privateKey);
    if (!(cert.getPublicKey() instanceof RSAPublicKey pub) || !pub.getModulus().equals(key.getModulus())) {
      throw new BadFile(Part.KEY, privateKey + " is not the private key of the certificate " + certificate);
    }
    try {
      cert.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new BadFile(Part.CA, certificate + " is not signed by the CA in " + ca + " (Pekko trusts only "
          + "certificates the CA signed itself, no intermediate CA)");
    }
    for (Part part : List.of(Part.CERTIFICATE, Part.CA)) {
      X509Certificate c = part == Part.CA ? root : cert;
      try {
        c.checkValidity(); // an expired certificate would only show as failed handshakes, node after node
      } catch (java.security.cert.CertificateException e) {
        throw new BadFile(part, (part == Part.CA ? ca : certificate) + " is not valid now (valid "
            + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")");
      }
    }
    if (subjectNames(cert).isEmpty()) {
      throw new BadFile(Part.CERTIFICATE, certificate + " has no CN and no DNS subject alternative name: Pekko "
          + "admits a peer only if its certificate shares one with this node's");
    }
  }

  /**
   * The cluster TLS of {@code certificate}, {@code privateKey} and {@code ca} (each null when not given): all
   * three or none (empty); a {@link BadFile} names the one missing or bad.
   */
  public static Optional<ClusterTls> of(Path certificate, Path privateKey, Path ca) {
    if (certificate == null && privateKey == null && ca == null) {
      return Optional.empty();
    }
    Path[] given = {certificate, privateKey, ca};
    for (Part part : Part.values()) {
      if (given[part.ordinal()] == null) {
        throw new BadFile(part, "missing: cluster TLS needs all of " + CERT_OPTION + ", " + KEY_OPTION + " and "
            + CA_OPTION);
      }
    }
    return Optional.of(new ClusterTls(certificate, privateKey, ca));
  }

  /** {@code config} with the cluster port speaking mutual TLS with these files. */
  public Config configure(Config config) {
    return ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.transport", "tls-tcp",
        "pekko.remote.artery.ssl.ssl-engine-provider",
        "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider",
        ENGINE + "cert-file", certificate.toString(),
        ENGINE + "key-file", privateKey.toString(),
        ENGINE + "ca-cert-file", ca.toString())).withFallback(config);
  }

  /**
   * Refuses to open the cluster port on a non-loopback {@code hostname} without {@code tls} (a
   * {@link LoopbackOnly} refusal naming {@code option}).
   */
  public static void checkBind(Optional<ClusterTls> tls, String hostname, String option) {
    LoopbackOnly.check(hostname, option, tls.isPresent(), "open the cluster port",
        "join the fleet's cluster and send its actors messages",
        "Give " + CERT_OPTION + " FILE, " + KEY_OPTION + " FILE and " + CA_OPTION + " FILE (docs/DEPLOY.md, "
            + "\"Cluster TLS\")");
  }

  /**
   * The same rule on a node's Pekko config: the address Artery binds (bind.hostname, else canonical.hostname)
   * must be loopback unless the transport is {@code tls-tcp}; the refusal names the config key.
   */
  public static void checkBind(Config config) {
    String bind = config.getString("pekko.remote.artery.bind.hostname");
    String key = bind.isEmpty() ? "pekko.remote.artery.canonical.hostname" : "pekko.remote.artery.bind.hostname";
    LoopbackOnly.check(config.getString(key), key,
        config.getString("pekko.remote.artery.transport").equals("tls-tcp"), "open the cluster port",
        "join the fleet's cluster and send its actors messages",
        "Set pekko.remote.artery.transport = tls-tcp with the rotating-keys-engine (see ClusterTls)");
  }

  private static X509Certificate certificate(Part part, Path file) {
    readable(part, file);
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new BadFile(part, file + " holds no PEM certificate: " + e.getMessage());
    }
  }

  private static RSAPrivateCrtKey rsaKey(Path file) {
    readable(Part.KEY, file);
    PrivateKey key;
    try {
      key = DERPrivateKeyLoader.load(PEMDecoder.decode(Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (Exception e) { // the Scala loader may throw checked key-spec exceptions it does not declare
      throw new BadFile(Part.KEY, file + " holds no RSA private key Pekko can read (PEM, PKCS#1 'BEGIN RSA "
          + "PRIVATE KEY' or unencrypted PKCS#8 'BEGIN PRIVATE KEY'): " + e.getMessage());
    }
    if (!(key instanceof RSAPrivateCrtKey rsa)) {
      throw new BadFile(Part.KEY, file + " holds a " + key.getAlgorithm() + " key; Pekko's cluster TLS needs RSA");
    }
    return rsa;
  }

  private static void readable(Part part, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new BadFile(part, "cannot read " + file);
    }
  }

  /** The CN and DNS names of {@code cert}, the names Pekko compares between peers. */
  static List<String> subjectNames(X509Certificate cert) {
    List<String> names = new java.util.ArrayList<>();
    try {
      new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
          .filter(rdn -> rdn.getType().equalsIgnoreCase("CN")).forEach(rdn -> names.add(rdn.getValue().toString()));
      if (cert.getSubjectAlternativeNames() != null) {
        cert.getSubjectAlternativeNames().stream().filter(san -> ((Integer) san.get(0)) == 2)
            .forEach(san -> names.add(san.get(1).toString()));
      }
    } catch (InvalidNameException | java.security.cert.CertificateParsingException e) {
      throw new BadFile(Part.CERTIFICATE, "cannot read the subject names of the certificate: " + e.getMessage());
    }
    return names;
  }
}

package org.perfsim.coordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.perfsim.access.ClusterTls;

/**
 * A throw-away PKI made by the openssl CLI in a test's directory: a CA, a server certificate for
 * 127.0.0.1/localhost and a client certificate, both signed by the CA, keys as unencrypted PKCS#8 PEM.
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    Path ca = dir.resolve("ca.pem");
    Path caKey = dir.resolve("ca.key");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
        "-days", "2", "-subj", "/CN=perfsim test CA");
    Path serverExt = dir.resolve("server.ext");
    Files.writeString(serverExt, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    Path clientExt = dir.resolve("client.ext");
    Files.writeString(clientExt, "extendedKeyUsage=clientAuth\n");
    TestCertificates certificates = new TestCertificates(ca, dir.resolve("server.pem"), dir.resolve("server.key"),
        dir.resolve("client.pem"), dir.resolve("client.key"));
    signed(dir, "server", "/CN=localhost", certificates.serverCert(), certificates.serverKey(), serverExt, ca, caKey);
    signed(dir, "client", "/CN=perfsim-test-client", certificates.clientCert(), certificates.clientKey(), clientExt,
        ca, caKey);
    return certificates;
  }

  /** The name every cluster node's certificate carries: Pekko admits a peer only if they share one. */
  public static final String CLUSTER_NAME = "perfsim-fleet";

  /**
   * A cluster node's files ({@code NAME.pem}, {@code NAME.key} next to the CA): CN {@link #CLUSTER_NAME}, signed
   * by this CA, fit for both ends of a mutual TLS connection.
   */
  public ClusterTls clusterNode(String name) throws IOException, InterruptedException {
    return clusterNode(name, CLUSTER_NAME);
  }

  /** As above with {@code commonName} instead (a node that shares no name with the others). */
  public ClusterTls clusterNode(String name, String commonName) throws IOException, InterruptedException {
    Path dir = ca.getParent();
    Path ext = dir.resolve("cluster.ext");
    Files.writeString(ext, "extendedKeyUsage=serverAuth,clientAuth\n");
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    signed(dir, name, "/CN=" + commonName, cert, key, ext, ca, dir.resolve("ca.key"));
    return new ClusterTls(cert, key, ca);
  }

  private static void signed(Path dir, String name, String subject, Path cert, Path key, Path ext, Path ca, Path caKey)
      throws IOException, InterruptedException {
    Path csr = dir.resolve(name + ".csr");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
        "-subj", subject);
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
  }

  /** A JDK TLS context trusting the CA, presenting the client certificate if {@code withClientCertificate}. */
  public SSLContext clientContext(boolean withClientCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(ca)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCertificate) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      String pem = Files.readString(clientKey).replaceAll("-----[A-Z ]+-----|\\s", "");
      java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
      try (var in = Files.newInputStream(clientCert)) {
        keys.setKeyEntry("client", key, new char[0],
            new java.security.cert.Certificate[] {CertificateFactory.getInstance("X.509").generateCertificate(in)});
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }
}

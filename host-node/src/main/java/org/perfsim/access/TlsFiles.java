package org.perfsim.access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server's TLS files, all PEM: its certificate chain, its private key (unencrypted PKCS#8,
 * {@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey} writes it), and optionally the CA
 * certificates that client certificates must chain to (then a client without one is refused).
 */
public record TlsFiles(Path certificate, Path privateKey, Optional<Path> clientCa) {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** Every file exists and is readable; an {@link IllegalArgumentException} names the one that is not. */
  public TlsFiles {
    readable(certificate, "certificate");
    readable(privateKey, "private key");
    clientCa.ifPresent(ca -> readable(ca, "client CA"));
  }

  private static void readable(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read the TLS " + what + " " + file);
    }
  }

  /** Whether clients must present a certificate signed by {@link #clientCa()}. */
  public boolean requiresClientCertificates() {
    return clientCa.isPresent();
  }

  /** A JDK TLS context serving these files (the metrics endpoint's HTTPS). */
  public SSLContext sslContext() {
    try {
      Certificate[] chain = certificates(certificate).toArray(Certificate[]::new);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] none = new char[0];
      keys.setKeyEntry("server", privateKey(privateKey), none, chain);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, none);
      TrustManagerFactory trust = null;
      if (clientCa.isPresent()) {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        int i = 0;
        for (Certificate ca : certificates(clientCa.get())) {
          cas.setCertificateEntry("ca-" + i++, ca);
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(cas);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use TLS files " + certificate + ", " + privateKey + ": "
          + e.getMessage(), e);
    }
  }

  static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate in " + pem);
      }
      return certificates;
    }
  }

  static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    Matcher m = PKCS8.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new IllegalArgumentException(pem + " holds no unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); "
          + "convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }
}

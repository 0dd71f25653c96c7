package dev.understudy.engine.notify;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's own keytool: the
 * server's key, and a client context that trusts exactly that certificate.
 */
final class TestTls {
  static final char[] PASS = "changeit".toCharArray();
  final SSLContext server;
  final SSLContext client;

  TestTls(Path dir) throws Exception {
    Path ks = dir.resolve("smtp.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", ks.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("keytool failed: " + out);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, PASS);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASS);
    server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }
}

package dev.understudy.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP client against a real local SMTP server: plain, STARTTLS, AUTH PLAIN/LOGIN, refusals. */
class SmtpClientTest {
  static TestTls tls;
  SmtpServer server;

  @BeforeAll
  static void certificate(@TempDir Path dir) throws Exception {
    tls = new TestTls(dir);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.close();
  }

  SmtpClient client(boolean starttls, String user, String password, SSLSocketFactory factory) {
    return new SmtpClient(new SmtpClient.Settings("127.0.0.1", server.port(), starttls, Optional.ofNullable(user),
        Optional.ofNullable(password), Duration.ofSeconds(10)), factory);
  }

  SmtpClient client(boolean starttls, String user, String password) {
    return client(starttls, user, password, tls.client.getSocketFactory());
  }

  @Test
  void sendsOverStarttlsWithAuthPlain() throws Exception {
    server = new SmtpServer(tls.server, "PLAIN LOGIN", "s3cret-smtp-pass");
    client(true, "alerts@example.com", "s3cret-smtp-pass").send("understudy@example.com", List.of("ops@example.com", "dev@example.com"),
        "[understudy] FAILING pm2/web/up", "pm2/web/up is failing\n.a line starting with a dot\n");
    assertThat(server.mails).singleElement().satisfies(m -> {
      assertThat(m.tls()).isTrue();
      assertThat(m.user()).isEqualTo("alerts@example.com");
      assertThat(m.password()).isEqualTo("s3cret-smtp-pass");
      assertThat(m.from()).isEqualTo("understudy@example.com");
      assertThat(m.to()).containsExactly("ops@example.com", "dev@example.com");
      assertThat(m.data()).contains("Subject: [understudy] FAILING pm2/web/up\n", "Content-Type: text/plain; charset=UTF-8\n",
          "\npm2/web/up is failing\n.a line starting with a dot\n");
    });
    assertThat(server.commands).contains("STARTTLS").anyMatch(c -> c.startsWith("AUTH PLAIN "));
    // the password went only after STARTTLS
    assertThat(server.commands.indexOf("STARTTLS")).isLessThan(indexOfPrefix("AUTH"));
  }

  int indexOfPrefix(String p) {
    for (int i = 0; i < server.commands.size(); i++) if (server.commands.get(i).startsWith(p)) return i;
    return -1;
  }

  @Test
  void authLoginWhenPlainIsNotOffered() throws Exception {
    server = new SmtpServer(tls.server, "LOGIN", "pw-login-1234");
    client(true, "u", "pw-login-1234").send("a@example.com", List.of("b@example.com"), "subject", "body");
    assertThat(server.mails).singleElement().extracting(SmtpServer.Mail::password).isEqualTo("pw-login-1234");
    assertThat(server.commands).contains("AUTH LOGIN");
  }

  @Test
  void plainWithoutAuthToALocalRelay() throws Exception {
    server = new SmtpServer(null, "", null);
    client(false, null, null).send("a@example.com", List.of("b@example.com"), "Mémoire à 91 % — überlastet", "ünïcödé body\n");
    SmtpServer.Mail m = server.mails.get(0);
    assertThat(m.tls()).isFalse();
    assertThat(m.user()).isNull();
    assertThat(m.data()).contains("Subject: =?UTF-8?B?", "Content-Transfer-Encoding: base64");
    String encoded = m.data().substring(m.data().indexOf("\n\n") + 2).replace("\n", "");
    assertThat(new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("ünïcödé body\n");
  }

  @Test
  void aRefusedPasswordIsNotRetriedAndNeverShown() throws Exception {
    server = new SmtpServer(tls.server, "PLAIN", "right-password");
    assertThatThrownBy(() -> client(true, "u", "wrong-password-xyz").send("a@example.com", List.of("b@example.com"), "s", "b"))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessage("email: 127.0.0.1:" + server.port() + " refused AUTH PLAIN: 535 5.7.8 Authentication credentials invalid:"
            + " check alerts.email.username and the password in the variable alerts.email.passwordEnv names")
        .message().doesNotContain("wrong-password-xyz");
  }

  @Test
  void starttlsRequiredButNotOffered() throws Exception {
    server = new SmtpServer(null, "PLAIN", null);
    assertThatThrownBy(() -> client(true, "u", "p-12345").send("a@example.com", List.of("b@example.com"), "s", "b"))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("does not offer STARTTLS: use a port that does (587), or set alerts.email.starttls: false");
    assertThat(server.mails).isEmpty();
  }

  @Test
  void anUntrustedCertificateFailsClearly() throws Exception {
    server = new SmtpServer(tls.server, "PLAIN", null);
    assertThatThrownBy(() -> client(true, "u", "p-12345", (SSLSocketFactory) SSLSocketFactory.getDefault())
        .send("a@example.com", List.of("b@example.com"), "s", "b"))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("TLS failed (").hasMessageContaining("must be trusted by this Java and name 127.0.0.1");
    assertThat(server.commands).doesNotContain("AUTH PLAIN");
  }

  @Test
  void aBusyServerIsRetriedLater() throws Exception {
    server = new SmtpServer(null, "", null).greeting(421);
    assertThatThrownBy(() -> client(false, null, null).send("a@example.com", List.of("b@example.com"), "s", "b"))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("refused the greeting: 421 busy, try later")
        .hasMessageContaining("(a temporary refusal: trying again later)");
  }

  @Test
  void anUnreachableServerSaysWhatToCheck() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SmtpClient c = new SmtpClient(new SmtpClient.Settings("127.0.0.1", port, true, Optional.empty(), Optional.empty(), Duration.ofSeconds(5)));
    assertThatThrownBy(() -> c.send("a@example.com", List.of("b@example.com"), "s", "b"))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageStartingWith("email: 127.0.0.1:" + port + " cannot be reached (")
        .hasMessageEndingWith("): check alerts.email.host and alerts.email.port");
  }

  @Test
  void theEmailNotifierWritesSubjectAndDetails() throws Exception {
    server = new SmtpServer(null, "", null);
    Notification n = Notification.of(Notification.Kind.PROBLEM, "pm2/web/up", "pm2", "web", "failing", "ok", "FAILING pm2/web/up",
        "pm2/web/up is failing: no answer (3 times in a row)", Instant.parse("2026-11-02T10:01:30Z"),
        Optional.of(Instant.parse("2026-11-02T10:00:30Z")), "node-1");
    new EmailNotifier(client(false, null, null), "u@example.com", List.of("ops@example.com")).send(n);
    assertThat(server.mails.get(0).data()).contains("Subject: [understudy] FAILING pm2/web/up\n",
        "pm2/web/up is failing: no answer (3 times in a row)\n\ncheck:   pm2/web/up\nstatus:  failing (was ok)\n"
            + "since:   2026-11-02 10:00:30 UTC\nat:      2026-11-02 10:01:30 UTC\nhost:    node-1\nkind:    problem\n");
  }

  @Test
  void longNonAsciiSubjectsAreFoldedIntoEncodedWords() {
    String h = SmtpClient.encodeHeader("é".repeat(60));
    assertThat(h.split("\r\n ")).hasSizeGreaterThan(1).allMatch(w -> w.length() <= 75 && w.startsWith("=?UTF-8?B?"));
    assertThat(SmtpClient.encodeHeader("plain ascii")).isEqualTo("plain ascii");
  }
}

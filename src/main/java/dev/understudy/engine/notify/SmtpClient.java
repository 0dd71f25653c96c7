package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small SMTP client (RFC 5321) for alert mail: EHLO, STARTTLS (RFC 3207) with the server's
 * certificate checked against its host name, AUTH PLAIN or LOGIN (RFC 4954, 4616), one message of
 * plain UTF-8 text. No dependency: jakarta.mail would add about 1 MB for the same few commands.
 *
 * <p>It refuses to send a password over an unencrypted connection except to this machine. Errors
 * name the step, the server's answer and what to check; the password never appears in them.
 * Implicit TLS (port 465) is not spoken: use port 587 with STARTTLS.
 */
public final class SmtpClient {
  /** @param password the password itself (resolved from {@code passwordEnv} by the caller) */
  public record Settings(String host, int port, boolean starttls, Optional<String> username, Optional<String> password,
      Duration timeout) {
    public static final int DEFAULT_PORT = 587;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(timeout, "timeout");
      if (username.isPresent() != password.isPresent()) throw new IllegalArgumentException("a username needs a password, and a password a username");
    }

    @Override
    public String toString() {
      return "Settings[" + host + ":" + port + ", starttls=" + starttls + ", username=" + username.orElse("-") + "]";
    }
  }

  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

  private final Settings settings;
  private final SSLSocketFactory tls;

  public SmtpClient(Settings settings) {
    this(settings, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** @param tls makes the STARTTLS socket (tests pass one that trusts their own certificate) */
  public SmtpClient(Settings settings, SSLSocketFactory tls) {
    this.settings = settings;
    this.tls = tls;
    settings.password().ifPresent(SecretMasker::register);
  }

  public Settings settings() {
    return settings;
  }

  /** Sends one plain-text message to every address of {@code to}. */
  public void send(String from, List<String> to, String subject, String body) throws NotifyException {
    if (to.isEmpty()) throw new NotifyException("email: no recipient: add one to alerts.email.to", false);
    try (Session s = new Session()) {
      s.run(from, to, subject, body);
    } catch (SocketTimeoutException e) {
      throw fail("did not answer within " + settings.timeout().toSeconds() + " s: check alerts.email.host and port, and that the server is up", true);
    } catch (ConnectException | UnknownHostException e) {
      throw fail("cannot be reached (" + text(e) + "): check alerts.email.host and alerts.email.port", true);
    } catch (SSLException e) {
      throw fail("TLS failed (" + text(e) + "): the server's certificate must be trusted by this Java and name "
          + settings.host() + "; set alerts.email.starttls: false only for a server on this machine", false);
    } catch (IOException e) {
      throw fail("the conversation broke off (" + text(e) + "): trying again later", true);
    }
  }

  private NotifyException fail(String what, boolean retryable) {
    return new NotifyException("email: " + where() + " " + what, retryable);
  }

  private String where() {
    return settings.host() + ":" + settings.port();
  }

  private static String text(Exception e) {
    return SecretMasker.mask(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** One SMTP connection; throws {@link NotifyException} for an answer it did not want. */
  private final class Session implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private boolean encrypted;
    private final Set<String> auth = new HashSet<>();
    private boolean offersStarttls;

    void run(String from, List<String> to, String subject, String body) throws IOException, NotifyException {
      socket = new Socket();
      socket.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.timeout().toMillis());
      socket.setSoTimeout((int) settings.timeout().toMillis());
      streams();
      expect(read(), "the greeting", "check that alerts.email.host/port is an SMTP server", 220);
      ehlo();
      if (settings.starttls()) {
        if (!offersStarttls) {
          throw fail("does not offer STARTTLS: use a port that does (587), or set alerts.email.starttls: false for a server on this machine", false);
        }
        command("STARTTLS", "STARTTLS", "", 220);
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, settings.host(), settings.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        encrypted = true;
        streams();
        ehlo();
      }
      if (settings.username().isPresent()) authenticate(settings.username().get(), settings.password().orElseThrow());
      command("MAIL FROM:<" + from + ">", "MAIL FROM", "check alerts.email.from (the server may accept only its own addresses)", 250);
      for (String rcpt : to) command("RCPT TO:<" + rcpt + ">", "RCPT TO " + rcpt, "check alerts.email.to", 250, 251);
      command("DATA", "DATA", "", 354);
      write(message(from, to, subject, body) + ".\r\n");
      expect(read(), "the message", "the server refused the message", 250);
      try {
        write("QUIT\r\n");
        read();
      } catch (IOException ignored) {
        // delivered already
      }
    }

    private void ehlo() throws IOException, NotifyException {
      InetAddress local = socket.getLocalAddress();
      String literal = local instanceof java.net.Inet6Address ? "[IPv6:" + local.getHostAddress() + "]" : "[" + local.getHostAddress() + "]";
      write("EHLO " + literal + "\r\n");
      List<String> lines = read();
      expect(lines, "EHLO", "the server does not speak ESMTP", 250);
      auth.clear();
      offersStarttls = false;
      for (String l : lines) {
        String ext = l.length() > 4 ? l.substring(4).trim().toUpperCase(Locale.ROOT) : "";
        if (ext.equals("STARTTLS")) offersStarttls = true;
        if (ext.startsWith("AUTH ") || ext.startsWith("AUTH=")) {
          for (String m : ext.substring(5).trim().split("\\s+")) auth.add(m);
        }
      }
    }

    private void authenticate(String user, String password) throws IOException, NotifyException {
      if (!encrypted && !isLoopback()) {
        throw fail("would get the password unencrypted: set alerts.email.starttls: true (or send without a username)", false);
      }
      String check = "check alerts.email.username and the password in the variable alerts.email.passwordEnv names";
      if (auth.contains("PLAIN")) {
        String token = b64("\0" + user + "\0" + password);
        write("AUTH PLAIN " + token + "\r\n");
        expect(read(), "AUTH PLAIN", check, 235);
      } else if (auth.contains("LOGIN")) {
        command("AUTH LOGIN", "AUTH LOGIN", check, 334);
        write(b64(user) + "\r\n");
        expect(read(), "AUTH LOGIN (username)", check, 334);
        write(b64(password) + "\r\n");
        expect(read(), "AUTH LOGIN", check, 235);
      } else {
        throw fail("offers no login we speak (PLAIN or LOGIN)" + (auth.isEmpty() ? ", or none at all" : ": it offers " + auth)
            + (encrypted ? "" : "; many servers offer them only after STARTTLS") + ": check alerts.email", false);
      }
    }

    private boolean isLoopback() {
      return socket.getInetAddress() != null && socket.getInetAddress().isLoopbackAddress();
    }

    private void command(String line, String step, String fix, int... ok) throws IOException, NotifyException {
      write(line + "\r\n");
      expect(read(), step, fix, ok);
    }

    private void expect(List<String> reply, String step, String fix, int... ok) throws NotifyException {
      String last = reply.get(reply.size() - 1);
      int code;
      try {
        code = Integer.parseInt(last.substring(0, 3));
      } catch (RuntimeException e) {
        throw fail("answered " + step + " with '" + SecretMasker.mask(last) + "', which is not SMTP: check alerts.email.port", false);
      }
      for (int c : ok) if (c == code) return;
      String answer = SecretMasker.mask(String.join(" ", reply.stream().map(l -> l.length() > 4 ? l.substring(4) : l).toList()));
      boolean transient_ = code >= 400 && code < 500;
      throw fail("refused " + step + ": " + code + " " + answer + (fix.isEmpty() ? "" : ": " + fix)
          + (transient_ ? " (a temporary refusal: trying again later)" : ""), transient_);
    }

    private List<String> read() throws IOException {
      List<String> lines = new ArrayList<>();
      String line;
      do {
        line = in.readLine();
        if (line == null) throw new EOFException("the server closed the connection");
        lines.add(line);
      } while (line.length() > 3 && line.charAt(3) == '-');
      return lines;
    }

    private void write(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    private void streams() throws IOException {
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
    }

    @Override
    public void close() {
      try {
        if (socket != null) socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** The message, headers and body, with CRLF line ends and dot-stuffing; ends with CRLF. */
  static String message(String from, List<String> to, String subject, String body) {
    StringBuilder m = new StringBuilder();
    m.append("Date: ").append(DATE.format(ZonedDateTime.now())).append("\r\n");
    m.append("From: ").append(from).append("\r\n");
    m.append("To: ").append(String.join(",\r\n ", to)).append("\r\n");
    m.append("Subject: ").append(encodeHeader(subject.replaceAll("[\\r\\n]+", " "))).append("\r\n");
    m.append("Message-ID: <").append(UUID.randomUUID()).append("@understudy>\r\n");
    m.append("MIME-Version: 1.0\r\n");
    m.append("Content-Type: text/plain; charset=UTF-8\r\n");
    String text = body.replace("\r\n", "\n").replace('\r', '\n');
    boolean plain = text.chars().allMatch(c -> c < 128) && text.lines().allMatch(l -> l.length() <= 998);
    if (plain) {
      m.append("Content-Transfer-Encoding: 7bit\r\n\r\n");
      for (String line : text.split("\n", -1)) m.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
    } else {
      m.append("Content-Transfer-Encoding: base64\r\n\r\n");
      m.append(Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))).append("\r\n");
    }
    return m.toString();
  }

  /** ASCII as is; anything else as RFC 2047 encoded words of at most 75 characters, folded. */
  static String encodeHeader(String s) {
    if (s.chars().allMatch(c -> c >= 32 && c < 127)) return s;
    List<String> words = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String c = new String(Character.toChars(cp));
      if ((chunk + c).getBytes(StandardCharsets.UTF_8).length > 45) {
        words.add(chunk.toString());
        chunk.setLength(0);
      }
      chunk.append(c);
      i += Character.charCount(cp);
    }
    if (chunk.length() > 0) words.add(chunk.toString());
    return String.join("\r\n ", words.stream().map(w -> "=?UTF-8?B?" + b64(w) + "?=").toList());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}

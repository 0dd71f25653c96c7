package dev.understudy.engine.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal real SMTP server for tests, on a loopback port: EHLO, STARTTLS (with the given TLS
 * context), AUTH PLAIN and LOGIN, MAIL, RCPT, DATA (dot-stuffing undone), QUIT. Records each
 * message and the credentials it was sent with.
 */
public final class SmtpServer implements AutoCloseable {
  public record Mail(String from, List<String> to, String data, String user, String password, boolean tls) {}

  public final List<Mail> mails = new CopyOnWriteArrayList<>();
  /** Every command line received (AUTH payloads included), for protocol assertions. */
  final List<String> commands = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final SSLContext tls;
  private final String authMechanisms;
  private final String password;
  private volatile int greeting = 220;

  /**
   * @param tls offers STARTTLS when not null
   * @param authMechanisms e.g. "PLAIN LOGIN", or "" for no AUTH
   * @param password the only password accepted, or null for any
   */
  public SmtpServer(SSLContext tls, String authMechanisms, String password) throws IOException {
    this.tls = tls;
    this.authMechanisms = authMechanisms;
    this.password = password;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "test-smtp");
    t.setDaemon(true);
    t.start();
  }

  /** Answer every connection with this code (421: busy, try later). */
  SmtpServer greeting(int code) {
    this.greeting = code;
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        converse(s);
      } catch (IOException e) {
        // next connection
      }
    }
  }

  private void converse(Socket socket) throws IOException {
    Socket s = socket;
    BufferedReader in = reader(s);
    OutputStream out = s.getOutputStream();
    if (greeting != 220) {
      send(out, greeting + " busy, try later");
      return;
    }
    send(out, "220 test-smtp ready");
    boolean secure = false;
    String user = null, pass = null, from = null;
    List<String> to = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      commands.add(line);
      String upper = line.toUpperCase();
      if (upper.startsWith("EHLO")) {
        List<String> ext = new ArrayList<>(List.of("test-smtp"));
        if (tls != null && !secure) ext.add("STARTTLS");
        if (!authMechanisms.isEmpty()) ext.add("AUTH " + authMechanisms);
        ext.add("8BITMIME");
        for (int i = 0; i < ext.size(); i++) send(out, "250" + (i == ext.size() - 1 ? " " : "-") + ext.get(i));
      } else if (upper.equals("STARTTLS") && tls != null && !secure) {
        send(out, "220 go ahead");
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        s = ssl;
        in = reader(s);
        out = s.getOutputStream();
        secure = true;
      } else if (upper.startsWith("AUTH PLAIN ")) {
        String[] parts = decode(line.substring(11)).split("\0", -1);
        user = parts[1];
        pass = parts[2];
        send(out, accept(pass) ? "235 2.7.0 ok" : "535 5.7.8 Authentication credentials invalid");
      } else if (upper.equals("AUTH LOGIN")) {
        send(out, "334 VXNlcm5hbWU6");
        user = decode(in.readLine());
        send(out, "334 UGFzc3dvcmQ6");
        pass = decode(in.readLine());
        send(out, accept(pass) ? "235 2.7.0 ok" : "535 5.7.8 Authentication credentials invalid");
      } else if (upper.startsWith("MAIL FROM:")) {
        from = line.substring(10).replaceAll("[<>]", "");
        to.clear();
        send(out, "250 ok");
      } else if (upper.startsWith("RCPT TO:")) {
        to.add(line.substring(8).replaceAll("[<>]", ""));
        send(out, "250 ok");
      } else if (upper.equals("DATA")) {
        send(out, "354 end with .");
        StringBuilder data = new StringBuilder();
        String d;
        while ((d = in.readLine()) != null && !d.equals(".")) data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
        mails.add(new Mail(from, List.copyOf(to), data.toString(), user, pass, secure));
        send(out, "250 queued");
      } else if (upper.equals("QUIT")) {
        send(out, "221 bye");
        return;
      } else if (upper.equals("RSET") || upper.equals("NOOP")) {
        send(out, "250 ok");
      } else {
        send(out, "502 not implemented");
      }
    }
  }

  private boolean accept(String p) {
    return password == null || password.equals(p);
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8);
  }

  private static BufferedReader reader(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

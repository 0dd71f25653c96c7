package dev.understudy.engine.supervise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The side channel from the Node wrapper: a Unix domain socket the supervisor listens on. A child
 * finds it in {@code UNDERSTUDY_READY_SOCKET} and proves who it is with the one-time
 * {@code UNDERSTUDY_READY_TOKEN}. Lines, UTF-8:
 *
 * <pre>
 * wrapper → supervisor   hello &lt;token&gt; fork|cluster|spare &lt;instances&gt;
 *                        ready                      (the app, or every cluster worker, is ready)
 *                        reloaded | reload-failed &lt;reason&gt;
 * supervisor → wrapper   reload                     (cluster mode: rolling reload of the workers)
 *                        shutdown                   (stopWithMessage: the app, or every worker, gets
 *                                                    process.on('message') with 'shutdown')
 *                        go                         (a warm spare: run the app now; it is a fork-mode
 *                                                    wrapper from then on)
 * </pre>
 *
 * The wrapper reconnects when the connection drops (a daemon crash: the next daemon adopts the
 * process and registers its token again) and repeats {@code ready} on every connection. A warm
 * spare does not reconnect: the end of its connection ends it. {@link #close} ends every connection,
 * as the daemon's exit does.
 */
final class ReadyChannel implements AutoCloseable {
  /** The supervisor's side of one child. */
  interface Party {
    void hello(Conn conn, String mode, int instances);

    void line(String line);
  }

  /** One connected child. */
  static final class Conn {
    private final SocketChannel ch;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    synchronized boolean send(String line) {
      try {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) ch.write(b);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }

  static final java.time.Duration UNKNOWN_TOKEN_WAIT = java.time.Duration.ofSeconds(5);
  private final Path socket;
  private final ServerSocketChannel server;
  private final Map<String, Party> parties = new ConcurrentHashMap<>();
  private final java.util.Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ReadyChannel(Path socket) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread t = new Thread(this::accept, "understudy-ready-accept");
    t.setDaemon(true);
    t.start();
  }

  Path socket() {
    return socket;
  }

  void expect(String token, Party party) {
    parties.put(token, party);
  }

  void forget(String token) {
    parties.remove(token);
  }

  private void accept() {
    while (!closed) {
      try {
        SocketChannel ch = server.accept();
        Thread r = new Thread(() -> serve(ch), "understudy-ready-conn");
        r.setDaemon(true);
        r.start();
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  /**
   * The party of a token; a child may say hello before its supervisor has registered it (the start
   * returns after the exec), or reconnect to a new daemon before it adopted the child: wait a little.
   */
  private Party partyOf(String token) {
    long deadline = System.nanoTime() + UNKNOWN_TOKEN_WAIT.toNanos();
    for (Party p = parties.get(token); !closed; p = parties.get(token)) {
      if (p != null || System.nanoTime() > deadline) return p;
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private void serve(SocketChannel ch) {
    open.add(ch);
    if (closed) open.remove(ch);
    try (ch; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))) {
      String first = in.readLine();
      if (first == null) return;
      String[] f = first.split(" ");
      if (f.length < 2 || !f[0].equals("hello")) return;
      Party party = partyOf(f[1]);
      if (party == null) return;
      Conn conn = new Conn(ch);
      int instances = 1;
      try {
        if (f.length > 3) instances = Integer.parseInt(f[3]);
      } catch (NumberFormatException ignored) {
        instances = 1;
      }
      party.hello(conn, f.length > 2 ? f[2] : "fork", instances);
      for (String line = in.readLine(); line != null; line = in.readLine()) party.line(line);
    } catch (IOException ignored) {
      // the child went away
    } finally {
      open.remove(ch);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // closing anyway
    }
    for (SocketChannel ch : open) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    open.clear();
  }
}

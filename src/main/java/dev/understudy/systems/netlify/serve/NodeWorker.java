package dev.understudy.systems.netlify.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One Node process of the pool and its socket. Calls are written by the callers' threads (writes are
 * combined: a caller that finds a write under way leaves its frame for that writer to send with its
 * own); answers are read and handed to their sinks by one reader thread.
 */
final class NodeWorker {
  private static final Logger log = LoggerFactory.getLogger(NodeWorker.class);
  private static final int READ_BUFFER = 256 * 1024;

  enum State { STARTING, READY, DRAINING, DEAD }

  /** What the pool hears from a worker. */
  interface Events {
    void ready(NodeWorker w);

    void died(NodeWorker w, String why);

    void recycle(NodeWorker w, String why);

    void idle(NodeWorker w);
  }

  /** A call in flight; {@link #finish} decides once who answers it (the reader or the timer). */
  static final class Pending extends AtomicBoolean {
    final int id;
    final Invocation call;
    final ResponseSink sink;
    final long startNanos;
    final long deadlineNanos;
    final long timeoutMillis;
    volatile boolean streaming;

    Pending(int id, Invocation call, ResponseSink sink, long timeoutMillis) {
      this.id = id;
      this.call = call;
      this.sink = sink;
      this.timeoutMillis = timeoutMillis;
      this.startNanos = System.nanoTime();
      this.deadlineNanos = startNanos + timeoutMillis * 1_000_000L;
    }

    boolean finish() {
      return compareAndSet(false, true);
    }

    String function() {
      return call.function().name();
    }
  }

  final int number;
  private final Events events;
  private final FunctionLogSink logs;
  private final Path socketPath;
  private final ServerSocketChannel server;
  private final Process process;
  private volatile SocketChannel channel;
  private volatile State state = State.STARTING;
  private final Map<Integer, Pending> inflight = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final ArrayDeque<String> lastOutput = new ArrayDeque<>();
  private volatile String exitNote;
  private volatile Runnable onPong;
  final long startedNanos = System.nanoTime();
  volatile long readyNanos;

  private final Object writeLock = new Object();
  private ByteBuffer pendingOut = ByteBuffer.allocate(64 * 1024);
  private ByteBuffer spareOut = ByteBuffer.allocate(64 * 1024);
  private boolean flushing;

  private static final ThreadLocal<Frames.Writer> WRITERS = ThreadLocal.withInitial(Frames.Writer::new);

  NodeWorker(int number, List<String> command, Map<String, String> env, Path workingDir, Path runtimeDir,
      Events events, FunctionLogSink logs) throws IOException {
    this.number = number;
    this.events = events;
    this.logs = logs;
    this.socketPath = runtimeDir.resolve("w" + number + "-" + ProcessHandle.current().pid() + ".sock");
    Files.deleteIfExists(socketPath);
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socketPath));
    List<String> argv = new ArrayList<>(command);
    argv.add(socketPath.toString());
    argv.add(Integer.toString(number));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDir.toFile()).redirectErrorStream(true);
    Map<String, String> childEnv = pb.environment();
    childEnv.clear();
    childEnv.putAll(env);
    this.process = startOrUnbind(pb);
    Process p = process;
    Thread reader = new Thread(this::readLoop, "understudy-functions-worker-" + number);
    reader.setDaemon(true);
    reader.start();
    Thread output = new Thread(this::outputLoop, "understudy-functions-output-" + number);
    output.setDaemon(true);
    output.start();
    p.onExit().thenRun(this::closeServer);
  }

  private Process startOrUnbind(ProcessBuilder pb) throws IOException {
    try {
      return pb.start();
    } catch (IOException e) {
      closeServer();
      throw e;
    }
  }

  State state() {
    return state;
  }

  long pid() {
    return process.pid();
  }

  int inflight() {
    return inflight.size();
  }

  Collection<Pending> calls() {
    return inflight.values();
  }

  /** Stops taking calls; the pool sends SHUTDOWN once the calls in flight are done. */
  boolean drain() {
    synchronized (this) {
      if (state == State.DEAD || state == State.DRAINING) return false;
      state = State.DRAINING;
    }
    if (inflight.isEmpty()) events.idle(this);
    return true;
  }

  /** Sends a call. False when the worker can no longer take it (the caller picks another). */
  boolean send(Invocation call, long timeoutMillis, ResponseSink sink) {
    if (state != State.READY) return false;
    int id = ids.incrementAndGet();
    Pending p = new Pending(id, call, sink, timeoutMillis);
    inflight.put(id, p);
    sink.cancelWith(() -> {
      if (p.finish()) forget(p);
    });
    Frames.Writer w = WRITERS.get();
    w.buf.clear();
    encode(w, id, call, timeoutMillis);
    w.buf.flip();
    try {
      write(w.buf);
    } catch (IOException e) {
      // The reader sees the socket close and answers every call in flight, this one too.
      return true;
    }
    return true;
  }

  private static void encode(Frames.Writer w, int id, Invocation c, long timeoutMillis) {
    w.begin(Frames.INVOKE, id)
        .u8(c.function().apiVersion() == dev.understudy.systems.netlify.NetlifyFunction.ApiVersion.V2 ? 2 : 1)
        .u8(c.kind().ordinal())
        .u32((int) Math.min(timeoutMillis, Integer.MAX_VALUE))
        .str(c.function().name())
        .str(c.function().mainFile().toString())
        .str(c.route() == null ? "" : c.route())
        .str(c.method())
        .str(c.rawUrl())
        .str(c.path())
        .str(c.rawQuery() == null ? "" : c.rawQuery())
        .str(c.clientIp() == null ? "" : c.clientIp())
        .str(c.requestId());
    List<String> params = c.params();
    w.u16(params.size() / 2);
    for (String s : params) w.str(s);
    int countAt = w.buf.position();
    w.u16(0);
    int count = 0;
    List<String> extra = c.extraHeaders();
    for (Map.Entry<String, List<String>> e : c.headers().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (isExtra(extra, name)) continue;
      for (String v : e.getValue()) {
        w.str(name).str(v);
        count++;
      }
    }
    for (int i = 0; i < extra.size(); i += 2) {
      w.str(extra.get(i)).str(extra.get(i + 1));
      count++;
    }
    w.buf.putShort(countAt, (short) count);
    w.bytes(c.body());
    w.end();
  }

  private static boolean isExtra(List<String> extra, String name) {
    for (int i = 0; i < extra.size(); i += 2) if (extra.get(i).equals(name)) return true;
    return false;
  }

  /** Forgets a call the pool answered itself (a timeout); the worker is told to drop it too. */
  void forget(Pending p) {
    if (inflight.remove(p.id, p)) {
      sendControl(Frames.CANCEL, p.id);
      afterCall();
    }
  }

  void sendControl(byte type, int id) {
    Frames.Writer w = WRITERS.get();
    w.buf.clear();
    w.begin(type, id).end();
    w.buf.flip();
    try {
      write(w.buf);
    } catch (IOException e) {
      // gone already: the reader handles it
    }
  }

  void ping(Runnable pong) {
    onPong = pong;
    sendControl(Frames.PING, 0);
  }

  private void write(ByteBuffer frame) throws IOException {
    synchronized (writeLock) {
      if (channel == null || state == State.DEAD) throw new IOException("worker " + number + " is gone");
      if (pendingOut.remaining() < frame.remaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(pendingOut.capacity() * 2, pendingOut.position() + frame.remaining()));
        pendingOut.flip();
        bigger.put(pendingOut);
        pendingOut = bigger;
      }
      pendingOut.put(frame);
      if (flushing) return;
      flushing = true;
    }
    for (;;) {
      ByteBuffer out;
      synchronized (writeLock) {
        if (pendingOut.position() == 0) {
          flushing = false;
          return;
        }
        out = pendingOut;
        pendingOut = spareOut;
        spareOut = out;
      }
      out.flip();
      try {
        while (out.hasRemaining()) channel.write(out);
      } catch (IOException e) {
        synchronized (writeLock) {
          flushing = false;
          pendingOut.clear();
        }
        throw e;
      } finally {
        out.clear();
      }
      if (out.capacity() > 1024 * 1024) {
        synchronized (writeLock) {
          spareOut = ByteBuffer.allocate(64 * 1024);
        }
      }
    }
  }

  /** Ends the process now; the calls in flight get 500s saying {@code why}. */
  void kill(String why) {
    if (exitNote == null) exitNote = why;
    process.destroyForcibly();
  }

  private void closeServer() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException ignored) {
      // best effort
    }
  }

  private void outputLoop() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lastOutput) {
          if (lastOutput.size() == 20) lastOutput.removeFirst();
          lastOutput.addLast(line);
        }
        logs.line("worker " + number, "", Level.INFO, line);
      }
    } catch (IOException ignored) {
      // process ended
    }
  }

  private void readLoop() {
    String why = null;
    try {
      SocketChannel ch = server.accept();
      channel = ch;
      closeServer();
      ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
      for (;;) {
        if (ch.read(in) < 0) break;
        in.flip();
        while (in.remaining() >= 4) {
          int at = in.position();
          int len = in.getInt(at);
          if (in.remaining() < 4 + len) {
            if (4 + len > in.capacity()) {
              ByteBuffer bigger = ByteBuffer.allocate(4 + len + READ_BUFFER);
              bigger.put(in);
              bigger.flip();
              in = bigger;
            }
            break;
          }
          int end = at + 4 + len;
          byte type = in.get(at + 4);
          int id = in.getInt(at + 5);
          in.position(at + Frames.HEADER);
          try {
            onFrame(type, id, new Frames.Reader(in, end));
          } catch (RuntimeException e) {
            log.error("functions worker {}: could not handle a frame of type {}", number, type, e);
          }
          in.position(end);
        }
        in.compact();
        if (in.capacity() > 4 * READ_BUFFER && in.position() < READ_BUFFER) {
          ByteBuffer smaller = ByteBuffer.allocate(READ_BUFFER);
          in.flip();
          smaller.put(in);
          in = smaller;
        }
      }
    } catch (IOException e) {
      why = e.getMessage();
    } catch (RuntimeException e) {
      why = e.toString();
      log.error("functions worker {}: reader failed", number, e);
    }
    died(why);
  }

  private void onFrame(byte type, int id, Frames.Reader r) {
    switch (type) {
      case Frames.RESULT -> {
        Pending p = inflight.remove(id);
        if (p != null && p.finish()) {
          int status = r.u16();
          List<String> headers = headers(r);
          byte[] body = r.bytes();
          p.sink.complete(status, headers, body);
        }
        afterCall();
      }
      case Frames.HEAD -> {
        Pending p = inflight.get(id);
        if (p != null && !p.get()) {
          p.streaming = true;
          int status = r.u16();
          p.sink.head(status, headers(r));
        }
      }
      case Frames.CHUNK -> {
        Pending p = inflight.get(id);
        if (p != null && p.streaming && !p.get()) p.sink.chunk(r.rest());
      }
      case Frames.END -> {
        Pending p = inflight.remove(id);
        if (p != null && p.finish()) p.sink.end();
        afterCall();
      }
      case Frames.FAIL -> {
        Pending p = inflight.remove(id);
        r.u8();
        String logLine = r.str();
        String body = r.str();
        if (p != null) {
          logs.line(p.function(), p.call.requestId(), Level.ERROR, logLine);
          if (p.finish()) p.sink.fail(500, body);
        }
        afterCall();
      }
      case Frames.LOG -> {
        int level = r.u8();
        String function = r.str();
        String text = r.str();
        Pending p = id == 0 ? null : inflight.get(id);
        logs.line(function, p == null ? "" : p.call.requestId(), switch (level) {
          case 1 -> Level.WARN;
          case 2 -> Level.ERROR;
          case 3 -> Level.DEBUG;
          default -> Level.INFO;
        }, text);
      }
      case Frames.HELLO -> {
        String about = r.str();
        readyNanos = System.nanoTime();
        log.debug("functions worker {} ready: {}", number, about);
        synchronized (this) {
          if (state == State.STARTING) state = State.READY;
        }
        events.ready(this);
      }
      case Frames.EXITING -> {
        String function = r.str();
        int code = r.i32();
        exitNote = function.isEmpty() ? "process.exit(" + code + ") was called"
            : "function " + function + " called process.exit(" + code + ")";
      }
      case Frames.RECYCLE -> events.recycle(this, r.str());
      case Frames.PONG -> {
        Runnable pong = onPong;
        onPong = null;
        if (pong != null) pong.run();
      }
      default -> log.warn("functions worker {}: unknown frame type {}", number, type);
    }
  }

  private void afterCall() {
    if (state == State.DRAINING && inflight.isEmpty()) events.idle(this);
  }

  private static List<String> headers(Frames.Reader r) {
    int n = r.u16();
    List<String> out = new ArrayList<>(n * 2);
    for (int i = 0; i < n * 2; i++) out.add(r.str());
    return out;
  }

  private void died(String readError) {
    state = State.DEAD;
    try {
      SocketChannel ch = channel;
      if (ch != null) ch.close();
    } catch (IOException ignored) {
      // closing
    }
    closeServer();
    if (process.isAlive()) process.destroyForcibly();
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    String note = exitNote;
    String why = note != null ? note : "the Node.js worker exited (exit code " + code + ")"
        + (readError != null && code == 0 ? ": " + readError : "");
    List<String> output;
    synchronized (lastOutput) {
      output = List.copyOf(lastOutput);
    }
    for (Pending p : List.copyOf(inflight.values())) {
      inflight.remove(p.id);
      if (!p.finish()) continue;
      String caller = "function " + p.function() + " called process.exit(";
      String body = note != null && note.startsWith(caller)
          ? "Error: Function " + p.function() + " called process.exit(" + note.substring(caller.length())
              + ": the process running it ended before it answered"
          : "Error: the call of function " + p.function() + " was cut short: " + why;
      logs.line(p.function(), p.call.requestId(), Level.ERROR, body.substring("Error: ".length())
          + (output.isEmpty() || note != null ? "" : "\nlast output of the worker:\n" + String.join("\n", output)));
      p.sink.fail(500, body);
    }
    events.died(this, why);
  }
}

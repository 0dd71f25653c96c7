package dev.understudy.systems.pm2.watch;

import dev.understudy.util.JsonReader;
import dev.understudy.util.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call to PM2's daemon over {@code $PM2_HOME/rpc.sock}, the way PM2's own client makes it, so
 * that no {@code pm2} command runs: a command starts a new daemon when the old one is gone, even
 * between our probe and the command (seen here when {@code pm2 kill} raced a {@code pm2 jlist}).
 * A connection to the socket starts nothing.
 *
 * <p>The wire, from PM2's modules pm2-axon (req/rep sockets), pm2-axon-rpc and amp/amp-message: a
 * message is one byte {@code version << 4 | argc} (version 1), then per argument a 4-byte
 * big-endian length and the bytes; an argument is {@code s:} + a string or {@code j:} + JSON. A
 * request is {@code [j:{"type":"call","method":M,"args":[...]}, s:ID]}; the reply is {@code
 * [j:{"args":[...]}, s:ID]} or {@code [j:{"error":...}, s:ID]}.
 */
final class Pm2Rpc {
  static final int MAX_REPLY = 256 * 1024 * 1024;
  private static final AtomicLong IDS = new AtomicLong();

  private Pm2Rpc() {}

  /**
   * Calls {@code method(args...)} on the daemon and returns the reply's {@code args} array (its
   * callback's arguments after the error), as {@link JsonReader} reads it (maps, lists, Long or
   * Double numbers). Blocking; interrupting the thread closes the socket.
   */
  static List<Object> call(Path socket, String method, List<Object> args) throws IOException, Pm2Exception {
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("type", "call");
    msg.put("method", method);
    msg.put("args", args);
    String id = "understudy-" + ProcessHandle.current().pid() + ":" + IDS.incrementAndGet();
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      write(ch, encode(List.of(("j:" + JsonWriter.compact(msg)).getBytes(StandardCharsets.UTF_8),
          ("s:" + id).getBytes(StandardCharsets.UTF_8))));
      while (true) {
        List<byte[]> reply = read(ch);
        if (reply.size() < 2) continue;
        String replyId = unpackString(reply.get(reply.size() - 1));
        if (!id.equals(replyId)) continue; // not ours
        byte[] body = reply.get(0);
        if (body.length < 2 || body[0] != 'j' || body[1] != ':') {
          throw new Pm2Exception("PM2 answered " + method + " with something other than JSON");
        }
        Object r;
        try {
          r = JsonReader.parse(new String(body, 2, body.length - 2, StandardCharsets.UTF_8), "PM2");
        } catch (IllegalArgumentException e) {
          // never quote it: the answer carries the apps' environments
          throw new Pm2Exception("PM2's answer to " + method + " is not valid JSON (" + body.length + " bytes)");
        }
        Map<?, ?> answer = r instanceof Map<?, ?> m ? m : Map.of();
        Object err = answer.get("error");
        if (err != null) {
          String text = err instanceof Map<?, ?> e && e.get("message") != null ? String.valueOf(e.get("message"))
              : err instanceof String t ? t : JsonWriter.compact(err);
          throw new Pm2Exception("PM2 refused " + method + ": " + abbreviate(text));
        }
        return answer.get("args") instanceof List<?> a ? new ArrayList<>(a) : List.of();
      }
    }
  }

  static byte[] encode(List<byte[]> args) {
    if (args.size() > 15) throw new IllegalArgumentException("amp carries at most 15 arguments");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1 << 4 | args.size());
    for (byte[] a : args) {
      out.write(a.length >>> 24);
      out.write(a.length >>> 16);
      out.write(a.length >>> 8);
      out.write(a.length);
      out.write(a, 0, a.length);
    }
    return out.toByteArray();
  }

  static List<byte[]> read(SocketChannel ch) throws IOException, Pm2Exception {
    ByteBuffer meta = ByteBuffer.allocate(1);
    fill(ch, meta);
    int argc = meta.get(0) & 0xf;
    List<byte[]> args = new ArrayList<>(argc);
    long total = 0;
    for (int i = 0; i < argc; i++) {
      ByteBuffer len = ByteBuffer.allocate(4);
      fill(ch, len);
      long n = Integer.toUnsignedLong(len.getInt(0));
      total += n;
      if (total > MAX_REPLY) throw new Pm2Exception("PM2's answer is larger than " + MAX_REPLY + " bytes: not read");
      ByteBuffer data = ByteBuffer.allocate((int) n);
      fill(ch, data);
      args.add(data.array());
    }
    return args;
  }

  private static void fill(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) throw new EOFException("PM2 closed the connection");
    }
  }

  private static void write(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) ch.write(b);
  }

  private static String unpackString(byte[] arg) {
    String s = new String(arg, StandardCharsets.UTF_8);
    return s.startsWith("s:") ? s.substring(2) : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}

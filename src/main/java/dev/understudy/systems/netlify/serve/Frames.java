package dev.understudy.systems.netlify.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The frames between the pool and a Node worker ({@code resources/node/functions-worker.js}), over one
 * Unix socket per worker, many invocations in flight at once, told apart by id. Every frame is
 * {@code u32 length (of what follows) | u8 type | u32 id | payload}, big-endian; a string is
 * {@code u32 byte length | UTF-8}.
 *
 * <pre>
 * to the worker
 *   INVOKE   u8 api (1|2) u8 kind (0 sync, 1 background, 2 scheduled) u32 timeoutMs, str name, str mainFile,
 *            str route, str method, str rawUrl, str path, str rawQuery, str clientIp, str requestId,
 *            u16 n + n x (str, str) params, u16 n + n x (str name, str value) headers (one per line,
 *            lower-case names), u32 body length (0xFFFFFFFF: no body) + bytes
 *   CANCEL   (the pool answered for it already: a timeout)          PING, SHUTDOWN
 * from the worker
 *   RESULT   u16 status, u16 n + n x (str, str) headers, u32 length + body: a whole response
 *   HEAD     u16 status, u16 n + n x (str, str) headers: a streamed response starts; CHUNK bytes...; END
 *   FAIL     u8 kind (1 threw, 2 bad response, 3 could not load, 4 stream broke), str log line, str body
 *   LOG      u8 level (0 info, 1 warn, 2 error, 3 debug), str function, str text (id 0: not in a call)
 *   HELLO    str about                    EXITING  str function, i32 code (process.exit was called)
 *   RECYCLE  str reason (replace me once my calls are done)          PONG
 * </pre>
 */
final class Frames {
  private Frames() {}

  static final byte INVOKE = 1;
  static final byte RESULT = 2;
  static final byte HEAD = 3;
  static final byte CHUNK = 4;
  static final byte END = 5;
  static final byte FAIL = 6;
  static final byte LOG = 7;
  static final byte HELLO = 8;
  static final byte EXITING = 9;
  static final byte RECYCLE = 10;
  static final byte PING = 11;
  static final byte PONG = 12;
  static final byte CANCEL = 13;
  static final byte SHUTDOWN = 15;

  static final int HEADER = 9;
  static final int NO_BODY = -1;

  /** A growable buffer frames are written into. */
  static final class Writer {
    ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
    private int start;

    Writer begin(byte type, int id) {
      room(HEADER);
      start = buf.position();
      buf.putInt(0).put(type).putInt(id);
      return this;
    }

    /** Writes the frame's length; the frame is then complete in the buffer. */
    void end() {
      buf.putInt(start, buf.position() - start - 4);
    }

    void room(int n) {
      if (buf.remaining() >= n) return;
      int size = buf.capacity() * 2;
      while (size - buf.position() < n) size *= 2;
      ByteBuffer bigger = ByteBuffer.allocate(size);
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }

    Writer u8(int v) {
      room(1);
      buf.put((byte) v);
      return this;
    }

    Writer u16(int v) {
      room(2);
      buf.putShort((short) v);
      return this;
    }

    Writer u32(int v) {
      room(4);
      buf.putInt(v);
      return this;
    }

    /** ASCII goes in as is (no intermediate array); anything else through the encoder. */
    Writer str(String s) {
      int n = s.length();
      room(4 + n);
      int at = buf.position();
      buf.putInt(0);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          buf.position(at);
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          room(4 + b.length);
          buf.putInt(b.length).put(b);
          return this;
        }
        buf.put((byte) c);
      }
      buf.putInt(at, n);
      return this;
    }

    Writer bytes(byte[] b) {
      if (b == null) return u32(NO_BODY);
      room(4 + b.length);
      buf.putInt(b.length).put(b);
      return this;
    }
  }

  /** Reads one frame's payload. */
  static final class Reader {
    private final ByteBuffer buf;
    private final int end;

    Reader(ByteBuffer buf, int end) {
      this.buf = buf;
      this.end = end;
    }

    int u8() {
      return buf.get() & 0xff;
    }

    int u16() {
      return buf.getShort() & 0xffff;
    }

    int i32() {
      return buf.getInt();
    }

    String str() {
      int n = buf.getInt();
      int at = buf.position();
      String s = new String(buf.array(), buf.arrayOffset() + at, n, StandardCharsets.UTF_8);
      buf.position(at + n);
      return s;
    }

    byte[] bytes() {
      int n = buf.getInt();
      byte[] b = new byte[n];
      buf.get(b);
      return b;
    }

    byte[] rest() {
      byte[] b = new byte[end - buf.position()];
      buf.get(b);
      return b;
    }
  }
}

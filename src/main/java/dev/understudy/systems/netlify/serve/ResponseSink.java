package dev.understudy.systems.netlify.serve;

import java.util.List;

/**
 * Where a function's answer goes: the HTTP exchange, or a collector for {@link NodeWorkerPool#invoke}.
 * Exactly one of {@link #complete}, {@link #fail} or {@link #head} (then {@link #chunk}s and
 * {@link #end} or {@link #fail}) is called, from the worker's reader thread or the pool's timer; a
 * sink must not block for long (a slow client must not hold up the worker's other calls).
 * {@code headers} alternate name and value.
 */
interface ResponseSink {
  void complete(int status, List<String> headers, byte[] body);

  void head(int status, List<String> headers);

  void chunk(byte[] data);

  void end();

  /** A 500 (or other status) with a plain-text body; after {@link #head} the response is cut short. */
  void fail(int status, String body);

  /** What to run when the client went away mid-stream: the worker drops the call (and cancels the stream). */
  default void cancelWith(Runnable cancel) {}
}

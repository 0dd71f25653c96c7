package dev.understudy.engine.logs;

/** The last {@code limit} characters of a stream of lines: a run's log excerpt. */
public final class LogTail {
  public static final int DEFAULT_LIMIT = 4096;
  private final int limit;
  private final StringBuilder buf = new StringBuilder();
  private boolean truncated;

  public LogTail() {
    this(DEFAULT_LIMIT);
  }

  public LogTail(int limit) {
    this.limit = limit;
  }

  public synchronized void add(String line) {
    buf.append(SecretMasker.mask(line)).append('\n');
    if (buf.length() > limit) {
      int cut = buf.length() - limit;
      int nl = buf.indexOf("\n", cut);
      buf.delete(0, nl < 0 ? cut : nl + 1);
      truncated = true;
    }
  }

  public synchronized String text() {
    return truncated ? "…\n" + buf : buf.toString();
  }
}

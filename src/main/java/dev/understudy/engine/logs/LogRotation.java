package dev.understudy.engine.logs;

/**
 * Size-based rotation of the process log files, as pm2-logrotate does it: a file that grows past
 * {@code maxSizeBytes} is moved aside as {@code <base>__<yyyy-MM-dd_HH-mm-ss>.<ext>} (gzipped to
 * {@code ….gz} when {@code compress}), and only the newest {@code retain} rotated files are kept.
 *
 * @param maxSizeBytes rotate when a file would grow past this (0: never rotate)
 * @param retain rotated files kept per log file
 * @param compress gzip the rotated files
 */
public record LogRotation(long maxSizeBytes, int retain, boolean compress) {
  /** pm2-logrotate's defaults: 10 MB, 30 files, no compression. */
  public static final LogRotation DEFAULTS = new LogRotation(10L * 1024 * 1024, 30, false);
  public static final LogRotation NEVER = new LogRotation(0, 0, false);

  public LogRotation {
    if (maxSizeBytes < 0) throw new IllegalArgumentException("maxSizeBytes must be >= 0: " + maxSizeBytes);
    if (retain < 0) throw new IllegalArgumentException("retain must be >= 0: " + retain);
  }
}

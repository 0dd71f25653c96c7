package dev.understudy.systems.pm2.watch;

/** A {@code pm2} command failed, timed out or printed something we cannot read. Its message holds no app environment. */
public final class Pm2Exception extends Exception {
  public Pm2Exception(String message) {
    super(message);
  }
}

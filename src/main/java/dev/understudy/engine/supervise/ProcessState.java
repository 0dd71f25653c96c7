package dev.understudy.engine.supervise;

/** PM2's status words; {@link #word()} is what {@code ps} prints. */
public enum ProcessState {
  LAUNCHING("launching"),
  ONLINE("online"),
  /** Exited and waiting out its restart delay (PM2 says {@code waiting restart} too). */
  WAITING_RESTART("waiting restart"),
  STOPPING("stopping"),
  STOPPED("stopped"),
  /** Gave up restarting; left alone until a user starts or restarts it. */
  ERRORED("errored");

  private final String word;

  ProcessState(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}

package dev.understudy.config;

/**
 * A configuration problem, reported as one line: where (file:line:column), what is wrong and how
 * to fix it.
 */
public final class ConfigException extends RuntimeException {
  private final String where;

  public ConfigException(String where, String message) {
    super(where == null || where.isEmpty() ? message : where + ": " + message);
    this.where = where;
  }

  /** {@code file:line:column}, {@code file}, an environment variable name, or empty. */
  public String where() {
    return where;
  }
}

package dev.understudy.systems.pm2.ecosystem;

/**
 * Something said about an ecosystem file: an app that cannot run (ERROR, that app only), or an
 * option Understudy does not know (UNKNOWN) or knows but does not implement (UNSUPPORTED),
 * reported once per file, or a WARNING.
 *
 * @param app the app's name (or its index, {@code apps[2]}), empty for the whole file
 * @param key the option concerned, empty if none
 * @param where {@code file:line:column} for JSON and YAML; the file for JavaScript
 */
public record Problem(Severity severity, String app, String key, String where, String message) {
  public enum Severity { ERROR, UNKNOWN, UNSUPPORTED, WARNING }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** One line: {@code where: app 'web': message}. */
  @Override
  public String toString() {
    String who = app.isEmpty() ? "" : "app '" + app + "'" + (key.isEmpty() ? "" : ", '" + key + "'") + ": ";
    return where + ": " + who + message;
  }
}

package dev.understudy.engine.monitor;

import java.util.Objects;

/**
 * One thing the health loop watches: a system ({@code pm2}), a subject in it (an app, a workflow,
 * a function, {@code host}) and a kind of check ({@code memory}, {@code up}, {@code valid}...). Its
 * id joins the three with slashes: {@code pm2/web/memory}.
 */
public record Check(String system, String subject, String kind) {
  /** Kinds the engine knows defaults for (see {@link Thresholds}); systems may use others. */
  public static final String MEMORY = "memory";
  public static final String CPU = "cpu";
  public static final String DISK = "disk";
  /** The probe itself answered within its timeout (one per registered probe). */
  public static final String PROBE = "probe";

  public Check {
    requireName(system, "system");
    requireName(subject, "subject");
    requireName(kind, "kind");
  }

  public static Check of(String system, String subject, String kind) {
    return new Check(system, subject, kind);
  }

  public String id() {
    return system + "/" + subject + "/" + kind;
  }

  @Override
  public String toString() {
    return id();
  }

  private static void requireName(String v, String what) {
    Objects.requireNonNull(v, what);
    if (v.isBlank() || v.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a check's " + what + " must be a non-empty single-line name, not '" + v + "'");
    }
  }
}

package dev.understudy.engine.notify;

import dev.understudy.engine.logs.SecretMasker;
import dev.understudy.util.JsonReader;
import dev.understudy.util.JsonWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One alert, as every notifier renders it: a state change, a reminder, a trend, a recovery given up.
 * Plain strings so it travels as JSON (the generic webhook's body, the queue's payload for retries)
 * and back unchanged.
 *
 * @param id the same for every attempt to send it (receivers may deduplicate on it)
 * @param check the check's id ({@code pm2/web/memory}), or empty for alerts about no one check
 * @param status the check's state now ({@code failing}), or empty
 * @param previous its state before ({@code ok}), or empty
 * @param title one line: "FAILING pm2/web/up"
 * @param text what happened, for people
 * @param since when the trouble began, when known
 * @param host the machine whose daemon sends it
 */
public record Notification(String id, Kind kind, String check, String system, String subject, String status, String previous,
    String title, String text, Instant at, Optional<Instant> since, String host) {

  public enum Kind {
    /** A check became a warning or a failure, or stepped from one to the other. */
    PROBLEM,
    /** A check is good again. */
    RECOVERY,
    /** A check is still a warning or a failure, after the reminder interval. */
    REMINDER,
    /** A value rises steadily toward a level. */
    TREND,
    /** Recoveries ran out of budget: nothing more is tried. */
    GIVEN_UP,
    /** Sent by hand to see that a notifier works. */
    TEST;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(since, "since");
    check = nn(check);
    system = nn(system);
    subject = nn(subject);
    status = nn(status);
    previous = nn(previous);
    title = nn(title);
    text = nn(text);
    host = nn(host);
  }

  /** A new notification with a fresh id. */
  public static Notification of(Kind kind, String check, String system, String subject, String status, String previous,
      String title, String text, Instant at, Optional<Instant> since, String host) {
    return new Notification(UUID.randomUUID().toString(), kind, check, system, subject, status, previous, title, text, at, since, host);
  }

  /** The same with every text masked ({@link SecretMasker}): what leaves the process. */
  public Notification masked() {
    return new Notification(id, kind, m(check), m(system), m(subject), status, previous, m(title), m(text), at, since, m(host));
  }

  /** The generic webhook's body and the queue's payload: flat JSON, instants in ISO-8601 UTC. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("kind", kind.label());
    m.put("check", check);
    m.put("system", system);
    m.put("subject", subject);
    m.put("status", status);
    m.put("previous", previous);
    m.put("title", title);
    m.put("text", text);
    m.put("at", at.toString());
    m.put("since", since.map(Instant::toString).orElse(null));
    m.put("host", host);
    m.put("source", "understudy");
    return JsonWriter.compact(m);
  }

  /** Reads what {@link #toJson()} wrote. */
  public static Notification fromJson(String json) {
    try {
      Map<String, Object> n = JsonReader.object(json, "a stored notification");
      return new Notification(text(n, "id"), Kind.valueOf(text(n, "kind").toUpperCase(Locale.ROOT).replace('-', '_')),
          text(n, "check"), text(n, "system"), text(n, "subject"), text(n, "status"),
          text(n, "previous"), text(n, "title"), text(n, "text"), Instant.parse(text(n, "at")),
          n.get("since") != null ? Optional.of(Instant.parse(text(n, "since"))) : Optional.empty(), text(n, "host"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a notification: " + e.getMessage(), e);
    }
  }

  private static String nn(String s) {
    return s == null ? "" : s;
  }

  private static String text(Map<String, Object> json, String key) {
    Object v = json.get(key);
    return v == null ? "" : v.toString();
  }

  private static String m(String s) {
    return SecretMasker.mask(s);
  }
}

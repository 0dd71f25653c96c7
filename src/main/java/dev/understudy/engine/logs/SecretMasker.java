package dev.understudy.engine.logs;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces every registered secret value with {@code ***}, as GitHub masks secrets in logs. One
 * process-wide registry, so the log appender, run excerpts and API answers all mask the same set.
 */
public final class SecretMasker {
  public static final String MASK = "***";
  /** Shorter values would mask ordinary words; GitHub skips them too. */
  public static final int MIN_LENGTH = 4;
  private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

  private SecretMasker() {}

  public static void register(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH || SECRETS.contains(secret)) return;
    SECRETS.add(secret);
    // Longest first, so a secret that contains another is masked whole.
    SECRETS.sort(Comparator.comparingInt(String::length).reversed());
  }

  /** Registers the password a JDBC URL carries ({@code password=...} or {@code //user:pass@}). */
  public static void registerUrlPassword(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)password=([^&;]+)|//[^/@:]+:([^/@]+)@").matcher(url);
    while (m.find()) register(m.group(1) != null ? m.group(1) : m.group(2));
  }

  public static String mask(String text) {
    if (text == null || SECRETS.isEmpty()) return text;
    String out = text;
    for (String s : SECRETS) {
      if (out.contains(s)) out = out.replace(s, MASK);
    }
    return out;
  }
}

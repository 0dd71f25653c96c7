package dev.understudy.systems.actions.runner;

import dev.understudy.engine.logs.SecretMasker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The secrets of one job: the caller's secrets and every {@code ::add-mask::} value. Masking a
 * line replaces each of them, longest first, with {@code ***}, then applies the daemon-wide
 * {@link SecretMasker}. Every value added here is also registered there, so the daemon's own log
 * masks it too. Share one instance across the steps of a job: a value masked by step 1 stays masked
 * in step 2, as on GitHub.
 *
 * <p>A multi-line value is masked whole and line by line, since output reaches us one line at a
 * time. Values shorter than {@link SecretMasker#MIN_LENGTH} are ignored (they would mask ordinary
 * words). Thread-safe.
 */
public final class Masker {
  private final List<String> values = new ArrayList<>();

  /** Adds a secret value. */
  public synchronized void add(String value) {
    if (value == null) return;
    addOne(value);
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      for (String line : value.split("\r?\n|\r")) addOne(line.strip());
    }
  }

  private void addOne(String v) {
    if (v.length() < SecretMasker.MIN_LENGTH || values.contains(v)) return;
    values.add(v);
    values.sort(Comparator.comparingInt(String::length).reversed());
    SecretMasker.register(v);
  }

  /** {@code text} with every known secret replaced by {@code ***}. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) return text;
    String out = text;
    synchronized (this) {
      for (String v : values) {
        if (out.contains(v)) out = out.replace(v, SecretMasker.MASK);
      }
    }
    return SecretMasker.mask(out);
  }
}

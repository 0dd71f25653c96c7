package dev.understudy.systems.actions.rules;

import java.util.Objects;

/**
 * One thing wrong inside a checked string.
 *
 * @param offset 0-based index into the string that was checked, of the character the problem
 *     points at; the caller adds it to the column where the value starts
 * @param message one line, in actionlint's words where actionlint reports the same thing
 */
public record Problem(int offset, String message) {

  public Problem {
    if (offset < 0) throw new IllegalArgumentException("offset < 0: " + offset);
    Objects.requireNonNull(message, "message");
  }
}

package dev.understudy.systems.actions.rules;

import java.util.Optional;

/**
 * Checks the names in an {@code env:} mapping (workflow, job, step, container, service): no
 * {@code &}, {@code =}, space or tab. Names holding {@code ${{ }}} are left alone.
 *
 * <pre>{@code
 * EnvVarNames.check("FOO=BAR")  // Optional[environment variable name "FOO=BAR" is invalid. '&', '=' and spaces should not be contained]
 * }</pre>
 */
public final class EnvVarNames {

  private EnvVarNames() {}

  /** The message for a bad name, or empty. */
  public static Optional<String> check(String name) {
    if (name.contains("${{")) return Optional.empty();
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c == '&' || c == '=' || c == ' ' || c == '\t') {
        return Optional.of("environment variable name " + Quoting.quote(name)
            + " is invalid. '&', '=' and spaces should not be contained");
      }
    }
    return Optional.empty();
  }
}

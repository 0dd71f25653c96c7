package dev.understudy.engine.logs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API token read from the environment, and the variable it came from (for hints such as "set a
 * valid one in GITHUB_TOKEN"). The value is registered with {@link SecretMasker} and never shown by
 * {@link #toString()}.
 */
public record EnvToken(String value, String variable) {
  public EnvToken {
    SecretMasker.register(value);
  }

  /** The first of {@code variables} set to something other than blanks, trimmed. */
  public static Optional<EnvToken> first(List<String> variables, Map<String, String> env) {
    for (String v : variables) {
      String value = env.get(v);
      if (value != null && !value.isBlank()) return Optional.of(new EnvToken(value.trim(), v));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Token[" + variable + "=" + SecretMasker.MASK + "]";
  }
}

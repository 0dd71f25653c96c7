package dev.understudy.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} and {@code --flag} arguments; an unknown one stops the run (exit 2) listing the known ones. */
final class Opts {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> known;

  Opts(String[] args, Map<String, String> known) {
    this.known = known;
    for (String a : args) {
      if (!a.startsWith("--")) usage("unexpected argument " + a);
      int eq = a.indexOf('=');
      String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
      if (!known.containsKey(name)) usage("unknown option --" + name);
      values.put(name, eq < 0 ? "true" : a.substring(eq + 1));
    }
  }

  String string(String name) {
    return values.getOrDefault(name, known.get(name));
  }

  int integer(String name) {
    return Integer.parseInt(string(name));
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(string(name));
  }

  private void usage(String what) {
    StringBuilder sb = new StringBuilder(what).append("; options (default):");
    known.forEach((k, v) -> sb.append("\n  --").append(k).append(" (").append(v).append(')'));
    System.err.println(sb);
    System.exit(2);
  }
}

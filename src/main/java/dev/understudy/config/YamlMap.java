package dev.understudy.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import dev.understudy.util.Suggestions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping read for configuration: keys keep their positions, duplicates and unknown keys
 * are errors with {@code file:line:column} and a suggestion.
 */
public final class YamlMap {
  private final String file;
  private final String path;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(String file, String path, MappingNode node) {
    this.file = file;
    this.path = path;
    for (NodeTuple t : node.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode)) {
        throw error(t.getKeyNode(), "a key must be a plain string", "write it as 'name: value'");
      }
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      if (entries.containsKey(key)) {
        throw error(
            t.getKeyNode(),
            "duplicate key '" + key + "'" + in(),
            "the first is at line " + line(entries.get(key).getKeyNode()) + "; keep one of them");
      }
      entries.put(key, t);
    }
  }

  /** Reads {@code node} as a mapping; {@code path} names it in messages ("daemon", "jobs.backup"). */
  public static YamlMap of(String file, String path, Node node) {
    if (!(node instanceof MappingNode)) {
      throw new ConfigException(
          where(file, node),
          (path.isEmpty() ? "the file" : "'" + path + "'") + " must be a mapping of keys to values");
    }
    return new YamlMap(file, path, (MappingNode) node);
  }

  public String file() {
    return file;
  }

  public Set<String> keys() {
    return entries.keySet();
  }

  /** Fails on the first key that is not one of {@code known}, suggesting the closest. */
  public YamlMap allowOnly(Set<String> known) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        String hint =
            Suggestions.closest(e.getKey(), known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("known keys: " + String.join(", ", new java.util.TreeSet<>(known)));
        throw error(e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "'" + in(), hint);
      }
    }
    return this;
  }

  public Optional<Node> node(String key) {
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  public Optional<YamlMap> map(String key) {
    return node(key).map(n -> of(file, child(key), n));
  }

  public Optional<String> string(String key) {
    return node(key).map(n -> scalar(key, n));
  }

  public Optional<Integer> integer(String key, int min, int max) {
    return node(key)
        .map(
            n -> {
              String text = scalar(key, n);
              try {
                int v = Integer.parseInt(text.trim());
                if (v < min || v > max) {
                  throw error(n, "'" + child(key) + "' is " + v, "use a number from " + min + " to " + max);
                }
                return v;
              } catch (NumberFormatException e) {
                throw error(n, "'" + child(key) + "' must be a whole number, not '" + text + "'", "e.g. " + min);
              }
            });
  }

  public Optional<Boolean> bool(String key) {
    return node(key)
        .map(
            n -> {
              String text = scalar(key, n);
              if (text.equals("true")) return true;
              if (text.equals("false")) return false;
              throw error(n, "'" + child(key) + "' must be true or false, not '" + text + "'", "write true or false");
            });
  }

  public Optional<java.time.Duration> duration(String key) {
    return node(key)
        .map(
            n -> {
              try {
                return Durations.parse(scalar(key, n), 1000);
              } catch (IllegalArgumentException e) {
                throw error(n, "'" + child(key) + "': " + e.getMessage(), "a bare number counts seconds");
              }
            });
  }

  /** A list of strings; a single scalar counts as a list of one. */
  public Optional<List<String>> strings(String key) {
    return node(key)
        .map(
            n -> {
              List<String> out = new ArrayList<>();
              if (n instanceof SequenceNode) {
                for (Node item : ((SequenceNode) n).getValue()) out.add(scalar(key, item));
              } else {
                out.add(scalar(key, n));
              }
              return out;
            });
  }

  /** A mapping of string to string (environment variables and the like). */
  public Optional<Map<String, String>> stringMap(String key) {
    return map(key)
        .map(
            m -> {
              Map<String, String> out = new LinkedHashMap<>();
              for (String k : m.keys()) out.put(k, m.string(k).orElse(""));
              return out;
            });
  }

  public String where(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? file : where(file, t.getValueNode());
  }

  public ConfigException error(String key, String what, String fix) {
    NodeTuple t = entries.get(key);
    return t == null
        ? new ConfigException(file, what + ": " + fix)
        : error(t.getValueNode(), what, fix);
  }

  private String scalar(String key, Node n) {
    if (!(n instanceof ScalarNode)) {
      throw error(n, "'" + child(key) + "' must be a single value", "write it on one line after the colon");
    }
    return ((ScalarNode) n).getValue();
  }

  private ConfigException error(Node n, String what, String fix) {
    return new ConfigException(where(file, n), what + ": " + fix);
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String in() {
    return path.isEmpty() ? "" : " in '" + path + "'";
  }

  private static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  static String where(String file, Node n) {
    return n.getStartMark()
        .map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
        .orElse(file);
  }
}

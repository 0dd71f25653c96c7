package dev.understudy.systems.pm2.ecosystem;

import dev.understudy.config.ConfigException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads YAML (an {@code ecosystem.yml}, or the {@code pm2.apps} node of {@code understudy.yml})
 * into {@link EcoValue}s with {@code file:line:column}. YAML 1.2 core schema, like PM2's js-yaml.
 */
final class YamlTree {
  private final String file;

  private YamlTree(String file) {
    this.file = file;
  }

  static EcoValue parse(String file, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
    Optional<Node> node;
    try {
      node = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      String where = e.getProblemMark().map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
      throw new ConfigException(where, "YAML syntax error: " + e.getProblem() + ": fix the YAML at this position");
    } catch (RuntimeException e) {
      throw new ConfigException(file, "YAML syntax error: " + e.getMessage());
    }
    if (node.isEmpty()) {
      throw new ConfigException(file, "the file is empty: write apps: followed by a list of apps (- name: web / script: app.js)");
    }
    return of(file, node.get());
  }

  static EcoValue of(String file, Node node) {
    return new YamlTree(file).value(node);
  }

  private EcoValue value(Node n) {
    String where = at(n);
    if (n instanceof MappingNode) {
      LinkedHashMap<String, EcoValue> m = new LinkedHashMap<>();
      Map<String, String> keys = new HashMap<>();
      for (NodeTuple t : ((MappingNode) n).getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode)) {
          throw new ConfigException(at(t.getKeyNode()), "a key must be a plain string: write it as 'name: value'");
        }
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        if (m.containsKey(key)) {
          throw new ConfigException(at(t.getKeyNode()),
              "duplicate key '" + key + "': the first is at " + keys.get(key) + "; keep one of them");
        }
        m.put(key, value(t.getValueNode()));
        keys.put(key, at(t.getKeyNode()));
      }
      return EcoValue.map(m, keys, where);
    }
    if (n instanceof SequenceNode) {
      List<EcoValue> l = new ArrayList<>();
      for (Node item : ((SequenceNode) n).getValue()) l.add(value(item));
      return EcoValue.list(l, where);
    }
    ScalarNode s = (ScalarNode) n;
    Tag tag = s.getTag();
    String text = s.getValue();
    if (Tag.BOOL.equals(tag)) return EcoValue.scalar(EcoValue.Kind.BOOL, text.toLowerCase(), where);
    if (Tag.NULL.equals(tag)) return EcoValue.scalar(EcoValue.Kind.NULL, "null", where);
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      try {
        String t = text.replace("_", "");
        BigDecimal d = t.startsWith("0x") ? new BigDecimal(new java.math.BigInteger(t.substring(2), 16))
            : t.startsWith("0o") ? new BigDecimal(new java.math.BigInteger(t.substring(2), 8))
            : new BigDecimal(t);
        return EcoValue.scalar(EcoValue.Kind.NUMBER, EcoValue.jsNumber(d), where);
      } catch (NumberFormatException e) {
        return EcoValue.scalar(EcoValue.Kind.NUMBER, text, where); // .inf, .nan
      }
    }
    return EcoValue.scalar(EcoValue.Kind.STRING, text, where);
  }

  private String at(Node n) {
    return n.getStartMark().map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
  }
}

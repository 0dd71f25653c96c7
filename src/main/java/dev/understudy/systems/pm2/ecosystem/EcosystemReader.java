package dev.understudy.systems.pm2.ecosystem;

import dev.understudy.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a PM2 ecosystem, unchanged, into {@link EcosystemApp}s: {@code ecosystem.config.js|cjs|mjs}
 * (evaluated by node, as PM2 does), {@code .json}, {@code .yml|.yaml}, or the {@code pm2.apps} list
 * of {@code understudy.yml}.
 *
 * <p>A problem with the whole file (syntax, a throw, not an object, no such file) is a
 * {@link ConfigException}; a problem with one app is an ERROR {@link Problem} for that app only.
 *
 * <pre>{@code
 * EcosystemReader r = new EcosystemReader(EcosystemReader.Options.defaults().withEnv("production"));
 * Ecosystem eco = r.read(EcosystemReader.find(projectDir).orElseThrow());
 * eco.problems().forEach(p -> log.warn(p.toString()));
 * }</pre>
 */
public final class EcosystemReader {
  /** Where PM2 looks, in order: `pm2 start` takes ecosystem.config.js; the other forms PM2 reads too. */
  public static final List<String> CANDIDATES = List.of(
      "ecosystem.config.js", "ecosystem.config.cjs", "ecosystem.config.mjs",
      "ecosystem.json", "ecosystem.config.json", "ecosystem.yml", "ecosystem.yaml",
      "ecosystem.config.yml", "ecosystem.config.yaml");

  /**
   * @param node the node command that evaluates JavaScript ecosystem files
   * @param timeout how long node may take to evaluate one
   * @param env the environment name selecting {@code env_<NAME>} ({@code pm2 start --env NAME}); when empty, {@code NODE_ENV} of {@code processEnv}
   * @param processEnv the environment node evaluates the file in, and where PATH comes from
   * @param cpus what {@code instances: max} means
   */
  public record Options(String node, Duration timeout, Optional<String> env, Map<String, String> processEnv, int cpus) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public static Options defaults() {
      return new Options("node", DEFAULT_TIMEOUT, Optional.empty(), System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    public Options withEnv(String name) {
      return new Options(node, timeout, Optional.ofNullable(name), processEnv, cpus);
    }

    public Options withProcessEnv(Map<String, String> e) {
      return new Options(node, timeout, env, e, cpus);
    }

    public Options withCpus(int n) {
      return new Options(node, timeout, env, processEnv, n);
    }
  }

  private final Options options;

  public EcosystemReader(Options options) {
    this.options = options;
  }

  /** The ecosystem file of a project: the first of {@link #CANDIDATES} that exists. */
  public static Optional<Path> find(Path projectDir) {
    for (String c : CANDIDATES) {
      Path p = projectDir.resolve(c);
      if (Files.isRegularFile(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /**
   * The project's apps as understudy.yml says: its {@code pm2.apps}, else its {@code pm2.ecosystem}
   * file, else the ecosystem file found in the project; empty when there is none. {@code pm2.env}
   * selects env_NAME unless these options already name one.
   */
  public Optional<Ecosystem> load(dev.understudy.config.UnderstudyConfig config) {
    dev.understudy.config.UnderstudyConfig.Pm2 pm2 = config.pm2();
    EcosystemReader r = options.env().isEmpty() && pm2.env().isPresent()
        ? new EcosystemReader(options.withEnv(pm2.env().get())) : this;
    if (pm2.apps().isPresent()) return Optional.of(r.readYamlApps(pm2.file(), pm2.apps().get(), config.projectDir()));
    if (pm2.ecosystem().isPresent()) return Optional.of(r.read(pm2.ecosystem().get()));
    return find(config.projectDir()).map(r::read);
  }

  /** Reads an ecosystem file named explicitly (or found by {@link #find}). */
  public Ecosystem read(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String label = abs.toString();
    String name = abs.getFileName().toString().toLowerCase(Locale.ROOT);
    EcoValue root;
    boolean js;
    if (name.endsWith(".js") || name.endsWith(".cjs") || name.endsWith(".mjs")) {
      if (!Files.isRegularFile(abs)) throw missing(label);
      root = new NodeEvaluator(options.node(), options.timeout(), options.processEnv()).evaluate(abs);
      js = true;
    } else if (name.endsWith(".json") || name.endsWith(".yml") || name.endsWith(".yaml")) {
      String text;
      try {
        text = Files.readString(abs, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw missing(label);
      } catch (IOException e) {
        throw new ConfigException(label, "cannot be read (" + e.getMessage() + "): check its permissions");
      }
      root = name.endsWith(".json") ? JsonTree.parse(label, text) : YamlTree.parse(label, text);
      js = false;
    } else {
      throw new ConfigException(label, "not an ecosystem file PM2 reads: name it ecosystem.config.js (or .cjs, .mjs), ecosystem.json or ecosystem.yml");
    }
    return fromRoot(label, root, abs.getParent(), js);
  }

  /**
   * The {@code pm2.apps} list of {@code understudy.yml}: the same shape as an ecosystem's
   * {@code apps}; relative paths start at the project directory.
   */
  public Ecosystem readYamlApps(String file, Node apps, Path projectDir) {
    EcoValue v = YamlTree.of(file, apps);
    if (!v.is(EcoValue.Kind.LIST) && !v.is(EcoValue.Kind.MAP)) {
      throw new ConfigException(v.where(), "'pm2.apps' must be a list of apps (- name: web / script: app.js)");
    }
    return apps(file, v, projectDir.toAbsolutePath().normalize(), new ArrayList<>(), false);
  }

  private static ConfigException missing(String label) {
    return new ConfigException(label, "no such file: check the path, or leave it out to use the project's ecosystem.config.js");
  }

  private Ecosystem fromRoot(String label, EcoValue root, Path dir, boolean js) {
    List<Problem> problems = new ArrayList<>();
    EcoValue apps;
    if (root.is(EcoValue.Kind.LIST)) {
      apps = root;
    } else if (root.is(EcoValue.Kind.MAP)) {
      String key = root.get("apps") != null ? "apps" : root.get("pm2") != null ? "pm2" : null;
      if (key == null) {
        apps = root; // PM2 takes an object without apps as one app
      } else {
        apps = root.get(key);
        for (String k : root.entries().keySet()) {
          if (k.equals(key)) continue;
          boolean deploy = k.equals("deploy");
          problems.add(new Problem(deploy ? Problem.Severity.UNSUPPORTED : Problem.Severity.UNKNOWN, "", k, root.whereKey(k),
              deploy ? "'deploy' (pm2 deploy) is not supported: Understudy runs the apps where it runs; deploy with your own tools"
                  : "unknown top-level key '" + k + "' is ignored: PM2 reads 'apps' (and 'deploy')"));
        }
        if (!apps.is(EcoValue.Kind.LIST) && !apps.is(EcoValue.Kind.MAP)) {
          throw new ConfigException(apps.where(), "'" + key + "' is " + apps.describe() + ": write a list of apps, e.g. apps: [{name: \"web\", script: \"app.js\"}]");
        }
      }
    } else {
      throw new ConfigException(root.where(), (js ? "the file exports " : "the file holds ") + root.describe()
          + ", not a configuration: " + (js ? "export an object, module.exports = {apps: [{name: \"web\", script: \"app.js\"}]}" : "write {\"apps\": [{\"name\": \"web\", \"script\": \"app.js\"}]}"));
    }
    return apps(label, apps, dir, problems, true);
  }

  private Ecosystem apps(String label, EcoValue apps, Path dir, List<Problem> problems, boolean fromFile) {
    List<EcoValue> list = apps.is(EcoValue.Kind.LIST) ? apps.items() : List.of(apps);
    if (list.isEmpty()) {
      problems.add(new Problem(Problem.Severity.WARNING, "", "apps", apps.where(), "no apps: nothing to run; add an app with name and script"));
    }
    Optional<String> envName = options.env().or(() -> Optional.ofNullable(options.processEnv().get("NODE_ENV")).filter(s -> !s.isBlank()));
    AppParser parser = new AppParser(dir, envName, options.env().isPresent(), options.cpus(), options.processEnv());
    List<EcosystemApp> good = new ArrayList<>();
    Map<String, Problem> notes = new LinkedHashMap<>();
    Map<String, List<String>> alsoIn = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      EcoValue a = list.get(i);
      String index = "apps[" + i + "]";
      if (!a.is(EcoValue.Kind.MAP)) {
        problems.add(new Problem(Problem.Severity.ERROR, index, "", a.where(),
            "an app is an object with at least a script, not " + a.describe() + ": write {name: \"web\", script: \"app.js\"}"));
        continue;
      }
      EcoValue n = a.get("name");
      EcoValue sc = a.get("script") != null ? a.get("script") : a.get("exec");
      String appLabel = n != null && (n.is(EcoValue.Kind.STRING) || n.is(EcoValue.Kind.NUMBER)) ? n.text()
          : sc != null && sc.is(EcoValue.Kind.STRING) && !sc.text().isBlank()
              ? (sc.text().contains(" ") ? sc.text() : AppParser.defaultName(sc.text())) : index;
      List<AppParser.Bad> errors = new ArrayList<>();
      List<Problem> appNotes = new ArrayList<>();
      Optional<EcosystemApp> app = parser.parse(a, appLabel, errors, appNotes);
      for (AppParser.Bad b : errors) {
        problems.add(new Problem(Problem.Severity.ERROR, appLabel, b.key, b.where, b.getMessage()));
      }
      for (Problem p : appNotes) {
        String id = p.severity() + " " + p.key();
        if (p.severity() == Problem.Severity.WARNING || !notes.containsKey(id)) {
          notes.put(p.severity() == Problem.Severity.WARNING ? id + " " + appLabel : id, p);
        } else {
          alsoIn.computeIfAbsent(id, k -> new ArrayList<>()).add(appLabel);
        }
      }
      app.ifPresent(x -> {
        if (!names.add(x.name())) {
          problems.add(new Problem(Problem.Severity.ERROR, x.name(), "name", a.whereKey("name"),
              "another app is already named '" + x.name() + "': give each app its own name"));
        } else {
          good.add(x);
        }
      });
    }
    notes.forEach((id, p) -> {
      List<String> more = alsoIn.get(id);
      problems.add(more == null ? p : new Problem(p.severity(), p.app(), p.key(), p.where(),
          p.message() + " (also in app" + (more.size() > 1 ? "s " : " ") + "'" + String.join("', '", more) + "')"));
    });
    return new Ecosystem(label, List.copyOf(good), List.copyOf(problems));
  }
}

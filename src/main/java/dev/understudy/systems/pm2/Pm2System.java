package dev.understudy.systems.pm2;

import dev.understudy.config.ConfigException;
import dev.understudy.config.Mode;
import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.supervise.NodeLauncher;
import dev.understudy.engine.supervise.ProcessSpec;
import dev.understudy.engine.supervise.ProcessState;
import dev.understudy.engine.supervise.Snapshot;
import dev.understudy.engine.supervise.Supervisor;
import dev.understudy.systems.pm2.ecosystem.Ecosystem;
import dev.understudy.systems.pm2.ecosystem.EcosystemReader;
import dev.understudy.systems.pm2.ecosystem.Problem;
import dev.understudy.systems.pm2.ecosystem.SpecMapper;
import dev.understudy.systems.pm2.watch.Pm2Snapshot;
import dev.understudy.systems.pm2.watch.Pm2Watcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pm2 system: the project's ecosystem apps, supervised here ({@code replace}), or watched in a
 * real PM2 and taken over only while PM2 is gone ({@code failover}). It owns the supervisor, the
 * saved set ({@code understudy save}, PM2's dump) and the watcher.
 */
public final class Pm2System implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pm2System.class);

  /** Where the system keeps its files under the home: logs, the supervisor's records, the saved set. */
  public record Places(Path logsDir, Path stateDir, Path dumpFile) {
    public static Places under(Path home) {
      Path root = home.resolve("pm2");
      return new Places(root.resolve("logs"), root.resolve("state"), root.resolve("dump.json"));
    }
  }

  /** One app of the ecosystem and the processes it runs as (one for a cluster: its launcher). */
  record App(String name, List<ProcessSpec> specs, boolean autostart) {}

  private final UnderstudyConfig config;
  private final Places places;
  private final Mode mode;
  private final Supervisor supervisor;
  private final Map<String, App> apps = new LinkedHashMap<>();
  private final Set<String> takenOver = ConcurrentHashMap.newKeySet();
  private volatile List<Problem> problems = List.of();
  private volatile String source = "";
  private volatile Pm2Watcher watcher;
  private volatile boolean ecosystemBroken;

  public Pm2System(UnderstudyConfig config, Places places, Mode mode, Supervisor supervisor) {
    this.config = config;
    this.places = places;
    this.mode = mode;
    this.supervisor = supervisor;
  }

  public Mode mode() {
    return mode;
  }

  /** Reads the ecosystem, then starts the apps (replace) or the watcher (failover). */
  public synchronized void start() {
    read();
    if (ecosystemBroken) {
      // Whatever a crashed daemon left running stays as it is (and recorded) until the ecosystem reads again.
      java.util.Set<String> left = supervisor.survivors();
      if (!left.isEmpty()) LOG.warn("pm2: {} still run from the previous daemon; they are left alone until the ecosystem can be read", left);
      return;
    }
    if (mode == Mode.REPLACE) {
      Map<String, String> saved = savedStates();
      for (App a : apps.values()) {
        boolean wanted = saved.containsKey(a.name()) ? !"stopped".equals(saved.get(a.name())) : a.autostart();
        if (wanted) startApp(a);
        else a.specs().forEach(supervisor::register); // listed as stopped, as PM2's resurrect shows it
      }
      supervisor.killLeftovers();
    } else if (mode == Mode.FAILOVER) {
      // Apps this daemon had taken over before it crashed still run: they stay taken over (the watcher
      // hands them back once PM2 runs them); anything else a previous daemon left is ended.
      java.util.Set<String> survivors = supervisor.survivors();
      for (App a : apps.values()) {
        if (!a.specs().isEmpty() && a.specs().stream().allMatch(sp -> survivors.contains(sp.name())) && takenOver.add(a.name())) {
          LOG.warn("pm2: {} was taken over by the previous daemon and still runs: watching it here", a.name());
          startApp(a);
        }
      }
      supervisor.killLeftovers();
      watcher = Pm2Watcher.create(config.pm2(), () -> List.copyOf(apps.keySet()), () -> Set.copyOf(takenOver),
          new Pm2Watcher.Callbacks() {
            @Override
            public void onTakeOver(List<String> names) {
              LOG.warn("pm2: PM2 is gone: running {} here until it is back", names);
              for (String n : names) {
                App a = apps.get(n);
                if (a != null && takenOver.add(n)) startApp(a);
              }
            }

            @Override
            public void onHandBack(List<String> names) {
              LOG.info("pm2: PM2 runs {} again: stopping the copies here", names);
              for (String n : names) {
                App a = apps.get(n);
                if (a != null && takenOver.remove(n)) a.specs().forEach(s -> quietly(() -> supervisor.delete(s.name())));
              }
            }

            @Override
            public void onRestartInPm2(String name, boolean ok) {
              LOG.info("pm2: restarted {} in PM2: {}", name, ok ? "ok" : "failed");
            }
          });
      watcher.start();
    } else {
      supervisor.killLeftovers(); // pm2 is off: nothing a previous daemon started keeps running
    }
  }

  private void read() {
    EcosystemReader reader = new EcosystemReader(EcosystemReader.Options.defaults().withProcessEnv(System.getenv()));
    Optional<Ecosystem> eco;
    try {
      eco = reader.load(config);
    } catch (ConfigException e) {
      ecosystemBroken = true;
      source = EcosystemReader.find(config.projectDir()).map(Path::toString).orElse("the ecosystem");
      problems = List.of(new Problem(Problem.Severity.ERROR, "", "", source, e.getMessage()));
      LOG.error("pm2: {}", e.getMessage());
      return;
    }
    if (eco.isEmpty()) {
      source = "no ecosystem file in " + config.projectDir();
      LOG.info("pm2: {}: no apps to supervise", source);
      return;
    }
    source = eco.get().source();
    problems = eco.get().problems();
    problems.forEach(p -> {
      if (p.isError()) LOG.error("pm2: {}", p.message());
      else LOG.warn("pm2: {}", p.message());
    });
    Path wrapper = supervisor.nodeWrapper();
    for (SpecMapper.AppSpecs s : SpecMapper.map(eco.get(), SpecMapper.Options.of(places.logsDir()))) {
      List<ProcessSpec> specs = s.cluster() ? List.of(cluster(s, wrapper))
          : isNode(s.app()) ? s.specs().stream().map(sp -> forkThroughWrapper(s.app(), sp, wrapper)).toList() : s.specs();
      apps.put(s.app().name(), new App(s.app().name(), specs, s.autostart()));
    }
  }

  /** A cluster app runs as one launcher process that forks its workers (Node's cluster module). */
  private static ProcessSpec cluster(SpecMapper.AppSpecs s, Path wrapper) {
    ProcessSpec first = s.specs().get(0);
    var app = s.app();
    Path script = app.cwd().resolve(app.script());
    List<String> argv = NodeLauncher.argv(wrapper, "node", app.interpreterArgs(), script, app.args(), s.workers());
    return new ProcessSpec(app.name(), argv, first.cwd(), first.env(), first.restart(), first.killTimeout(),
        first.ready(), first.readyTimeout(), first.maxMemoryBytes(), first.cronRestart(), first.outFile(),
        first.errFile(), first.logTimestamps(), first.stopWithMessage(), first.watch());
  }

  /** A Node app (not a bash command line): PM2 runs it through its ProcessContainerFork, here through the wrapper. */
  private static boolean isNode(dev.understudy.systems.pm2.ecosystem.EcosystemApp app) {
    List<String> c = app.command();
    if (c.size() < 2 || c.get(0).equals("bash") && c.size() == 3 && c.get(1).equals("-c")) return false;
    String interp = Path.of(c.get(0)).getFileName().toString();
    return interp.equals("node") || interp.equals("nodejs");
  }

  /**
   * A fork-mode Node app runs in the wrapper's own process (same pid, the app is require.main), so
   * {@code process.send('ready')} (wait_ready) and {@code shutdown_with_message} reach the supervisor.
   */
  private static ProcessSpec forkThroughWrapper(dev.understudy.systems.pm2.ecosystem.EcosystemApp app, ProcessSpec sp, Path wrapper) {
    List<String> c = app.command();
    List<String> argv = NodeLauncher.argv(wrapper, c.get(0), c.subList(1, c.size() - 1), Path.of(c.get(c.size() - 1)), app.args(), 0);
    return new ProcessSpec(sp.name(), argv, sp.cwd(), sp.env(), sp.restart(), sp.killTimeout(), sp.ready(), sp.readyTimeout(),
        sp.maxMemoryBytes(), sp.cronRestart(), sp.outFile(), sp.errFile(), sp.logTimestamps(), sp.stopWithMessage(), sp.watch());
  }

  private void startApp(App a) {
    for (ProcessSpec s : a.specs()) {
      try {
        supervisor.start(s);
      } catch (RuntimeException e) {
        LOG.error("pm2: {} did not start: {}", s.name(), e.getMessage());
      }
    }
  }

  /** Every supervised process. */
  public List<Snapshot> processes() {
    return supervisor.list();
  }

  /** A process's {@code max_memory_restart} in bytes; 0 when it has none or is not one of the ecosystem's. */
  public synchronized long maxMemoryBytes(String processName) {
    for (App a : apps.values()) for (ProcessSpec s : a.specs()) if (s.name().equals(processName)) return s.maxMemoryBytes();
    return 0;
  }

  /** What an action did to one process: its state after, or why it failed. */
  public record Outcome(String name, Optional<Snapshot> snapshot, Optional<String> error) {}

  /**
   * One action on an app, a process of it, or {@code all}; each process on its own (one that
   * fails does not stop the others), in parallel.
   */
  public List<Outcome> act(String nameOrAll, String action) {
    if (!List.of("start", "stop", "restart", "reload", "delete").contains(action.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("no action '" + action + "': use start, stop, restart, reload or delete");
    }
    List<ProcessSpec> targets = new ArrayList<>();
    synchronized (this) {
      if (nameOrAll.equals("all")) {
        apps.values().forEach(a -> targets.addAll(a.specs()));
      } else {
        App a = apps.get(nameOrAll);
        if (a != null) targets.addAll(a.specs());
        else apps.values().forEach(x -> x.specs().stream().filter(s -> s.name().equals(nameOrAll)).forEach(targets::add));
      }
    }
    if (targets.isEmpty() && !nameOrAll.equals("all")) {
      Optional<Problem> dropped = problems.stream().filter(p -> p.isError() && p.app().equals(nameOrAll)).findFirst();
      if (dropped.isPresent()) throw new IllegalStateException("app '" + nameOrAll + "' cannot run: " + dropped.get());
      if (ecosystemBroken) throw new IllegalStateException("the ecosystem cannot be read: " + problems.get(0));
      List<String> known = new ArrayList<>(apps.keySet());
      String hint = dev.understudy.util.Suggestions.closest(nameOrAll, known).map(s -> "; did you mean " + s + "?")
          .orElse(known.isEmpty() ? "; the ecosystem has no apps" : "; the apps are " + String.join(", ", known));
      throw new IllegalArgumentException("no app '" + nameOrAll + "'" + hint);
    }
    if (mode == Mode.FAILOVER) {
      Pm2Watcher w = watcher;
      boolean pm2Answers = w != null && w.snapshot().pm2Answers();
      for (ProcessSpec s : targets) {
        String app = appOf(s.name());
        if (pm2Answers && !takenOver.contains(app)) {
          throw new IllegalStateException("PM2 runs '" + app + "' (pm2.mode failover): control it with pm2, or set "
              + "pm2.mode: replace to run the apps here");
        }
      }
    }
    List<java.util.concurrent.CompletableFuture<Outcome>> running = new ArrayList<>();
    for (ProcessSpec s : targets) {
      running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> one(s, action.toLowerCase(Locale.ROOT))));
    }
    return running.stream().map(java.util.concurrent.CompletableFuture::join).toList();
  }

  private Outcome one(ProcessSpec s, String action) {
    try {
      boolean known = supervisor.snapshot(s.name()).isPresent();
      Snapshot r = switch (action) {
        case "start" -> supervisor.start(s);
        case "stop" -> known ? supervisor.stop(s.name()) : null;
        case "restart" -> known ? supervisor.restart(s.name()) : supervisor.start(s);
        case "reload" -> known ? supervisor.reload(s.name()) : supervisor.start(s);
        default -> {
          if (known) supervisor.delete(s.name());
          yield null;
        }
      };
      return new Outcome(s.name(), Optional.of(r != null ? r : supervisor.snapshot(s.name()).orElse(deleted(s.name()))), Optional.empty());
    } catch (RuntimeException e) {
      return new Outcome(s.name(), supervisor.snapshot(s.name()), Optional.of(String.valueOf(e.getMessage())));
    }
  }

  private String appOf(String processName) {
    for (App a : apps.values()) for (ProcessSpec s : a.specs()) if (s.name().equals(processName)) return a.name();
    return processName;
  }

  private static Snapshot deleted(String name) {
    return new Snapshot(name, -1, 0, ProcessState.STOPPED, 0, 0, 0, 0, 0, Optional.empty(), Optional.of("deleted"), false);
  }

  /** Writes which apps run and which are stopped; the next start follows it (PM2's dump.pm2). */
  public synchronized Path save() throws IOException {
    if (ecosystemBroken) {
      throw new IOException("the ecosystem cannot be read, so there is nothing right to save (the saved set is kept): "
          + problems.get(0));
    }
    Map<String, String> states = new LinkedHashMap<>();
    for (App a : apps.values()) {
      boolean running = a.specs().stream().anyMatch(s -> supervisor.snapshot(s.name())
          .map(x -> x.status() != ProcessState.STOPPED).orElse(false));
      states.put(a.name(), running ? "online" : "stopped");
    }
    Files.createDirectories(places.dumpFile().getParent());
    Path tmp = places.dumpFile().resolveSibling("dump.json.tmp");
    Files.writeString(tmp, dev.understudy.util.JsonWriter.pretty(Map.of("apps", states)));
    Files.move(tmp, places.dumpFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return places.dumpFile();
  }

  /** The log files of an app's processes: name → [out, err]. */
  public Map<String, List<Path>> logFiles(String nameOrAll) {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    for (App a : apps.values()) {
      for (ProcessSpec s : a.specs()) {
        if (nameOrAll.equals("all") || a.name().equals(nameOrAll) || s.name().equals(nameOrAll)) {
          out.put(s.name(), List.of(s.outFile(), s.errFile()));
        }
      }
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no app '" + nameOrAll + "'; the apps are " + String.join(", ", apps.keySet()));
    return out;
  }

  public int appCount() {
    return apps.size();
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> savedStates() {
    if (!Files.isRegularFile(places.dumpFile())) return Map.of();
    try {
      Map<String, Object> m = dev.understudy.util.JsonReader.object(Files.readString(places.dumpFile()), places.dumpFile().toString());
      return (Map<String, String>) m.getOrDefault("apps", Map.of());
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      LOG.warn("pm2: the saved set {} cannot be read ({}); starting the ecosystem's apps", places.dumpFile(), e.getMessage());
      return Map.of();
    }
  }

  /** What {@code status} shows about the system. */
  public record Status(String mode, String source, int apps, List<String> problems, Optional<Pm2Snapshot> pm2) {}

  public Status status() {
    String m = switch (mode) {
      case REPLACE -> "replace: the apps run here";
      case OFF -> "off: nothing is supervised";
      case FAILOVER -> {
        Pm2Watcher w = watcher;
        Pm2Snapshot s = w == null ? null : w.snapshot();
        if (s == null) yield "failover: watching PM2";
        yield s.pm2Answers() ? "failover: PM2 answers; watching (" + PM2.home(s) + ")"
            + (takenOver.isEmpty() ? "" : "; still running " + takenOver + " here until PM2 runs them")
            : "failover: PM2 does not answer (" + s.reason() + ")" + (takenOver.isEmpty() ? "" : "; running " + takenOver + " here");
      }
    };
    return new Status(m, source, apps.size(), problems.stream().map(Problem::toString).toList(),
        Optional.ofNullable(watcher).map(Pm2Watcher::snapshot));
  }

  private static final class PM2 {
    static String home(Pm2Snapshot s) {
      return "PM2_HOME " + s.pm2Home();
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("pm2: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    Pm2Watcher w = watcher;
    if (w != null) w.close();
  }
}

package dev.understudy.systems.netlify;

import dev.understudy.engine.keep.FolderWatcher;
import dev.understudy.engine.keep.GoodCopies;
import dev.understudy.engine.keep.RejectedCopies;
import dev.understudy.engine.keep.Restorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netlify Functions system's files: it reads the site (functions folder, netlify.toml) whenever
 * they change, keeps a last-known-good copy of each valid function's main file, and with {@code
 * autoRestore} writes that copy back over a broken or deleted one (the replaced bytes are kept).
 * Serving and scheduling read {@link #site()}, which holds the valid functions only.
 */
public final class NetlifySystem implements AutoCloseable {
  public static final Duration SAFETY_INTERVAL = Duration.ofSeconds(30);
  public static final String NETLIFY_TOML = "netlify.toml";
  /** How a stored copy of a function file is named: the bytes are JavaScript or TypeScript. */
  public static final String SUFFIX = ".src";
  private static final Logger LOG = LoggerFactory.getLogger(NetlifySystem.class);

  public enum State {
    VALID, INVALID, MISSING;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One function as the faces show it: {@code file} is its main file relative to the functions
   * folder (the name its good copies are kept under), {@code function} what discovery read.
   */
  public record FunctionStatus(String name, String file, State state, List<Site.Problem> problems, int backups,
      Optional<NetlifyFunction> function, Instant checkedAt, Optional<String> lastAction) {}

  private final Path projectDir;
  private final Function<Path, Site> reader;
  private final Function<Path, Site> quickReader;
  private final GoodCopies copies;
  private final Restorer restorer;
  private final boolean autoRestore;
  private volatile Site site;
  private volatile Site served;
  private volatile Map<String, FunctionStatus> snapshot = Map.of();
  private final Map<String, String> lastAction = new TreeMap<>();
  private volatile FolderWatcher watcher;
  private volatile Path watchedFolder;
  private volatile Runnable onChange = () -> {};
  private String fingerprint = "";

  /** {@code reader}: what reads and checks the site (discovery), given the project folder. */
  public NetlifySystem(Path projectDir, Function<Path, Site> reader, GoodCopies copies, RejectedCopies rejected, boolean autoRestore) {
    this(projectDir, reader, null, copies, rejected, autoRestore);
  }

  /**
   * {@code quickReader}, when given, reads the site without its slow checks (Node's syntax check),
   * so that {@link #start} can serve at once; the full check follows on the watcher's thread.
   */
  public NetlifySystem(Path projectDir, Function<Path, Site> reader, Function<Path, Site> quickReader, GoodCopies copies,
      RejectedCopies rejected, boolean autoRestore) {
    this.projectDir = projectDir;
    this.reader = reader;
    this.quickReader = quickReader;
    this.copies = copies;
    this.restorer = new Restorer(copies, rejected);
    this.autoRestore = autoRestore;
    this.site = new Site(projectDir, Optional.empty(), List.of(), List.of());
    this.served = site;
  }

  /**
   * Reads the site now, then watches the functions folder and netlify.toml. With a quick reader the
   * full check runs right after, on the watcher's thread: until it ends (well under a second), a
   * function with a syntax error is served and answers 500.
   */
  public void start() throws IOException {
    if (quickReader == null) {
      check();
    } else {
      Site quick = read(quickReader);
      site = quick;
      served = new Site(quick.projectDir(), quick.functionsDir(),
          quick.functions().stream().filter(f -> problemsOf(quick, f).isEmpty()).toList(), quick.problems());
    }
    rewatch(); // its first run is a full check
    LOG.info("netlifyFunctions: watching {} ({} function(s), good copies in {}, autoRestore {})",
        site.functionsDir().map(Path::toString).orElse("no functions folder yet"), snapshot.size(), copies.root(),
        autoRestore ? "on" : "off");
  }

  /** The site as last read, with every problem found. */
  public Site site() {
    return site;
  }

  /** The site's valid functions: what is served and scheduled. */
  public Site served() {
    return served;
  }

  public List<FunctionStatus> functions() {
    return List.copyOf(snapshot.values());
  }

  /** Called after a check that changed the functions or their settings. */
  public void onChange(Runnable listener) {
    onChange = listener;
  }

  /** Reads the site, keeps good copies of valid functions, restores broken ones when asked to. */
  public synchronized void check() {
    // the watcher's periodic check comes every 30 s: unchanged files are not read (nor run through Node) again
    String now = fingerprint();
    if (now.equals(fingerprint)) return;
    fingerprint = now;
    Site first = read(reader);
    Site read = autoRestore && restoreBroken(first) ? read(reader) : first;
    Site before = served;
    site = read;
    served = new Site(read.projectDir(), read.functionsDir(), read.functions().stream().filter(f -> problemsOf(read, f).isEmpty()).toList(),
        read.problems());
    snapshot = statuses(read);
    if (!Objects.equals(watchedFolder, read.functionsDir().orElse(null)) && watcher != null) {
      // the watcher runs this check: it cannot close itself and wait for itself
      Thread t = new Thread(this::rewatch, "understudy-functions-rewatch");
      t.setDaemon(true);
      t.start();
    }
    if (!before.functions().equals(served.functions())) {
      try {
        onChange.run();
      } catch (RuntimeException e) {
        LOG.error("updating the functions' jobs failed", e);
      }
    }
  }

  /** Every file that decides the site (netlify.toml, the functions folder three levels deep) with its size and time. */
  private String fingerprint() {
    StringBuilder b = new StringBuilder();
    stamp(b, projectDir.resolve(NETLIFY_TOML));
    Path dir = site.functionsDir().orElse(projectDir.resolve("netlify/functions"));
    if (Files.isDirectory(dir)) {
      try (java.util.stream.Stream<Path> all = Files.walk(dir, 3)) {
        all.filter(p -> !dir.relativize(p).toString().contains("node_modules")).sorted().forEach(p -> stamp(b, p));
      } catch (IOException | java.io.UncheckedIOException e) {
        return "unreadable " + System.nanoTime(); // read the site and let it say what is wrong
      }
    }
    return b.toString();
  }

  private static void stamp(StringBuilder b, Path p) {
    try {
      java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
      b.append(p).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime()).append('\n');
    } catch (IOException e) {
      b.append(p).append(" -\n");
    }
  }

  private Site read(Function<Path, Site> r) {
    try {
      return r.apply(projectDir);
    } catch (RuntimeException e) {
      LOG.error("reading the site's functions failed", e);
      return new Site(projectDir, site.functionsDir(), site.functions(), List.of(new Site.Problem(projectDir.resolve(NETLIFY_TOML).toString(),
          0, 0, "the functions could not be read: " + e.getMessage(), "discovery")));
    }
  }

  private Map<String, FunctionStatus> statuses(Site read) {
    Map<String, FunctionStatus> out = new TreeMap<>();
    Set<String> present = new TreeSet<>();
    for (NetlifyFunction f : read.functions()) {
      String file = key(read, f);
      present.add(file);
      List<Site.Problem> problems = problemsOf(read, f);
      State state = problems.isEmpty() ? State.VALID : State.INVALID;
      if (state == State.VALID) keep(f, file);
      else LOG.warn("function {} is invalid: {}{}", f.name(), problems.get(0), copies.history(file).isEmpty() ? ""
          : "; a good copy is kept: 'understudy restore function " + f.name() + "'" + (autoRestore ? "" : " puts it back"));
      out.put(f.name(), new FunctionStatus(f.name(), file, state, problems, copies.history(file).size(), Optional.of(f),
          Instant.now(), Optional.ofNullable(lastAction.get(f.name()))));
    }
    for (String file : copies.names()) {
      if (present.contains(file)) continue;
      String name = nameOf(file);
      if (out.containsKey(name)) continue;
      out.put(name, new FunctionStatus(name, file, State.MISSING, List.of(), copies.history(file).size(), Optional.empty(), Instant.now(),
          Optional.ofNullable(lastAction.get(name))));
    }
    return out;
  }

  private void keep(NetlifyFunction f, String file) {
    try {
      GoodCopies.Saved saved = copies.save(file, Files.readAllBytes(f.mainFile()));
      if (saved.stored()) LOG.info("function {} is valid: good copy {} kept", f.name(), saved.copy().shortSha());
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("function {} is valid but its good copy could not be kept in {}: {}", f.name(), copies.root(), e.getMessage());
    }
  }

  /** Writes the newest good copy over each invalid or deleted function; true when one was written. */
  private boolean restoreBroken(Site read) {
    boolean wrote = false;
    Set<String> present = new TreeSet<>();
    for (NetlifyFunction f : read.functions()) {
      String file = key(read, f);
      present.add(file);
      List<Site.Problem> problems = problemsOf(read, f);
      if (!problems.isEmpty() && !copies.history(file).isEmpty()) wrote |= restore(f.name(), file, "it was invalid: " + problems.get(0));
    }
    if (read.functionsDir().isPresent()) {
      for (String file : copies.names()) {
        if (!present.contains(file)) wrote |= restore(nameOf(file), file, "it was deleted");
      }
    }
    return wrote;
  }

  private boolean restore(String name, String file, String why) {
    try {
      Restorer.Plan plan = plan(file, 1);
      if (!plan.changes()) return false;
      Restorer.Done done = restorer.apply(plan);
      String msg = "auto-restored from good copy " + plan.copy().shortSha() + " saved " + plan.copy().savedAt() + " (" + why + ")"
          + done.kept().map(p -> "; the replaced file is kept at " + p).orElse("");
      LOG.warn("function {} {}", name, msg);
      lastAction.put(name, msg);
      return true;
    } catch (Restorer.NoCopyException | IOException e) {
      LOG.error("function {}: auto-restore failed: {}", name, e.getMessage());
      return false;
    }
  }

  /** Plans restoring copy {@code n} of the function file {@code file} (relative to the functions folder). */
  public Restorer.Plan plan(String file, int n) throws Restorer.NoCopyException, IOException {
    Path dir = site.functionsDir().orElseThrow(() -> new Restorer.NoCopyException("the site has no functions folder to restore into"));
    String label = projectDir.relativize(dir.resolve(file)).toString();
    return restorer.plan(file, n, dir.resolve(file), label, "understudy backups function " + nameOf(file));
  }

  /** A function's main file relative to the functions folder: the name its copies are kept under. */
  public static String key(Site site, NetlifyFunction f) {
    Path dir = site.functionsDir().orElse(f.mainFile().getParent());
    return dir.relativize(f.mainFile()).toString().replace('\\', '/');
  }

  /** The function a kept file belongs to: its folder for {@code billing/index.js}, else its base name. */
  public static String nameOf(String file) {
    int slash = file.indexOf('/');
    if (slash > 0) return file.substring(0, slash);
    int dot = file.indexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** The problems found in this function's files. */
  public static List<Site.Problem> problemsOf(Site site, NetlifyFunction f) {
    List<Site.Problem> out = new ArrayList<>();
    Path src = f.srcPath().toAbsolutePath().normalize();
    for (Site.Problem p : site.problems()) {
      Path file = site.projectDir().resolve(p.file()).toAbsolutePath().normalize();
      if (file.startsWith(src)) out.add(p);
    }
    return out;
  }

  private synchronized void rewatch() {
    FolderWatcher old = watcher;
    if (old != null) old.close();
    Path dir = site.functionsDir().orElse(projectDir.resolve("netlify/functions"));
    Path rel = projectDir.relativize(dir);
    try {
      FolderWatcher w = new FolderWatcher(projectDir, rel.toString().isEmpty() || rel.startsWith("..") ? Path.of("netlify/functions") : rel,
          2, Set.of(NETLIFY_TOML), "functions", this::check, SAFETY_INTERVAL);
      watcher = w;
      watchedFolder = site.functionsDir().orElse(null);
      w.start();
    } catch (IOException e) {
      LOG.error("cannot watch the functions folder {}: {}; changes are seen on restart only", dir, e.getMessage());
    }
  }

  @Override
  public void close() {
    FolderWatcher w = watcher;
    watcher = null;
    if (w != null) w.close();
  }
}

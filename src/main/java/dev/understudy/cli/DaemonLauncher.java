package dev.understudy.cli;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.daemon.DaemonHome;
import dev.understudy.daemon.DaemonInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Starts a daemon as a background process and waits until it answers, PM2-style. */
final class DaemonLauncher {
  /**
   * Measured on this 2-core machine: about 70 MB resident instead of 115 (see ../shared/DESIGN.md).
   * The young generation is left to size itself: pinned at 1.5 MB it saved about 1.5 MB idle but
   * cost a third of the functions server's throughput under load (docs/BENCHMARKS.md, section 8).
   * On Java 17 to 21 children are started with vfork:
   * one exec fewer than posix_spawn through jspawnhelper, about a millisecond of every restart
   * (docs/BENCHMARKS.md, section 7); later Java versions dropped VFORK.
   */
  static final List<String> JVM_FLAGS = jvmFlags(Runtime.version().feature());

  static List<String> jvmFlags(int javaFeature) {
    return jvmFlags(javaFeature, false);
  }

  /**
   * The daemon's flags; {@code lean} for a daemon that neither serves functions nor runs workflows
   * (a supervisor, as PM2's daemon is), where nothing needs throughput: no JIT (the interpreter
   * alone: no compiler thread, code cache or compiler arenas), a 4 MB heap with a 1 MB young
   * generation that gives back what a full collection frees beyond a fifth, and 10 stack shadow pages instead of 20 (HotSpot touches every shadow page of every
   * thread, and each child costs one JDK reaper thread). Together about 12 MB less resident at 50
   * apps (docs/BENCHMARKS.md, section 7); the crash-to-restart latency stays the same there. The
   * price of the smaller shadow zone: native code called with less than 40 KB of stack left crashes
   * the JVM where 80 KB would have thrown a StackOverflowError; the daemon has no deep recursion.
   */
  static List<String> jvmFlags(int javaFeature, boolean lean) {
    List<String> f = new ArrayList<>(List.of("-XX:+IgnoreUnrecognizedVMOptions"));
    if (lean) {
      f.addAll(List.of("-Xint", "-Xms4m", "-Xmn1m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:StackShadowPages=10"));
    } else {
      f.addAll(List.of("-Xms8m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=32m"));
    }
    f.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-Xss256k", "-XX:MaxMetaspaceSize=64m",
        "-XX:TrimNativeHeapInterval=5000", "-XX:-UsePerfData",
        // read when the JVM's first HttpServer starts: without it a small response waits ~40 ms for a delayed ACK
        "-Dsun.net.httpserver.nodelay=true"));
    if (javaFeature <= 21) f.add("-Djdk.lang.Process.launchMechanism=VFORK");
    return List.copyOf(f);
  }

  /**
   * Whether the project's daemon gets the {@link #jvmFlags(int, boolean) lean} flags: only pm2 (and
   * gitSync) enabled in understudy.yml. A system started later with {@code start-system} in such a
   * daemon runs interpreted until the daemon is restarted with it enabled.
   */
  static boolean lean(UnderstudyConfig config) {
    return !enabled(config, "githubActions") && !enabled(config, "netlifyFunctions");
  }

  private static boolean enabled(UnderstudyConfig config, String system) {
    UnderstudyConfig.SystemSettings s = config.systems().get(system);
    return s != null && s.enabled();
  }

  static final String JAVA_OPTS_ENV = "UNDERSTUDY_DAEMON_JAVA_OPTS";
  /** The daemon's class-data archive in the home: made by the first daemon's exit, read by the next ones. */
  static final String ARCHIVE = "daemon.jsa";
  /** The lean daemon's own archive: its classes are a smaller set, and an archive costs what it holds. */
  static final String LEAN_ARCHIVE = "daemon-lean.jsa";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private DaemonLauncher() {}

  /** The outcome of a start: the daemon's info, or why it did not come up. */
  record Started(Optional<DaemonInfo> info, int exitCode, String output) {}

  static Started launch(DaemonHome home, Path project, boolean lean) throws IOException, InterruptedException {
    home.create();
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid"); // its own session: closing the terminal does not hang it up
    }
    cmd.addAll(command(home, project, lean));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(home.outFile().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        return new Started(Optional.empty(), p.exitValue(), output(home));
      }
      Optional<DaemonInfo> info = home.readDaemonInfo().filter(i -> i.pid() == p.pid());
      if (info.isPresent() && DaemonClient.connect(home).isPresent()) {
        return new Started(info, 0, "");
      }
      Thread.sleep(25);
    }
    return new Started(Optional.empty(), Main.FAILED,
        "the daemon (pid " + p.pid() + ") did not answer within " + READY_TIMEOUT.toSeconds() + " s; see " + home.logFile());
  }

  /**
   * The daemon's command line: this Java, the daemon's flags (lean or not, or {@code
   * UNDERSTUDY_JAVA_OPTS}), its class-data archive, and {@code DaemonMain --project DIR}. {@code
   * start} runs it in the background; {@code start --foreground} through the launcher script execs
   * it in place of the CLI, so a daemon under systemd gets the same flags.
   */
  static List<String> command(DaemonHome home, Path project, boolean lean) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    String opts = System.getenv(JAVA_OPTS_ENV);
    if (opts == null || opts.isBlank()) {
      cmd.addAll(lean ? jvmFlags(Runtime.version().feature(), true) : JVM_FLAGS);
      cmd.add(classArchiveFlag(home.root().resolve(lean ? LEAN_ARCHIVE : ARCHIVE), jar()));
    } else {
      cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add("dev.understudy.daemon.DaemonMain");
    cmd.add("--project");
    cmd.add(project.toString());
    return cmd;
  }

  /**
   * Reads the archive when it is newer than the jar; otherwise this daemon writes it when it stops
   * (once: a second or two added to that stop). It takes about a fifth off a cold start here
   * (docs/BENCHMARKS.md, section 8); Java ignores an archive made by another JDK build.
   */
  static String classArchiveFlag(Path archive, Optional<Path> jar) {
    try {
      if (Files.isRegularFile(archive) && jar.isPresent()
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar.get())) > 0) {
        return "-XX:SharedArchiveFile=" + archive;
      }
    } catch (IOException e) {
      // unreadable: make a new one
    }
    return "-XX:ArchiveClassesAtExit=" + archive;
  }

  /** The jar the daemon runs from, when the class path has one. */
  private static Optional<Path> jar() {
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (e.endsWith("understudy.jar")) return Optional.of(Path.of(e).toAbsolutePath());
    }
    return Optional.empty();
  }

  private static String classPath() {
    List<String> parts = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      parts.add(Path.of(e).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, parts);
  }

  private static String output(DaemonHome home) {
    try {
      return Files.readString(home.outFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }
}

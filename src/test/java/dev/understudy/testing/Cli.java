package dev.understudy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI from the built jar as a separate process, with its own UNDERSTUDY_HOME. */
public final class Cli {
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final Path home;
  private final Map<String, String> env;

  public Cli(Path home) {
    this(home, Map.of());
  }

  public Cli(Path home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  public Path home() {
    return home;
  }

  public static Path jar() {
    String p = System.getProperty("understudy.jar");
    if (p == null) throw new IllegalStateException("system property understudy.jar is not set: run through 'mvn verify'");
    Path jar = Path.of(p);
    if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing: 'mvn verify' builds it before the integration tests");
    return jar;
  }

  /** Stops this home's daemon, and kills it if it does not go: tests leave no daemon behind. */
  public void stopDaemon() throws IOException, InterruptedException {
    run("stop");
    new dev.understudy.daemon.DaemonHome(home).readDaemonInfo().flatMap(i -> ProcessHandle.of(i.pid()))
        .ifPresent(ProcessHandle::destroyForcibly);
  }

  public Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(jar().toString());
    cmd.add("dev.understudy.cli.Main");
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("cli", ".out");
    Path err = Files.createTempFile("cli", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("UNDERSTUDY_HOME", home.toString());
    pb.environment().remove("REDUNDANCY_MODE");
    pb.environment().remove("LOG_LEVEL");
    // the demo's functions would take netlify dev's port 8888; tests may run while something holds it
    pb.environment().put("UNDERSTUDY_FUNCTIONS_PORT", "0");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("understudy " + String.join(" ", args) + " did not finish in 120 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}

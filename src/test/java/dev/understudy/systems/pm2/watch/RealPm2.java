package dev.understudy.systems.pm2.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code pm2} from npm for tests, with a {@code PM2_HOME} of the test's own. Found at the
 * system property {@code understudy.pm2.bin} (set by the pom to .ci/tools, where .ci/run installs
 * it), else {@code UNDERSTUDY_PM2_BIN}, else {@code pm2} on PATH. Missing: under {@code CI=true}
 * the test fails; elsewhere it is skipped, saying how to install it.
 */
public final class RealPm2 implements AutoCloseable {
  public final Path bin;
  public final Path home;

  private RealPm2(Path bin, Path home) {
    this.bin = bin;
    this.home = home;
  }

  public static Path bin() {
    List<Optional<String>> tries = List.of(
        Optional.ofNullable(System.getProperty("understudy.pm2.bin")).filter(s -> !s.isBlank()),
        Optional.ofNullable(System.getenv("UNDERSTUDY_PM2_BIN")).filter(s -> !s.isBlank()));
    for (Optional<String> t : tries) {
      Optional<Path> p = t.flatMap(s -> Pm2Binary.find(Optional.of(s), null));
      if (p.isPresent()) return p.get();
    }
    Optional<Path> onPath = Pm2Binary.find(Optional.empty(), System.getenv("PATH"));
    if (onPath.isPresent()) return onPath.get();
    String message = "the real pm2 is missing (looked at -Dunderstudy.pm2.bin="
        + System.getProperty("understudy.pm2.bin") + ", UNDERSTUDY_PM2_BIN and PATH): install it with "
        + "'npm install --prefix .ci/tools pm2@7.0.4 --no-audit --no-fund' (.ci/run does) or set UNDERSTUDY_PM2_BIN";
    if ("true".equals(System.getenv("CI"))) throw new AssertionError(message);
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  /** A PM2 of the test's own under {@code dir}; nothing is started yet. */
  public static RealPm2 in(Path dir) throws IOException {
    Path home = dir.resolve("pm2-home");
    Files.createDirectories(home);
    return new RealPm2(bin(), home);
  }

  /** Runs {@code pm2 ARGS} with this PM2_HOME; output returned, secrets and all (tests only). */
  public String run(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(bin.toString()));
    argv.addAll(List.of(args));
    return run(argv, Map.of());
  }

  String run(List<String> argv, Map<String, String> extraEnv) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(home.getParent().toFile()).redirectErrorStream(true);
    pb.environment().put("PM2_HOME", home.toString());
    pb.environment().putAll(extraEnv);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("pm2 " + argv + " did not finish");
    }
    String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
    if (p.exitValue() != 0) throw new IOException("pm2 " + argv + " exited " + p.exitValue() + ": " + text);
    return text;
  }

  Pm2Probe probe() {
    return new Pm2Probe(home);
  }

  Pm2Client client() {
    return new Pm2Client(probe(), Duration.ofSeconds(20));
  }

  /** {@code pm2 kill} with this PM2_HOME, only when a daemon lives or left its pid file (a kill would start one otherwise). */
  public void kill() throws IOException, InterruptedException {
    if (probe().probe().alive() || Files.exists(home.resolve(Pm2Probe.PID_FILE))) run("kill");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    kill();
  }
}

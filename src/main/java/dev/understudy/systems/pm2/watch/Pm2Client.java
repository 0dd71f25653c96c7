package dev.understudy.systems.pm2.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.understudy.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Talks to a running PM2 through its own command line ({@code pm2 jlist}, {@code pm2 restart}),
 * with the user's {@code PM2_HOME} and a timeout. Ask {@link Pm2Probe} first, every time: a {@code
 * pm2} command starts a daemon when none runs, so this client refuses to run one when the probe
 * says there is no daemon.
 *
 * <p>{@code jlist} prints every app's whole environment, secrets included. Only the fields of
 * {@link Pm2App} are read; the output is neither logged nor kept, and no error message quotes it.
 */
public final class Pm2Client {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** {@code pm2 restart} takes a name or a numeric id; nothing that could read as an option. */
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_.@:][A-Za-z0-9_.@: -]{0,199}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path bin;
  private final Pm2Probe probe;
  private final Duration timeout;
  private final ExecutorService runner =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "understudy-pm2-command");
        t.setDaemon(true);
        return t;
      });

  public Pm2Client(Path bin, Pm2Probe probe, Duration timeout) {
    this.bin = bin;
    this.probe = probe;
    this.timeout = timeout;
  }

  public Path bin() {
    return bin;
  }

  /** The apps PM2 runs, one entry per process (a cluster app has one per instance). */
  public List<Pm2App> jlist() throws Pm2Exception {
    String out = run(List.of("jlist"));
    return parse(out);
  }

  /** {@code pm2 restart TARGET}: a name or a pm_id. */
  public void restart(String nameOrId) throws Pm2Exception {
    if (!TARGET.matcher(nameOrId).matches()) {
      throw new Pm2Exception("'" + nameOrId + "' is not a PM2 app name or id: not restarted");
    }
    run(List.of("restart", nameOrId));
  }

  private String run(List<String> args) throws Pm2Exception {
    Pm2Probe.Result alive = probe.probe();
    if (!alive.alive()) {
      throw new Pm2Exception("pm2 " + args.get(0) + " not run, it would start a PM2 daemon: " + alive.reason());
    }
    List<String> argv = new ArrayList<>();
    argv.add(bin.toString());
    argv.addAll(args);
    Map<String, String> env = new HashMap<>();
    env.put("PM2_HOME", probe.home().toString());
    StringBuilder out = new StringBuilder();
    Future<Integer> f = runner.submit(() -> CommandRunner.run(argv, probe.home(), env, line -> {
      synchronized (out) {
        out.append(line).append('\n');
      }
    }));
    int code;
    try {
      code = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true); // interrupts the runner, which stops the command's process tree
      throw new Pm2Exception("pm2 " + args.get(0) + " did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new Pm2Exception("pm2 " + args.get(0) + " could not run: " + (c instanceof IOException ? c.getMessage() : c));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new Pm2Exception("pm2 " + args.get(0) + " interrupted");
    }
    if (code != 0) {
      // restart's output names apps, not their environment; jlist's is never quoted
      String tail = args.get(0).equals("jlist") ? "" : ": " + lastLine(out.toString());
      throw new Pm2Exception("pm2 " + args.get(0) + " exited with code " + code + tail);
    }
    return out.toString();
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    String last = lines.length == 0 ? "" : lines[lines.length - 1];
    last = last.replaceAll("\u001B\\[[0-9;]*m", "");
    return last.length() > 200 ? last.substring(0, 200) + "..." : last;
  }

  public void close() {
    runner.shutdownNow();
  }

  /**
   * Reads {@code pm2 jlist}'s output: a JSON array on one line, maybe after other lines PM2 printed
   * (warnings). Only the fields of {@link Pm2App} are taken.
   */
  static List<Pm2App> parse(String output) throws Pm2Exception {
    JsonNode root = null;
    for (String line : output.split("\n")) {
      String l = line.strip();
      if (!l.startsWith("[")) continue;
      try {
        root = JSON.readTree(l);
      } catch (IOException e) {
        // Jackson's message quotes the text, which holds the apps' environments: never passed on
        throw new Pm2Exception("pm2 jlist printed a list that is not valid JSON (" + l.length() + " characters)");
      }
      break;
    }
    if (root == null || !root.isArray()) {
      throw new Pm2Exception("pm2 jlist printed no JSON list (" + output.length() + " characters)");
    }
    List<Pm2App> apps = new ArrayList<>();
    for (JsonNode a : root) {
      JsonNode env = a.path("pm2_env");
      JsonNode monit = a.path("monit");
      String status = env.path("status").asText("unknown");
      Optional<Integer> exit = env.path("exit_code").isNumber() ? Optional.of(env.path("exit_code").asInt()) : Optional.empty();
      boolean unexpected = false;
      if (Pm2App.STOPPED.equals(status) && exit.isPresent() && exit.get() != 0) {
        unexpected = true;
        for (JsonNode c : env.path("stop_exit_codes")) {
          if (c.asInt(Integer.MIN_VALUE) == exit.get()) unexpected = false;
        }
        if (env.path("stop_exit_codes").isNumber() && env.path("stop_exit_codes").asInt() == exit.get()) unexpected = false;
      }
      long uptime = env.path("pm_uptime").asLong(0);
      apps.add(new Pm2App(
          a.path("name").asText(env.path("name").asText("?")),
          a.path("pm_id").asInt(env.path("pm_id").asInt(-1)),
          a.path("pid").asLong(0),
          status,
          env.path("restart_time").asInt(0),
          env.path("unstable_restarts").asInt(0),
          monit.path("memory").asLong(0),
          monit.path("cpu").asDouble(0),
          uptime > 0 ? Optional.of(Instant.ofEpochMilli(uptime)) : Optional.empty(),
          exit,
          unexpected));
    }
    return List.copyOf(apps);
  }
}

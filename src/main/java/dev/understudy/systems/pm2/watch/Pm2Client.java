package dev.understudy.systems.pm2.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a running PM2 daemon for its apps ({@code getMonitorData}, what {@code pm2 jlist} prints)
 * and restarts one ({@code restartProcessId}, what {@code pm2 restart} does), over the daemon's
 * {@code rpc.sock} with a timeout (see {@link Pm2Rpc}). It never runs a {@code pm2} command: one
 * started while the daemon is going away (a {@code pm2 kill} under way) launches a new, empty daemon
 * in the user's {@code PM2_HOME}. It also asks {@link Pm2Probe} first and refuses when there is no
 * daemon.
 *
 * <p>PM2's answer holds every app's whole environment, secrets included. Only the fields of
 * {@link Pm2App} are read; the answer is neither logged nor kept, and no error message quotes it.
 */
public final class Pm2Client {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Pm2Probe probe;
  private final Duration timeout;
  private final ExecutorService runner =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "understudy-pm2-rpc");
        t.setDaemon(true);
        return t;
      });

  public Pm2Client(Pm2Probe probe, Duration timeout) {
    this.probe = probe;
    this.timeout = timeout;
  }

  /** The apps PM2 runs, one entry per process (a cluster app has one per instance). */
  public List<Pm2App> jlist() throws Pm2Exception {
    List<Object> args = call("getMonitorData", List.of(Map.of()));
    return parse(args.isEmpty() ? null : args.get(0));
  }

  /**
   * Restarts an app in PM2, by name (every instance of it) or by pm_id, as {@code pm2 restart}
   * does; its environment stays PM2's.
   */
  public void restart(String nameOrId) throws Pm2Exception {
    List<Integer> ids = new ArrayList<>();
    if (nameOrId.matches("\\d{1,9}")) {
      ids.add(Integer.parseInt(nameOrId));
    } else {
      for (Pm2App a : jlist()) if (a.name().equals(nameOrId)) ids.add(a.pmId());
      if (ids.isEmpty()) throw new Pm2Exception("PM2 has no app named '" + nameOrId + "': not restarted");
    }
    for (int id : ids) call("restartProcessId", List.of(Map.of("id", id)));
  }

  private List<Object> call(String method, List<Object> args) throws Pm2Exception {
    Pm2Probe.Result alive = probe.probe();
    if (!alive.alive()) {
      throw new Pm2Exception("PM2 not asked for " + method + ": " + alive.reason());
    }
    Path socket = probe.home().resolve(Pm2Probe.RPC_SOCKET);
    Future<List<Object>> f = runner.submit(() -> Pm2Rpc.call(socket, method, args));
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true); // interrupts the call, which closes the socket
      throw new Pm2Exception("PM2 did not answer " + method + " within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Pm2Exception) throw (Pm2Exception) c;
      throw new Pm2Exception("PM2 did not answer " + method + ": " + (c instanceof IOException ? c.getMessage() : c.toString()));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new Pm2Exception("interrupted while asking PM2 for " + method);
    }
  }

  public void close() {
    runner.shutdownNow();
  }

  /**
   * Reads PM2's process list (the JSON {@code pm2 jlist} prints, as {@link
   * dev.understudy.util.JsonReader} reads it), taking only the fields of {@link Pm2App}.
   */
  static List<Pm2App> parse(Object root) throws Pm2Exception {
    if (!(root instanceof List<?> list)) {
      throw new Pm2Exception("PM2 answered with no process list");
    }
    List<Pm2App> apps = new ArrayList<>();
    for (Object item : list) {
      Map<?, ?> a = object(item);
      Map<?, ?> env = object(a.get("pm2_env"));
      Map<?, ?> monit = object(a.get("monit"));
      String status = text(env.get("status"), "unknown");
      Optional<Integer> exit = env.get("exit_code") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
      boolean unexpected = false;
      if (Pm2App.STOPPED.equals(status) && exit.isPresent() && exit.get() != 0) {
        Object codes = env.get("stop_exit_codes");
        List<?> listed = codes instanceof List<?> l ? l : codes == null ? List.of() : List.of(codes);
        unexpected = listed.stream().noneMatch(c -> integer(c, Integer.MIN_VALUE) == exit.get());
      }
      long uptime = number(env.get("pm_uptime"), 0).longValue();
      apps.add(new Pm2App(
          text(a.get("name"), text(env.get("name"), "?")),
          integer(a.get("pm_id"), integer(env.get("pm_id"), -1)),
          number(a.get("pid"), 0).longValue(),
          status,
          integer(env.get("restart_time"), 0),
          integer(env.get("unstable_restarts"), 0),
          number(monit.get("memory"), 0).longValue(),
          number(monit.get("cpu"), 0).doubleValue(),
          uptime > 0 ? Optional.of(Instant.ofEpochMilli(uptime)) : Optional.empty(),
          exit,
          unexpected));
    }
    return List.copyOf(apps);
  }

  private static Map<?, ?> object(Object v) {
    return v instanceof Map<?, ?> m ? m : Map.of();
  }

  /** A string, or a number's text, as Jackson's {@code asText(fallback)} reads it. */
  private static String text(Object v, String fallback) {
    return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : fallback;
  }

  /** A number, or a string holding one, as Jackson's {@code asLong/asDouble(fallback)} read it. */
  private static Number number(Object v, Number fallback) {
    if (v instanceof Number n) return n;
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  private static int integer(Object v, int fallback) {
    return number(v, fallback).intValue();
  }
}

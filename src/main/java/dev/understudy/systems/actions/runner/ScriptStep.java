package dev.understudy.systems.actions.runner;

import dev.understudy.engine.process.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code run:} step, run as a self-hosted runner would: the script body (expressions already
 * substituted by the caller) goes into a file under {@code RUNNER_TEMP}, the {@link Shell} runs
 * it with exactly the environment given (plus {@code GITHUB_OUTPUT}, {@code GITHUB_ENV},
 * {@code GITHUB_PATH}, {@code GITHUB_STEP_SUMMARY}, {@code GITHUB_STATE}, pointing at fresh
 * empty files), its stdout and stderr are merged in order, read for {@link WorkflowCommands} and
 * handed, masked, to the line sink; then the environment files are read into the {@link StepResult}.
 *
 * <pre>{@code
 * Masker masker = new Masker();                       // one per job
 * StepResult r = ScriptStep.builder("echo \"sum=$((1+2))\" >> \"$GITHUB_OUTPUT\"")
 *     .shell("bash")                                  // null: bash -e, or sh -e
 *     .workingDirectory(workspace)
 *     .env(env)                                       // the whole environment; see StandardEnv
 *     .tempDir(runnerTemp)                            // default: env RUNNER_TEMP
 *     .secrets(List.of(token))
 *     .masker(masker)
 *     .timeout(Duration.ofMinutes(10))
 *     .lines(System.out::println)
 *     .build()
 *     .run();
 * r.outputs().get("sum"); // "3"
 * }</pre>
 *
 * <p>{@link #start()} runs it on its own thread and returns a {@link StepProcess} to cancel or
 * await. The script file is left in {@code RUNNER_TEMP}, as GitHub does; the job removes that
 * directory.
 */
public final class ScriptStep {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final String script;
  private final String shell;
  private final Path workingDirectory;
  private final Map<String, String> env;
  private final Path tempDir;
  private final Path fileCommandDir;
  private final Duration timeout;
  private final Masker masker;
  private final List<String> secrets;
  private final Consumer<String> sink;
  private final boolean debug;

  private ScriptStep(Builder b) {
    this.script = Objects.requireNonNull(b.script, "script");
    this.shell = b.shell;
    this.env = Map.copyOf(b.env);
    String ws = env.get("GITHUB_WORKSPACE");
    this.workingDirectory = b.workingDirectory != null ? b.workingDirectory : ws != null ? Path.of(ws) : null;
    if (workingDirectory == null) throw new IllegalStateException("a step needs a working directory (or GITHUB_WORKSPACE in its env)");
    String rt = env.get("RUNNER_TEMP");
    this.tempDir = b.tempDir != null ? b.tempDir : rt != null ? Path.of(rt) : null;
    if (tempDir == null) throw new IllegalStateException("a step needs a temp directory (or RUNNER_TEMP in its env)");
    this.fileCommandDir = b.fileCommandDir != null ? b.fileCommandDir : tempDir.resolve("_runner_file_commands");
    this.timeout = b.timeout;
    this.masker = b.masker != null ? b.masker : new Masker();
    this.secrets = List.copyOf(b.secrets);
    this.sink = b.sink;
    this.debug = b.debug != null ? b.debug
        : "1".equals(env.get("RUNNER_DEBUG")) || "true".equalsIgnoreCase(env.get("ACTIONS_STEP_DEBUG"));
  }

  public static Builder builder(String script) {
    return new Builder(script);
  }

  /** Runs the step on this thread's behalf and waits for its end. Interrupting the caller cancels the step. */
  public StepResult run() {
    StepProcess p = start();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.await();
        } catch (InterruptedException e) {
          interrupted = true;
          p.cancel();
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /** Starts the step on its own thread. */
  public StepProcess start() {
    CompletableFuture<StepResult> result = new CompletableFuture<>();
    Execution ex = new Execution(result);
    Thread t = new Thread(ex, "understudy-step");
    t.setDaemon(true);
    ex.thread = t;
    t.start();
    return new StepProcess(result, () -> ex.stop(StepResult.Outcome.CANCELLED));
  }

  /** One run: the worker thread, and the stop that may interrupt it while the script runs. */
  private final class Execution implements Runnable {
    private final CompletableFuture<StepResult> result;
    private final Object lock = new Object();
    private Thread thread;
    private boolean running = true;
    private StepResult.Outcome stoppedAs;

    Execution(CompletableFuture<StepResult> result) {
      this.result = result;
    }

    void stop(StepResult.Outcome why) {
      synchronized (lock) {
        if (!running || stoppedAs != null) return;
        stoppedAs = why;
        thread.interrupt();
      }
    }

    private StepResult.Outcome stoppedAs() {
      synchronized (lock) {
        return stoppedAs;
      }
    }

    @Override
    public void run() {
      try {
        result.complete(execute());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }

    private StepResult execute() {
      long start = System.nanoTime();
      secrets.forEach(masker::add);
      Consumer<String> safeSink = line -> {
        try {
          sink.accept(line);
        } catch (RuntimeException ignored) {
          // a failing sink must not stop the reading of the output
        }
      };
      String ws = env.get("GITHUB_WORKSPACE");
      WorkflowCommands commands = new WorkflowCommands(masker, safeSink, ws == null ? null : Path.of(ws), debug,
          "true".equalsIgnoreCase(env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")));
      ScheduledFuture<?> timer = timeout == null ? null
          : TIMER.schedule(() -> stop(StepResult.Outcome.TIMED_OUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
      Integer exitCode = null;
      FileCommands files = null;
      boolean failed = false;
      try {
        String key = UUID.randomUUID().toString();
        Shell sh = Shell.resolve(shell, env.get("PATH"));
        files = FileCommands.create(fileCommandDir, key);
        Files.createDirectories(tempDir);
        Path scriptFile = tempDir.resolve(key + sh.extension());
        Files.writeString(scriptFile, sh.scriptContent(script), StandardCharsets.UTF_8);
        if (!Files.isDirectory(workingDirectory)) {
          throw new StepException("the working directory " + workingDirectory + " does not exist; check working-directory:"
              + " or create it in an earlier step");
        }
        Map<String, String> fullEnv = new LinkedHashMap<>(env);
        fullEnv.putAll(files.variables());
        exitCode = CommandRunner.run(sh.argv(scriptFile), workingDirectory, fullEnv, false, line -> {
          synchronized (commands) {
            commands.accept(line);
          }
        });
      } catch (InterruptedException e) {
        // stopped: stoppedAs says why
      } catch (StepException e) {
        failed = true;
        synchronized (commands) {
          commands.error(e.getMessage());
        }
      } catch (IOException e) {
        if (stoppedAs() == null) {
          failed = true;
          synchronized (commands) {
            commands.error("the step could not run: " + e.getMessage());
          }
        }
      } finally {
        synchronized (lock) {
          running = false;
        }
        Thread.interrupted(); // a stop that came after the end of the script
        if (timer != null) timer.cancel(false);
      }
      StepResult.Outcome stopped = stoppedAs();
      synchronized (commands) {
        if (stopped == StepResult.Outcome.TIMED_OUT) {
          commands.error("The action has timed out after " + describe(timeout) + ".");
        } else if (stopped == StepResult.Outcome.CANCELLED) {
          commands.error("The operation was canceled.");
        } else if (exitCode != null && exitCode != 0) {
          commands.error("Process completed with exit code " + exitCode + ".");
        }
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      Map<String, String> newEnv = new LinkedHashMap<>();
      List<String> path = new ArrayList<>();
      Map<String, String> state = new LinkedHashMap<>();
      String summary = "";
      WorkflowCommands.Effects fx;
      synchronized (commands) {
        fx = commands.effects();
        outputs.putAll(fx.outputs());
        newEnv.putAll(fx.env());
        path.addAll(fx.path());
        state.putAll(fx.state());
        if (files != null) {
          try {
            outputs.putAll(FileCommands.readEntries(files.output(), "GITHUB_OUTPUT"));
            newEnv.putAll(FileCommands.readEntries(files.env(), "GITHUB_ENV"));
            for (String dir : FileCommands.readPath(files.path())) {
              path.remove(dir);
              path.add(dir);
            }
            state.putAll(FileCommands.readEntries(files.state(), "GITHUB_STATE"));
            String text = FileCommands.read(files.summary());
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > FileCommands.SUMMARY_LIMIT) {
              commands.error("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of "
                  + FileCommands.SUMMARY_LIMIT / 1024 + "k, got " + (bytes + 1023) / 1024 + "k.");
            } else {
              summary = masker.mask(text);
            }
          } catch (StepException e) {
            failed = true;
            commands.error(e.getMessage());
          } catch (IOException e) {
            failed = true;
            commands.error("the step's environment files could not be read: " + e.getMessage());
          }
        }
        fx = commands.effects();
      }
      StepResult.Outcome outcome = stopped != null ? stopped
          : failed || fx.failed() || exitCode == null || exitCode != 0 ? StepResult.Outcome.FAILURE
          : StepResult.Outcome.SUCCESS;
      return new StepResult(outcome, stopped != null ? null : exitCode, unmodifiable(outputs), unmodifiable(newEnv),
          List.copyOf(path), unmodifiable(state), summary, fx.annotations(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static Map<String, String> unmodifiable(Map<String, String> m) {
    return java.util.Collections.unmodifiableMap(m);
  }

  private static String describe(Duration d) {
    if (d.toMillis() % 60_000 == 0) return d.toMinutes() + " minute" + (d.toMinutes() == 1 ? "" : "s");
    if (d.toMillis() % 1000 == 0) return d.toSeconds() + " second" + (d.toSeconds() == 1 ? "" : "s");
    return d.toMillis() + " ms";
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "understudy-step-timeouts");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Settings of one step; {@link #build()} checks them. */
  public static final class Builder {
    private final String script;
    private String shell;
    private Path workingDirectory;
    private Map<String, String> env = Map.of();
    private Path tempDir;
    private Path fileCommandDir;
    private Duration timeout;
    private Masker masker;
    private final List<String> secrets = new ArrayList<>();
    private Consumer<String> sink = line -> {};
    private Boolean debug;

    private Builder(String script) {
      this.script = script;
    }

    /** The {@code shell:} value; null or blank for the default. */
    public Builder shell(String shell) {
      this.shell = shell;
      return this;
    }

    /** Default: {@code GITHUB_WORKSPACE} of the env. */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = dir;
      return this;
    }

    /** The step's whole environment: nothing of the daemon's own environment is added. */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** Where the script file goes. Default: {@code RUNNER_TEMP} of the env. */
    public Builder tempDir(Path dir) {
      this.tempDir = dir;
      return this;
    }

    /** Where the environment files go. Default: {@code <tempDir>/_runner_file_commands}. */
    public Builder fileCommandDir(Path dir) {
      this.fileCommandDir = dir;
      return this;
    }

    /** {@code timeout-minutes}; null for none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The job's masker; default a fresh one (still backed by the daemon-wide masker). */
    public Builder masker(Masker masker) {
      this.masker = masker;
      return this;
    }

    /** Values to mask in everything the step shows. */
    public Builder secrets(Collection<String> secrets) {
      this.secrets.addAll(secrets);
      return this;
    }

    /** Receives every output line, masked, in order; called from a reader thread. */
    public Builder lines(Consumer<String> sink) {
      this.sink = Objects.requireNonNull(sink);
      return this;
    }

    /** Show {@code ::debug::} lines. Default: {@code RUNNER_DEBUG=1} or {@code ACTIONS_STEP_DEBUG=true} in the env. */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    public ScriptStep build() {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      return new ScriptStep(this);
    }
  }
}

package dev.understudy.cli;

import dev.understudy.daemon.DaemonHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "logs",
    description = {"Print the daemon's log, or with NAME an app's logs (stdout and stderr, or --out/--err):",
        "the last lines, and with --follow what comes next."})
final class LogsCommand implements Callable<Integer> {
  static final long FOLLOW_POLL_MS = 200;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "20", description = "How many of the last lines (default 20).")
  int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
  boolean follow;

  @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "An app (or all), as 'understudy ps' shows it.")
  String app;

  @Option(names = "--out", description = "Only the app's stdout.")
  boolean outOnly;

  @Option(names = "--err", description = "Only the app's stderr.")
  boolean errOnly;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (lines < 0) {
      spec.commandLine().getErr().println("understudy: --lines must be 0 or more, not " + lines);
      return Main.BAD_INPUT;
    }
    if (app != null) return appLogs(out);
    DaemonHome home = DaemonHome.fromEnvironment();
    Path file = home.logFile();
    if (!Files.exists(file)) {
      spec.commandLine().getErr().println("understudy: no log yet at " + file + ": start the daemon with 'understudy start'");
      return follow ? waitAndFollow(file, out) : Main.NOT_RUNNING;
    }
    printTail(file, out);
    out.flush();
    return follow ? follow(new java.util.LinkedHashMap<>(java.util.Map.of(file, Files.size(file))), out) : Main.OK;
  }

  /** An app's log files, which the daemon names; read here, where they are. */
  @SuppressWarnings("unchecked")
  private int appLogs(PrintWriter out) throws Exception {
    java.io.PrintWriter err = spec.commandLine().getErr();
    String body = Faces.get(err, "/api/apps/" + dev.understudy.util.UrlParts.encode(app) + "/logs");
    java.util.List<Path> files = new java.util.ArrayList<>();
    for (Object v : Json.object(body).values()) {
      java.util.Map<String, Object> m = (java.util.Map<String, Object>) v;
      Path o = Path.of((String) m.get("out"));
      Path e = Path.of((String) m.get("err"));
      boolean both = outOnly == errOnly;
      if (both || outOnly || e.equals(o)) files.add(o);
      if ((both || errOnly) && !e.equals(o)) files.add(e);
    }
    java.util.Map<Path, Long> positions = new java.util.LinkedHashMap<>();
    for (Path f : files) {
      out.println("==> " + f + " <==");
      if (Files.exists(f)) printTail(f, out);
      positions.put(f, Files.exists(f) ? Files.size(f) : 0L);
    }
    out.flush();
    return follow ? follow(positions, out) : Main.OK;
  }

  /** The last {@code lines} lines of {@code file}. */
  private void printTail(Path file, PrintWriter out) throws IOException {
    Deque<String> tail = new ArrayDeque<>();
    try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
      s.forEach(l -> {
        tail.addLast(l);
        if (tail.size() > lines) tail.removeFirst();
      });
    }
    tail.forEach(out::println);
  }

  private int waitAndFollow(Path file, PrintWriter out) throws IOException, InterruptedException {
    while (!Files.exists(file)) Thread.sleep(FOLLOW_POLL_MS);
    return follow(new java.util.LinkedHashMap<>(java.util.Map.of(file, 0L)), out);
  }

  /** Prints what is appended to each file after its position; starts a file over when it is rotated. */
  private int follow(java.util.Map<Path, Long> positions, PrintWriter out) throws IOException, InterruptedException {
    byte[] buf = new byte[8192];
    while (!Thread.currentThread().isInterrupted()) {
      for (java.util.Map.Entry<Path, Long> e : positions.entrySet()) {
        Path f = e.getKey();
        long pos = e.getValue();
        long size = Files.exists(f) ? Files.size(f) : 0;
        if (size < pos) pos = 0;
        if (size > pos) {
          try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            raf.seek(pos);
            int n;
            while ((n = raf.read(buf)) > 0) {
              out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
              pos += n;
            }
          }
          out.flush();
        }
        e.setValue(pos);
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
    return Main.OK;
  }
}

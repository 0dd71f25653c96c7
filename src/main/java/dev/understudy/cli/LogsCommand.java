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

@Command(mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class, name = "logs", description = "Print the daemon's log: the last lines, and with --follow what comes next.")
final class LogsCommand implements Callable<Integer> {
  static final long FOLLOW_POLL_MS = 200;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "20", description = "How many of the last lines (default 20).")
  int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (lines < 0) {
      spec.commandLine().getErr().println("understudy: --lines must be 0 or more, not " + lines);
      return Main.BAD_INPUT;
    }
    DaemonHome home = DaemonHome.fromEnvironment();
    Path file = home.logFile();
    if (!Files.exists(file)) {
      spec.commandLine().getErr().println("understudy: no log yet at " + file + ": start the daemon with 'understudy start'");
      return follow ? waitAndFollow(file, out) : Main.NOT_RUNNING;
    }
    Deque<String> tail = new ArrayDeque<>();
    try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
      s.forEach(l -> {
        tail.addLast(l);
        if (tail.size() > lines) tail.removeFirst();
      });
    }
    tail.forEach(out::println);
    out.flush();
    return follow ? followFrom(file, Files.size(file), out) : Main.OK;
  }

  private int waitAndFollow(Path file, PrintWriter out) throws IOException, InterruptedException {
    while (!Files.exists(file)) Thread.sleep(FOLLOW_POLL_MS);
    return followFrom(file, 0, out);
  }

  /** Prints what is appended after {@code pos}; starts over when the file is rotated. */
  private int followFrom(Path file, long pos, PrintWriter out) throws IOException, InterruptedException {
    byte[] buf = new byte[8192];
    while (!Thread.currentThread().isInterrupted()) {
      long size = Files.exists(file) ? Files.size(file) : 0;
      if (size < pos) pos = 0;
      if (size > pos) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
          raf.seek(pos);
          int n;
          while ((n = raf.read(buf)) > 0) {
            out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
            pos += n;
          }
        }
        out.flush();
      }
      Thread.sleep(FOLLOW_POLL_MS);
    }
    return Main.OK;
  }
}

package dev.understudy.engine.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a child die with the daemon. A process the daemon started outlives a {@code kill -9} of
 * the JVM; after the restart its run is resumed, and the old copy would still be at work. Linux's
 * parent-death signal (util-linux {@code setpriv --pdeathsig KILL}) ends it with its parent.
 */
public final class Orphans {
  static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private Orphans() {}

  /** {@code argv} wrapped so the process gets SIGKILL when the daemon dies, where setpriv exists. */
  public static List<String> diesWithParent(List<String> argv) {
    if (!Files.isExecutable(SETPRIV)) return argv;
    List<String> out = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    out.addAll(argv);
    return out;
  }
}

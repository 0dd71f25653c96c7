package dev.understudy.engine.supervise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the command of a Node app run through Understudy's Node wrapper
 * ({@code src/main/resources/node/understudy-node-wrapper.js}), which gives the app what PM2 gives
 * it: {@code process.send('ready')} (reported to the supervisor for {@link ProcessSpec.Ready#MESSAGE})
 * and cluster mode ({@code instances} workers through Node's {@code cluster} module, sharing the
 * app's ports, rolling {@link Supervisor#reload reload}).
 *
 * <pre>{@code
 * Path wrapper = supervisor.nodeWrapper();
 * List<String> argv = NodeLauncher.argv(wrapper, "node", List.of("--max-old-space-size=256"),
 *     Path.of("server.js"), List.of("--port", "3000"), 4);   // 0: fork mode, N: cluster of N
 * }</pre>
 */
public final class NodeLauncher {
  public static final String RESOURCE = "/node/understudy-node-wrapper.js";
  public static final String FILE_NAME = "understudy-node-wrapper.js";

  private NodeLauncher() {}

  /** Writes the wrapper into {@code dir} (when missing or different) and returns its path. */
  public static Path install(Path dir) {
    return installResource(RESOURCE, dir, FILE_NAME);
  }

  /**
   * Writes the class-path resource {@code resource} into {@code dir} as {@code fileName} (when
   * missing or different; atomically) and returns its path: the Node harnesses run from there.
   */
  public static Path installResource(String resource, Path dir, String fileName) {
    try (InputStream in = NodeLauncher.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("the Node harness " + resource + " is missing from the class path");
      byte[] code = in.readAllBytes();
      Files.createDirectories(dir);
      Path target = dir.resolve(fileName);
      if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), code)) return target;
      Path tmp = Files.createTempFile(dir, fileName, ".tmp");
      Files.write(tmp, code);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install " + resource + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code node [nodeArgs] wrapper [--instances=N] -- script [args]}.
   *
   * @param instances 0 for fork mode (the app runs in the wrapper's process), N >= 1 for a cluster of N workers
   */
  public static List<String> argv(Path wrapper, String node, List<String> nodeArgs, Path script, List<String> args, int instances) {
    if (instances < 0) throw new IllegalArgumentException("instances must be >= 0: " + instances);
    List<String> out = new ArrayList<>();
    out.add(node);
    out.addAll(nodeArgs);
    out.add(wrapper.toString());
    if (instances > 0) out.add("--instances=" + instances);
    out.add("--");
    out.add(script.toString());
    out.addAll(args);
    return List.copyOf(out);
  }
}

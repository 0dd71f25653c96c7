package dev.understudy.systems.actions.runner;

import java.nio.file.Path;

/**
 * Where the code of remote actions ({@code owner/repo@ref}) is looked for: Understudy fetches
 * nothing from the network, so a remote action runs only when its code is already at
 * {@code $UNDERSTUDY_ACTIONS_DIR/owner/repo@ref} (default {@code ~/.understudy/actions}).
 */
final class RemoteActions {
  private RemoteActions() {}

  static Path root() {
    String dir = System.getenv("UNDERSTUDY_ACTIONS_DIR");
    if (dir != null && !dir.isBlank()) return Path.of(dir);
    String home = System.getenv("UNDERSTUDY_HOME");
    return (home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".understudy"))
        .resolve("actions");
  }
}

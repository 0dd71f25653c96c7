package dev.understudy.engine.supervise;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with one supervisor: state under its temp dir, events recorded, closed after each test. */
abstract class WithSupervisor {
  @TempDir Path dir;
  final Specs.Events events = new Specs.Events();
  Supervisor sup;

  @BeforeEach
  final void openSupervisor() {
    sup = Specs.supervisor(dir, events);
  }

  @AfterEach
  final void closeSupervisor() {
    sup.close();
  }
}

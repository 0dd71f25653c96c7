package dev.understudy.engine.queue;

import dev.understudy.engine.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobQueueTest extends JobQueueContract {
  @TempDir Path dir;

  @Override
  Store openStore() {
    return Store.sqlite(dir.resolve("understudy.db"));
  }
}

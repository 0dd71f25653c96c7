package dev.understudy.engine.queue;

import dev.understudy.engine.store.Store;
import dev.understudy.testing.Postgres;

class PostgresJobQueueTest extends JobQueueContract {
  @Override
  Store openStore() {
    return Store.open(Postgres.newDatabaseUrl(), "postgres", "postgres", 8);
  }
}

package dev.understudy.orchestrator;

import dev.understudy.config.UnderstudyConfig;
import dev.understudy.engine.store.Store;
import java.nio.file.Path;

/**
 * Whether the store a daemon would use answers, asked without a daemon ({@code understudy test}):
 * the configured PostgreSQL when understudy.yml names one, else the home's SQLite file.
 */
public final class StoreCheck {
  /** @param description where the store is, or why it does not answer */
  public record Result(boolean ok, String description) {}

  private StoreCheck() {}

  public static Result of(UnderstudyConfig config, Path sqliteFile) {
    try (Store s = config != null && config.store().url().isPresent()
        ? Store.open(config.store().url().get(), config.store().username().orElse(null), config.store().password().orElse(null), 1)
        : Store.sqlite(sqliteFile)) {
      return new Result(s.ping(), s.description());
    } catch (RuntimeException e) {
      return new Result(false, e.getMessage());
    }
  }
}

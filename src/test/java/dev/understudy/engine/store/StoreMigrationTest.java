package dev.understudy.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway runs only when the schema is behind; an up-to-date store opens without it. */
class StoreMigrationTest {
  @TempDir Path dir;

  @Test
  void latestMigrationMatchesTheMigrationFiles() throws Exception {
    int max = 0;
    try (var files = Files.walk(Path.of("src/main/resources/db/migration"))) {
      for (Path f : files.toList()) {
        Matcher m = Pattern.compile("^V(\\d+)__").matcher(f.getFileName().toString());
        if (m.find()) max = Math.max(max, Integer.parseInt(m.group(1)));
      }
    }
    assertThat(Store.LATEST_MIGRATION).as("Store.LATEST_MIGRATION is the newest V<n>__ file").isEqualTo(max);
  }

  @Test
  void theSqliteStoreIsWriteAheadLoggedWithForeignKeysABusyTimeoutAndUpFrontWriteLocks() throws Exception {
    try (Store s = Store.sqlite(dir.resolve("p.db")); Connection c = s.dataSource().getConnection(); Statement st = c.createStatement()) {
      assertThat(pragma(st, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(st, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(pragma(st, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(st, "busy_timeout")).isEqualTo(String.valueOf(Store.SQLITE_BUSY_TIMEOUT.toMillis()));
      assertThat(c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().getTransactionMode())
          .isEqualTo(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
    }
  }

  private static String pragma(Statement st, String name) throws Exception {
    try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aStoreBehindTheMigrationsIsMigratedAgain() throws Exception {
    Path db = dir.resolve("u.db");
    try (Store s = Store.sqlite(db)) {
      assertThat(tables(s)).contains("job_runs", "scheduled_tasks", "flyway_schema_history");
    }
    try (Store s = Store.sqlite(db)) {
      assertThat(tables(s)).contains("job_runs"); // up to date: opened as it is
      try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement()) {
        // job_runs is made by V2 and changed by the later ones: they all run again
        st.executeUpdate("DROP TABLE job_runs");
        for (int v = 2; v <= Store.LATEST_MIGRATION; v++) st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '" + v + "'");
      }
    }
    try (Store s = Store.sqlite(db)) {
      assertThat(tables(s)).as("the missing migration ran again").contains("job_runs");
    }
  }

  private static java.util.List<String> tables(Store s) throws Exception {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (Connection c = s.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}

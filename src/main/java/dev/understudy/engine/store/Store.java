package dev.understudy.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The durable store: a SQLite file by default, PostgreSQL for a cluster. Opening it migrates the
 * schema; closing it closes the pool.
 */
public final class Store implements AutoCloseable {
  public static final int SQLITE_POOL_SIZE = 1;
  public static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String description;

  private Store(HikariDataSource dataSource, Dialect dialect, String description) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
  }

  /**
   * The embedded store: one SQLite file, write-ahead logged, through one connection. SQLite takes
   * one writer at a time anyway; queueing for the connection in the JVM costs microseconds, where
   * SQLite's own busy handler sleeps 1, 2, 5 ... 100 ms between retries (docs/BENCHMARKS.md).
   */
  public static Store sqlite(Path file) {
    return open("jdbc:sqlite:" + file.toAbsolutePath(), null, null, SQLITE_POOL_SIZE);
  }

  public static Store open(String url, String username, String password, int poolSize) {
    Dialect dialect = Dialect.of(url);
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("understudy-store");
    if (dialect == Dialect.SQLITE) {
      hc.setDataSource(sqliteDataSource(url));
    } else {
      hc.setJdbcUrl(url);
    }
    if (username != null) hc.setUsername(username);
    if (password != null) hc.setPassword(password);
    hc.setMaximumPoolSize(dialect == Dialect.SQLITE ? SQLITE_POOL_SIZE : poolSize);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    hc.setInitializationFailTimeout(CONNECTION_TIMEOUT.toMillis());
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the store at " + redact(url) + ": " + rootMessage(e)
          + (dialect == Dialect.POSTGRESQL ? " (check store.url, username and password, and that PostgreSQL runs)" : ""), e);
    }
    Store store = new Store(ds, dialect, redact(url));
    try {
      store.migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate the store at " + redact(url) + ": " + rootMessage(e), e);
    }
    return store;
  }

  /**
   * SQLite's own data source, so that no {@code DriverManager} lookup loads every JDBC driver on
   * the class path: PostgreSQL's starts {@code java.util.logging} (about 40 classes resident in
   * every daemon that never talks to PostgreSQL).
   */
  private static javax.sql.DataSource sqliteDataSource(String url) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("journal_mode", "WAL");
    p.setProperty("synchronous", "NORMAL");
    p.setProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT.toMillis()));
    p.setProperty("foreign_keys", "true");
    // Write transactions take the lock up front, so two writers wait instead of failing.
    p.setProperty("transaction_mode", "IMMEDIATE");
    org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource(new org.sqlite.SQLiteConfig(p));
    ds.setUrl(url);
    return ds;
  }

  /**
   * The newest migration shipped (the highest {@code V<n>__} in {@code db/migration/*}; a test
   * checks it against the files).
   */
  static final int LATEST_MIGRATION = 3;

  /**
   * Runs Flyway when the schema is behind (or was never made, or a migration failed). A store that
   * is up to date opens without loading Flyway at all: about 330 classes, some 2-3 MB of the
   * daemon's resident memory and tens of milliseconds of every start. (Flyway would also
   * re-validate the checksums of applied migrations: applied migrations are never edited.)
   */
  private void migrate() {
    if (upToDate()) return;
    FlywayMigration.run(dataSource, "classpath:db/migration/common", "classpath:db/migration/" + dialect.migrationFolder());
  }

  private boolean upToDate() {
    try (Connection c = dataSource.getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
      int newest = -1;
      while (rs.next()) {
        if (!rs.getBoolean(2)) return false;
        try {
          newest = Math.max(newest, Integer.parseInt(rs.getString(1).trim()));
        } catch (NumberFormatException e) {
          return false;
        }
      }
      return newest >= LATEST_MIGRATION;
    } catch (SQLException e) {
      return false; // no history yet: Flyway makes it
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Where the store is, without credentials: for status output. */
  public String description() {
    return description;
  }

  /** True when a trivial query answers. */
  public boolean ping() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage();
  }
}

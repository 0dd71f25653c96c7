package dev.understudy.engine.store;

/** The two databases the store runs on. One SQL fits both: instants are epoch millis. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The migration folder with this database's own DDL (db-scheduler's table). */
  public String migrationFolder() {
    return folder;
  }

  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
    if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
    throw new IllegalArgumentException("unsupported store url " + jdbcUrl + ": use jdbc:sqlite: or jdbc:postgresql:");
  }
}

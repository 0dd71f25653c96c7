package dev.understudy.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real local PostgreSQL (io.zonky embedded binaries), locale C.UTF-8, default durability unless told. */
final class Pg implements AutoCloseable {
  final EmbeddedPostgres server;

  /** {@code settings}: "name=value,name=value" passed as server settings (e.g. "synchronous_commit=off"). */
  Pg(String settings) throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setLocaleConfig("locale", "C.UTF-8")
        .setServerConfig("max_connections", "300");
    if (settings != null && !settings.isBlank()) {
      for (String kv : settings.split(",")) {
        int eq = kv.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("--pg-set wants name=value pairs, found " + kv);
        b.setServerConfig(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
    }
    server = b.start();
  }

  /** A JDBC URL for a new, empty database. */
  String newDatabase(String name) throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return server.getJdbcUrl("postgres", name);
  }

  String setting(String name) {
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW " + name)) {
      return rs.next() ? rs.getString(1) : "?";
    } catch (SQLException e) {
      return "?";
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

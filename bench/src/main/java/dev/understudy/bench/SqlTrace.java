package dev.understudy.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Counts and times every SQL statement the store's pool runs, without touching src/: the SQLite and
 * PostgreSQL drivers are re-registered behind a wrapper, so HikariCP (which asks DriverManager)
 * gets connections whose statements are counted. Statements whose text contains {@link #IGNORE}
 * (the benchmark's own polling) are not counted.
 */
final class SqlTrace {
  static final String IGNORE = "/*bench*/";
  private static final Map<String, Entry> STATS = new ConcurrentHashMap<>();
  private static final LongAdder COMMITS = new LongAdder();
  private static final LongAdder CONNECTIONS = new LongAdder();
  private static volatile boolean installed;
  private static volatile boolean timeline;
  private static final java.util.concurrent.ConcurrentLinkedQueue<Event> EVENTS = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Epoch nanoseconds minus System.nanoTime(), to place events on the wall clock. */
  private static final long EPOCH_OFFSET = java.time.Instant.now().toEpochMilli() * 1_000_000L - System.nanoTime();

  /** One statement: when it started (epoch ns), how long it took, on which thread. */
  record Event(long startEpochNanos, long nanos, String thread, String sql) {}

  private SqlTrace() {}

  static final class Entry {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  /** Puts the wrapper in front of the SQLite and PostgreSQL drivers. Call before opening the store. */
  static synchronized void install() throws SQLException {
    if (installed) return;
    List<Driver> drivers = Collections.list(DriverManager.getDrivers());
    for (Driver d : drivers) {
      String name = d.getClass().getName();
      if (name.equals("org.sqlite.JDBC") || name.equals("org.postgresql.Driver")) {
        DriverManager.deregisterDriver(d);
        DriverManager.registerDriver(new Wrapper(d));
      }
    }
    installed = true;
  }

  /** Also keeps every statement with its start time (for a short window only: it grows without bound). */
  /**
   * An experiment, not what the store does: when above 0, every new SQLite connection gets a busy
   * handler that retries after sleeping this many microseconds (for up to 10 s), instead of SQLite's
   * default one, which sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms between tries.
   */
  static volatile int sqliteBusySleepMicros;

  static void timeline(boolean on) {
    timeline = on;
  }

  static List<Event> events() {
    return new ArrayList<>(EVENTS);
  }

  static void reset() {
    EVENTS.clear();
    STATS.clear();
    COMMITS.reset();
    CONNECTIONS.reset();
  }

  /** Statements per job (divided by {@code jobs}), busiest first, with their mean time. */
  static String report(int jobs) {
    List<Map.Entry<String, Entry>> rows = new ArrayList<>(STATS.entrySet());
    rows.sort((a, b) -> Long.compare(b.getValue().nanos.sum(), a.getValue().nanos.sum()));
    long total = 0, totalNanos = 0;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("  %8s %9s %9s %8s  %s%n", "per job", "count", "mean µs", "total ms", "statement"));
    for (Map.Entry<String, Entry> e : rows) {
      long n = e.getValue().count.sum(), ns = e.getValue().nanos.sum();
      total += n;
      totalNanos += ns;
      sb.append(String.format("  %8.2f %9d %9.0f %8.0f  %s%n", n / (double) jobs, n, ns / 1e3 / n, ns / 1e6, e.getKey()));
    }
    sb.append(String.format("  %8.2f %9d %9.0f %8.0f  ALL STATEMENTS (time summed over threads)%n", total / (double) jobs,
        total, total == 0 ? 0 : totalNanos / 1e3 / total, totalNanos / 1e6));
    sb.append(String.format("  explicit commits: %d (%.2f per job); connections opened: %d%n", COMMITS.sum(),
        COMMITS.sum() / (double) jobs, CONNECTIONS.sum()));
    return sb.toString();
  }

  private static void record(String sql, long start, long nanos) {
    if (sql.contains(IGNORE)) return;
    if (timeline) EVENTS.add(new Event(EPOCH_OFFSET + start, nanos, Thread.currentThread().getName(), shorten(sql)));
    Entry e = STATS.computeIfAbsent(shorten(sql), k -> new Entry());
    e.count.increment();
    e.nanos.add(nanos);
  }

  static String shorten(String sql) {
    String s = sql.replaceAll("\\s+", " ").trim();
    return s.length() > 150 ? s.substring(0, 147) + "..." : s;
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class Wrapper implements Driver {
    private final Driver delegate;

    Wrapper(Driver delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      Connection c = delegate.connect(url, info);
      if (c == null) return null;
      CONNECTIONS.increment();
      int sleep = sqliteBusySleepMicros;
      if (sleep > 0 && url.startsWith("jdbc:sqlite:")) {
        long limit = 10_000_000L / sleep;
        org.sqlite.BusyHandler.setHandler(c, new org.sqlite.BusyHandler() {
          @Override
          protected int callback(int tries) {
            if (tries > limit) return 0;
            java.util.concurrent.locks.LockSupport.parkNanos(sleep * 1000L);
            return 1;
          }
        });
      }
      return (Connection) Proxy.newProxyInstance(SqlTrace.class.getClassLoader(), new Class<?>[] {Connection.class},
          new ConnectionHandler(c));
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
      return delegate.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
      return delegate.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
      return delegate.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
      return delegate.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
      return delegate.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }
  }

  private static final class ConnectionHandler implements InvocationHandler {
    private final Connection target;

    ConnectionHandler(Connection target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      if (name.equals("commit")) COMMITS.increment();
      Object result = SqlTrace.invoke(target, m, args);
      if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null && args[0] instanceof String sql) {
        Class<?> type = name.equals("prepareCall") ? java.sql.CallableStatement.class : PreparedStatement.class;
        return Proxy.newProxyInstance(SqlTrace.class.getClassLoader(), new Class<?>[] {type},
            new StatementHandler(result, sql));
      }
      if (name.equals("createStatement")) {
        return Proxy.newProxyInstance(SqlTrace.class.getClassLoader(), new Class<?>[] {Statement.class},
            new StatementHandler(result, null));
      }
      return result;
    }
  }

  private static final class StatementHandler implements InvocationHandler {
    private final Object target;
    private final String sql;

    StatementHandler(Object target, String sql) {
      this.target = target;
      this.sql = sql;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      if (!m.getName().startsWith("execute")) return SqlTrace.invoke(target, m, args);
      String text = sql != null ? sql : args != null && args.length > 0 && args[0] instanceof String s ? s : "?";
      long t0 = System.nanoTime();
      try {
        return SqlTrace.invoke(target, m, args);
      } finally {
        record(text, t0, System.nanoTime() - t0);
      }
    }
  }
}

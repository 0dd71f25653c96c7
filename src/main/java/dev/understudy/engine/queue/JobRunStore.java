package dev.understudy.engine.queue;

import dev.understudy.engine.logs.SecretMasker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code job_runs} table: history, and at most one run per (job, slot). */
final class JobRunStore {
  static final int MESSAGE_LIMIT = 2000;
  private static final String COLUMNS =
      "id, job, slot, system_name, trigger_kind, priority, state, attempt, max_attempts, accepted_at,"
          + " started_at, ended_at, next_attempt_at, message, log_excerpt, node";

  private final DataSource ds;

  JobRunStore(DataSource ds) {
    this.ds = ds;
  }

  /** Inserts a run unless its (job, slot) exists; true when this call inserted it. */
  boolean insertIfAbsent(JobRun r) {
    return insertIfAbsent(r, null);
  }

  /** As {@link #insertIfAbsent(JobRun)}, with the run's input ({@code null}: none). */
  boolean insertIfAbsent(JobRun r, String payload) {
    String sql = "INSERT INTO job_runs (" + COLUMNS + ", payload) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        + " ON CONFLICT (job, slot) DO NOTHING";
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, r.id());
      ps.setString(i++, r.job());
      ps.setString(i++, r.slot());
      ps.setString(i++, r.system());
      ps.setString(i++, r.trigger().word());
      ps.setInt(i++, r.priority());
      ps.setString(i++, r.state().word());
      ps.setInt(i++, r.attempt());
      ps.setInt(i++, r.maxAttempts());
      ps.setLong(i++, r.acceptedAt().toEpochMilli());
      setInstant(ps, i++, r.startedAt());
      setInstant(ps, i++, r.endedAt());
      setInstant(ps, i++, r.nextAttemptAt());
      ps.setString(i++, clip(r.message()));
      ps.setString(i++, r.logExcerpt());
      ps.setString(i++, r.node());
      ps.setString(i, payload);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new QueueException("cannot record run of " + r.job() + ": " + e.getMessage(), e);
    }
  }

  /** The input a run was accepted with, if any. */
  Optional<String> payload(String id) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT payload FROM job_runs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new QueueException("cannot read the input of run " + id + ": " + e.getMessage(), e);
    }
  }

  Optional<JobRun> find(String id) {
    List<JobRun> rows = query("SELECT " + COLUMNS + " FROM job_runs WHERE id = ?", ps -> ps.setString(1, id));
    return rows.stream().findFirst();
  }

  /** Marks an attempt started; false when the run finished meanwhile (a cancel won the race). */
  boolean markRunning(String id, int attempt, Instant startedAt, String node) {
    return 1 == update("UPDATE job_runs SET state = ?, attempt = ?, started_at = ?, next_attempt_at = NULL, node = ?"
        + " WHERE id = ? AND state IN ('queued', 'running', 'retrying')",
        ps -> {
          ps.setString(1, RunState.RUNNING.word());
          ps.setInt(2, attempt);
          ps.setLong(3, startedAt.toEpochMilli());
          ps.setString(4, node);
          ps.setString(5, id);
        });
  }

  void markRetrying(String id, Instant nextAttemptAt, String message, String excerpt) {
    update("UPDATE job_runs SET state = ?, next_attempt_at = ?, message = ?, log_excerpt = ? WHERE id = ?",
        ps -> {
          ps.setString(1, RunState.RETRYING.word());
          ps.setLong(2, nextAttemptAt.toEpochMilli());
          ps.setString(3, clip(message));
          ps.setString(4, excerpt);
          ps.setString(5, id);
        });
  }

  /** Finishes a run unless it already finished (a cancel and a completion may race). */
  void markFinished(String id, RunState state, Instant endedAt, String message, String excerpt) {
    String sql = "UPDATE job_runs SET state = ?, ended_at = ?, next_attempt_at = NULL, message = ?,"
        + " log_excerpt = COALESCE(?, log_excerpt) WHERE id = ? AND state IN ('queued', 'running', 'retrying')";
    update(sql, ps -> {
      ps.setString(1, state.word());
      ps.setLong(2, endedAt.toEpochMilli());
      ps.setString(3, clip(message));
      ps.setString(4, excerpt);
      ps.setString(5, id);
    });
  }

  /** Runs not finished: queued, running or waiting to retry. */
  List<JobRun> active() {
    return query("SELECT " + COLUMNS + " FROM job_runs WHERE state IN ('queued', 'running', 'retrying')"
        + " ORDER BY accepted_at", ps -> {});
  }

  List<JobRun> activeOf(String job) {
    return query("SELECT " + COLUMNS + " FROM job_runs WHERE job = ? AND state IN ('queued', 'running', 'retrying')",
        ps -> ps.setString(1, job));
  }

  /** The newest runs first; {@code job} null means every job. */
  List<JobRun> history(String job, int limit) {
    if (job == null) {
      return query("SELECT " + COLUMNS + " FROM job_runs ORDER BY accepted_at DESC, id DESC LIMIT ?",
          ps -> ps.setInt(1, limit));
    }
    return query("SELECT " + COLUMNS + " FROM job_runs WHERE job = ? ORDER BY accepted_at DESC, id DESC LIMIT ?",
        ps -> {
          ps.setString(1, job);
          ps.setInt(2, limit);
        });
  }

  /** Deletes finished runs accepted before {@code cutoff}; returns how many. */
  int deleteFinishedBefore(Instant cutoff) {
    return update("DELETE FROM job_runs WHERE accepted_at < ? AND state NOT IN ('queued', 'running', 'retrying')",
        ps -> ps.setLong(1, cutoff.toEpochMilli()));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private int update(String sql, Binder binder) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new QueueException("store update failed: " + e.getMessage(), e);
    }
  }

  private List<JobRun> query(String sql, Binder binder) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<JobRun> out = new ArrayList<>();
        while (rs.next()) out.add(read(rs));
        return out;
      }
    } catch (SQLException e) {
      throw new QueueException("store query failed: " + e.getMessage(), e);
    }
  }

  private static JobRun read(ResultSet rs) throws SQLException {
    return new JobRun(
        rs.getString("id"),
        rs.getString("job"),
        rs.getString("slot"),
        rs.getString("system_name"),
        TriggerKind.fromWord(rs.getString("trigger_kind")),
        rs.getInt("priority"),
        RunState.fromWord(rs.getString("state")),
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        Instant.ofEpochMilli(rs.getLong("accepted_at")),
        instant(rs, "started_at"),
        instant(rs, "ended_at"),
        instant(rs, "next_attempt_at"),
        rs.getString("message"),
        rs.getString("log_excerpt"),
        rs.getString("node"));
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static void setInstant(PreparedStatement ps, int i, Optional<Instant> t) throws SQLException {
    if (t.isPresent()) ps.setLong(i, t.get().toEpochMilli());
    else ps.setNull(i, Types.BIGINT);
  }

  private static String clip(String text) {
    String s = SecretMasker.mask(text);
    return s == null || s.length() <= MESSAGE_LIMIT ? s : s.substring(0, MESSAGE_LIMIT - 1) + "…";
  }
}

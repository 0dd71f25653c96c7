package dev.understudy.systems.pm2.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code status} shows of the PM2 watch: whether PM2 answers (or since when it does not, and
 * why), what it reported per app at its last answer, the apps running here in its place, and the
 * last actions with their reasons.
 *
 * @param checkedAt the last look; empty before the first
 * @param lastAnswerAt when PM2 last answered {@code jlist}
 * @param apps PM2's apps as of {@code lastAnswerAt}, empty before the first answer
 */
public record Pm2Snapshot(
    String pm2Home,
    Optional<Instant> checkedAt,
    boolean pm2Answers,
    Optional<Instant> goneSince,
    String reason,
    Optional<Instant> lastAnswerAt,
    List<Pm2App> apps,
    List<String> takenOver,
    Duration interval,
    Duration takeoverAfter,
    boolean polling,
    List<Action> lastActions) {}

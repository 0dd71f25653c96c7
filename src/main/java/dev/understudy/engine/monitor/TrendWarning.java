package dev.understudy.engine.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * A check's value rises steadily and will reach {@code level} in about {@code eta}: "web will reach
 * 80% memory in ~25 min".
 */
public record TrendWarning(Check check, Instant at, double level, String levelLabel, Duration eta, double perMinute, double r2,
    String message) {}

package dev.understudy.systems.actions.runner;

/** A step or job that cannot run as written; the message says why and what to do. */
final class RunnerException extends RuntimeException {
  RunnerException(String message) {
    super(message, null, false, false);
  }
}

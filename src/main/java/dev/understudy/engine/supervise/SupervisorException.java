package dev.understudy.engine.supervise;

/** A supervisor action could not be done: unknown name, a start that failed, a reload refused. */
public class SupervisorException extends RuntimeException {
  public SupervisorException(String message) {
    super(message);
  }

  public SupervisorException(String message, Throwable cause) {
    super(message, cause);
  }
}

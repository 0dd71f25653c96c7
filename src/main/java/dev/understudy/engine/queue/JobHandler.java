package dev.understudy.engine.queue;

/** The work of one job. Returning means success; throwing means this attempt failed. */
@FunctionalInterface
public interface JobHandler {
  void run(JobContext context) throws Exception;
}

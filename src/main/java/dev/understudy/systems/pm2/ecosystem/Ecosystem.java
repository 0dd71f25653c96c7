package dev.understudy.systems.pm2.ecosystem;

import java.util.List;

/**
 * A PM2 ecosystem, read: the apps that can run, and everything said about the file. An app with
 * an error is left out of {@code apps}; the others are unaffected.
 *
 * @param source the file read (or {@code understudy.yml} for its {@code pm2.apps})
 */
public record Ecosystem(String source, List<EcosystemApp> apps, List<Problem> problems) {
  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> notes() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}

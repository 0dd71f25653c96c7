package dev.understudy.systems.netlify.site;

/** The rule names findings carry, shown as {@code [rule]} at the end of each line. */
final class Rule {
  /** netlify.toml cannot be read, or a value in it is wrong. */
  static final String TOML = "netlify-toml";
  /** The functions directory is missing or not a directory. */
  static final String DIRECTORY = "functions-dir";
  /** A function name Netlify cannot serve. */
  static final String NAME = "function-name";
  /** The file does not parse. */
  static final String SYNTAX = "syntax";
  /** Nothing Netlify could call is exported. */
  static final String EXPORTS = "exports";
  /** An in-source {@code config} key or value Netlify rejects or ignores. */
  static final String CONFIG = "config";
  /** A {@code path} or {@code excludedPath}. */
  static final String PATH = "path";
  /** A {@code schedule}, in source or in netlify.toml. */
  static final String SCHEDULE = "schedule";

  private Rule() {}
}

package dev.understudy.systems.netlify.serve;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where function logs go: what function code writes with {@code console.*} (level INFO for
 * log/info, WARN, ERROR, DEBUG), and Understudy's own lines about a call (an error it threw, a bad
 * response, a timeout), one call per message (which may hold several lines). {@code requestId} is
 * empty for output outside any call (a module's top level while it is loaded is inside one).
 */
@FunctionalInterface
public interface FunctionLogSink {
  void line(String function, String requestId, Level level, String text);

  /** The default: SLF4J logger {@code dev.understudy.functions}, every line prefixed {@code [NAME] }. */
  static FunctionLogSink slf4j() {
    Logger log = LoggerFactory.getLogger("dev.understudy.functions");
    Pattern newline = Pattern.compile("\r?\n");
    return (function, requestId, level, text) -> {
      if (!log.isEnabledForLevel(level)) return;
      for (String l : newline.split(text, -1)) log.atLevel(level).log("[{}] {}", function, l);
    };
  }
}

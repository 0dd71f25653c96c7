package dev.understudy.systems.actions.expr;

import java.util.List;

/** GitHub's {@code format(fmt, args...)}: {@code {N}} inserts argument N, {@code {{} and {@code }}} escape. */
final class FormatFunction {
  private FormatFunction() {}

  /** {@code values} are the evaluated arguments, the format string first. */
  static String format(Expr.FuncCall call, List<Object> values) {
    String fmt = Values.coerceToString(values.get(0));
    int argCount = values.size() - 1;
    StringBuilder out = new StringBuilder(fmt.length() + 16);
    int i = 0;
    while (i < fmt.length()) {
      char c = fmt.charAt(i);
      if (c == '{') {
        if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
          out.append('{');
          i += 2;
          continue;
        }
        int digitsEnd = i + 1;
        while (digitsEnd < fmt.length() && fmt.charAt(digitsEnd) >= '0' && fmt.charAt(digitsEnd) <= '9') digitsEnd++;
        if (digitsEnd == i + 1 || digitsEnd >= fmt.length() || fmt.charAt(digitsEnd) != '}') {
          String why = digitsEnd < fmt.length() && fmt.charAt(digitsEnd) == ':' && digitsEnd > i + 1
              ? "format specifiers such as {0:x} are not supported"
              : "'{' at character " + i + " must start a placeholder like {0} or be doubled as {{";
          throw invalid(call, fmt, why);
        }
        String digits = fmt.substring(i + 1, digitsEnd);
        int index = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (index > 255) throw invalid(call, fmt, "placeholder {" + digits + "} is out of range");
        if (index >= argCount) {
          throw new ExprEvaluationException(call.offset(), "format(): the format string " + Quote.go(fmt)
              + " references argument {" + index + "} but only " + argCount + " argument"
              + (argCount == 1 ? " was" : "s were") + " given after it");
        }
        out.append(Values.coerceToString(values.get(index + 1)));
        i = digitsEnd + 1;
      } else if (c == '}') {
        if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
          out.append('}');
          i += 2;
          continue;
        }
        throw invalid(call, fmt, "'}' at character " + i + " closes nothing: double it as }} for a literal brace");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static ExprEvaluationException invalid(Expr.FuncCall call, String fmt, String why) {
    return new ExprEvaluationException(call.offset(), "format(): invalid format string " + Quote.go(fmt) + ": " + why);
  }
}

package dev.understudy.systems.actions.expr;

/**
 * A problem found in an expression or a template.
 *
 * @param offset 0-based offset into the text that was given (an expression body, or the whole
 *     string for {@link Templates#scan})
 * @param message what is wrong, in actionlint's wording where actionlint has one
 */
public record ExprError(int offset, String message) {}

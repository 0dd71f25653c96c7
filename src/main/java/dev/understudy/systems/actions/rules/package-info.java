/**
 * String-level checkers for GitHub Actions workflow values, in the spirit of actionlint's rules
 * {@code glob events runner-label permissions id deprecated-commands shell-name env-var}. They know
 * no YAML: the workflow reader hands them the values (and, for lists, the items) it already parsed
 * and maps what they report back to {@code file:line:column}.
 *
 * <p>Conventions: a checker that looks inside a string (a glob, a cron expression, a script) returns
 * {@link dev.understudy.systems.actions.rules.Problem}s whose offset is 0-based into that string;
 * the caller adds it to the value's column (plus one for a quoted scalar). A checker that judges a
 * whole token (an ID, a scope name, a shell) returns {@code Optional<String>}: the message, reported
 * at the token's own position. Checkers over a list report against the caller's own items.
 * Everything here is stateless (or immutable) and thread-safe.
 */
package dev.understudy.systems.actions.rules;

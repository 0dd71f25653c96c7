/**
 * Runs one {@code run:} step of a GitHub Actions job on this host, as a self-hosted runner would,
 * without containers: {@link dev.understudy.systems.actions.runner.ScriptStep} (with
 * {@link dev.understudy.systems.actions.runner.Shell}, {@link dev.understudy.systems.actions.runner.WorkflowCommands},
 * {@link dev.understudy.systems.actions.runner.FileCommands}) gives a
 * {@link dev.understudy.systems.actions.runner.StepResult}; {@link dev.understudy.systems.actions.runner.StandardEnv}
 * and {@link dev.understudy.systems.actions.runner.GitInfo} make the default environment of a job.
 *
 * <p>Semantics follow GitHub's "Workflow commands for GitHub Actions" and "Variables" pages and the
 * behaviour of GitHub's runner. Deliberate choices where GitHub says nothing, or where we differ:
 *
 * <ul>
 *   <li>The step sees exactly the environment the caller gives, nothing of the daemon's own.
 *   <li>The shell program is looked up on the step's {@code PATH} and started by absolute path; a
 *       custom {@code shell:} template is split at whitespace (no quoting), never passed to a shell.
 *   <li>Masks shorter than {@link dev.understudy.engine.logs.SecretMasker#MIN_LENGTH} characters are
 *       ignored, as everywhere in Understudy. A multi-line secret is also masked line by line.
 *       Encoded forms (base64, URL, JSON) of a secret are not masked.
 *   <li>Outputs, env and state values are returned unmasked (they are data for expressions and
 *       later steps); the summary, annotations and every output line are masked.
 *   <li>{@code ::set-env} / {@code ::add-path} fail the step (GitHub's runner does too) unless
 *       {@code ACTIONS_ALLOW_UNSECURE_COMMANDS=true}.
 *   <li>Timeout and cancel stop the whole process tree (SIGTERM, SIGKILL after the engine's grace).
 *       A timed-out step's outcome is {@code timed out}; in expressions it reads {@code failure}.
 *   <li>Background processes a script leaves behind after a normal exit are not stopped here; the
 *       job cleans up at its end.
 * </ul>
 */
package dev.understudy.systems.actions.runner;

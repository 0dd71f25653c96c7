/**
 * The process supervisor: keeps {@link dev.understudy.engine.supervise.ProcessSpec services} alive
 * with PM2's rules. It knows no platform; the pm2 system maps ecosystem apps to specs.
 *
 * <h2>Public surface</h2>
 *
 * {@link dev.understudy.engine.supervise.Supervisor} ({@code start}, {@code stop}, {@code restart},
 * {@code reload}, {@code delete}, {@code list}, {@code snapshot}, {@code close}),
 * {@link dev.understudy.engine.supervise.ProcessState}, {@link dev.understudy.engine.supervise.Snapshot},
 * {@link dev.understudy.engine.logs.LogRotation}, {@link dev.understudy.engine.supervise.NodeLauncher}
 * (Node fork and cluster mode), {@link dev.understudy.engine.supervise.SupervisorException}.
 *
 * <h2>PM2's semantics we follow (lib/God.js handleExit, God/ForkMode.js, God/ClusterMode.js, God/Methods.js)</h2>
 *
 * <ul>
 *   <li>Stop: SIGINT, then SIGKILL after {@code killTimeout} (PM2's {@code kill_timeout}, default 1600 ms).
 *   <li>An exit sooner than {@code minUptime} after the start is an unstable restart; at
 *       {@code maxUnstableRestarts} of them the process is {@code errored} and left alone until a user
 *       starts or restarts it (which resets the count). PM2 only counts them while the app is younger
 *       than {@code minUptime * maxRestarts}; we count them always, as its documentation describes.
 *   <li>{@code restartDelay}; exponential backoff: the first delay is {@code expBackoffInitial}, each
 *       next one {@code floor(previous * 1.5)} up to 15 s; reset when the process had been up 30 s.
 *   <li>A clean exit is restarted too, unless its code is in {@code stopExitCodes}; with
 *       {@code autorestart} false the process stays {@code stopped}.
 *   <li>Status words: {@code launching}, {@code online}, {@code waiting restart} (between an exit and
 *       its delayed restart, as PM2), {@code stopping}, {@code stopped}, {@code errored}.
 *   <li>{@code restarts} counts automatic and user restarts and reloads ({@code restart_time}).
 * </ul>
 *
 * <h2>Where we do better than PM2, on purpose</h2>
 *
 * <ul>
 *   <li><b>Whole-life burst limit.</b> Beside PM2's unstable-restart count, at most {@code burst} starts
 *       within a sliding {@code burstInterval} (defaults 5 in 10 s); a restart beyond that makes the
 *       process {@code errored}. It catches a crash loop that is "stable" by PM2's rule (up a little
 *       longer than {@code minUptime}) and that PM2 restarts forever. {@code burst} 0 turns it off.
 *       It counts starts whatever their delay, so a slow crash loop under backoff stays allowed only
 *       when its delays are wider than {@code burstInterval / burst}.
 *   <li><b>Every exit kills the whole tree.</b> Each child is the leader of its own session and
 *       process group ({@code setsid}). Stop sends SIGINT to the group (PM2 signals the pid or a tree it
 *       lists at that moment); and after <em>any</em> exit, even a crash, the supervisor SIGKILLs what is
 *       left of the group (one {@code kill(-pgid)}; only when the group had members are they looked up
 *       in {@code /proc} to wait for them) and every descendant seen by the monitor, and waits until
 *       they are gone before restarting, so a restarted app never finds its port held by an orphaned
 *       child. Signals go through one small {@code /bin/sh} kept running ({@code Signals}): a pipe
 *       round trip instead of a fork and exec of {@code kill(1)}.
 *   <li><b>Event-driven crash detection.</b> {@code Process.onExit()} (the JDK's reaper blocks in
 *       {@code waitpid}); nothing is polled. Adopted processes are not our children (no {@code waitpid}):
 *       their end is looked for every 50 ms, and a zombie counts as ended.
 *   <li><b>Ready means ready.</b> With {@code Ready.MESSAGE}, a start without a ready message within
 *       {@code readyTimeout} fails: the process is stopped, marked {@code errored}, and {@code start}
 *       throws (PM2 marks it online anyway). An automatic restart that never gets ready is stopped and
 *       counted as an unstable restart.
 *   <li><b>Reload never loses the old process.</b> The new one is started first; only once it is
 *       ready is the old one stopped. A new one that fails to get ready is stopped and the old one
 *       keeps running. PM2 reloads fork-mode apps with a plain restart.
 *   <li><b>Memory limit on the whole tree</b>, checked every {@code Options.monitorInterval} (default
 *       5 s): RSS of the main pid and all its descendants. PM2 checks the main pid only, every 30 s.
 *   <li><b>Apps outlive a daemon crash</b> and the next daemon adopts them, never starting a
 *       duplicate (PM2's apps die with its God daemon: a broken stdout pipe, a closed IPC channel; an
 *       app that writes nothing survives it and {@code pm2 resurrect} starts a second copy). See below.
 * </ul>
 *
 * <h2>Process metrics</h2>
 *
 * Read straight from {@code /proc} ({@code VmRSS} of {@code /proc/<pid>/status}; utime+stime of
 * {@code /proc/<pid>/stat}; the tree from {@code ProcessHandle.descendants()}), not OSHI: three
 * numbers do not justify OSHI and JNA on the class path and in the daemon's resident memory. CPU % is
 * the tree's CPU time over the last monitor interval (100 = one core, as {@code pm2 ls}).
 *
 * <h2>Children and the daemon's life</h2>
 *
 * By default ({@code Options.defaults}) every child is wrapped in {@code setpriv --pdeathsig KILL}
 * ({@code engine.process.Orphans}) so it dies with the daemon, and its output goes through pipes to
 * the log files (timestamps, masking by {@code SecretMasker}, exact rotation). Linux sends that signal
 * when the <em>thread</em> that forked the child ends, so every child is started from one long-lived
 * launcher thread.
 *
 * <p>The daemon runs with {@code Options.withChildrenOutliveDaemon(true)}: children survive a daemon
 * crash ({@code kill -9}, an OOM kill) and keep serving, and the next daemon adopts them. Such a child
 * writes its log files itself ({@code O_APPEND}; no pipe whose reader could die): no masking, and
 * rotation is copy-and-truncate (as pm2-logrotate) on each monitor tick. A child whose lines get a
 * timestamp prefix needs the daemon to read its output, so it still gets the parent-death signal and
 * pipes: it dies with the daemon and the next one starts it again.
 *
 * <p>Finding them again: {@code <stateDir>/children.properties} holds, per name, the pid, the kernel
 * start time of that pid (so a reused pid never matches), the start instant, the restart count, the
 * side-channel token and whether it may be adopted, rewritten atomically on every start and exit.
 * Every child also carries {@code UNDERSTUDY_PROCESS=<state dir id>/<name>} in its environment, and a
 * new supervisor reads that marker from {@code /proc/<pid>/environ} once when it starts. Then:
 * <ul>
 *   <li>{@code start(spec)} of a name whose recorded process still runs and may be adopted takes it
 *       over (same pid, {@code restarts} kept, its exit watched, its Node wrapper reconnects to the
 *       side channel with its token, so cluster reloads and {@code shutdown_with_message} still work);
 *   <li>otherwise it first ends what is left of that name (the recorded process's session, processes
 *       with its marker: SIGINT, SIGKILL after 1.6 s), then starts it: never two copies, no orphan
 *       holding the port;
 *   <li>{@code killLeftovers()}, called once the wanted processes are started, ends what is left of
 *       every other name (an app removed from the ecosystem, or saved as stopped).
 * </ul>
 *
 * <h2>Watch and stop by message</h2>
 *
 * {@link dev.understudy.engine.supervise.ProcessSpec.Watch}: one {@code FileWatch} (the JDK's inotify
 * {@code WatchService}, one thread) for every watched process; directories are registered one by one,
 * new ones as they appear, ignored ones never entered. A change restarts the process after
 * {@code delay} (a running one keeps its counters; an errored one, or one that ended by itself, starts
 * afresh); changes until that restart is done are part of it. A process's own log files never count
 * (PM2 restarts in a loop when they are inside the watched directory), and a user's {@code stop} ends
 * the watch (PM2 goes on watching and starts the stopped app at the next change).
 * {@code stopWithMessage} sends {@code shutdown} over the side channel instead of SIGINT (PM2's
 * {@code shutdown_with_message}); without a channel (not a Node app) it is SIGINT, as in PM2.
 *
 * <h2>Logs</h2>
 *
 * stdout to {@code outFile}, stderr to {@code errFile} (the same file is fine), one line at a time,
 * prefixed {@code <timestamp>: } when {@code logTimestamps} is set (a {@link java.time.format.DateTimeFormatter}
 * pattern: the pm2 system converts PM2's moment.js {@code log_date_format}). Rotation by size as
 * pm2-logrotate ({@link dev.understudy.engine.logs.LogRotation}, defaults 10 MB, 30 files, no gzip).
 *
 * <h2>Node apps: the wrapper ({@code resources/node/understudy-node-wrapper.js})</h2>
 *
 * {@link dev.understudy.engine.supervise.NodeLauncher#argv} builds {@code node [node args] wrapper
 * [--instances=N] -- script [args]}. In fork mode the app runs in the wrapper's own process (same pid,
 * same exit code, {@code require.main} is the app, as PM2's ProcessContainerFork) and
 * {@code process.send('ready')} is reported to the supervisor. In cluster mode the wrapper is the
 * primary of N workers (Node's {@code cluster}, sharing the app's ports, {@code NODE_APP_INSTANCE} set
 * per worker); it re-forks a dying worker (backoff 100 ms x1.5 up to 15 s), reports ready once every
 * worker is ready ({@code ready} message with {@code Ready.MESSAGE}, else its first {@code listening}),
 * and {@link dev.understudy.engine.supervise.Supervisor#reload reload} is a rolling reload inside the
 * primary, worker by worker: the listening socket stays open, the port always answers. The side channel
 * is a Unix socket ({@code <stateDir>/ready.sock}) given to the child in
 * {@code UNDERSTUDY_READY_SOCKET} with a one-time {@code UNDERSTUDY_READY_TOKEN}; the wrapper removes
 * both from the app's environment (other programs see {@code UNDERSTUDY_READY_*}, {@code UNDERSTUDY_WAIT_READY}
 * and {@code UNDERSTUDY_KILL_TIMEOUT_MS} beside {@code env}). Protocol in {@code ReadyChannel}.
 *
 * <h2>Warm spares ({@code Options.warmSpare})</h2>
 *
 * Booting Node is most of a Node app's restart (about 60-80 ms here; the supervisor's part is a few
 * ms). A fork-mode Node app may keep one spare: a process started exactly as its next start would be
 * (same argv, cwd, environment, own session, log files, parent-death signal or not; only
 * {@code UNDERSTUDY_SPARE=1} and its own side-channel token differ, and the wrapper removes both), in
 * which Node boots, the wrapper connects and then waits without printing anything. A restart sends it
 * {@code go} and it runs the script as a fresh start would ({@code process.argv}, {@code require.main},
 * ready, shutdown message): the app's next pid is the spare's. A new spare is booted
 * {@code SPARE_DELAY} (50 ms) after each start, so it does not compete with that start for the CPU;
 * with a restart delay it is booted at the crash, so that very restart is warm.
 * <ul>
 *   <li>{@code CRASHED} (the default): only after an exit that is restarted, until the app has stayed
 *       up for {@code spareKeep} (60 s); {@code ALWAYS}: while the app runs; {@code NEVER}.
 *   <li>Used only when the start's launch spec (argv, cwd, env, log files, ready mode and timeouts)
 *       equals the spare's: {@code start}/{@code register} with a changed spec kills it at once. A spare
 *       that died is forgotten (the next start is cold, and boots a new spare); one still booting is
 *       kept for the next start.
 *   <li>Never the app's process: its own session (no signal to the app's group reaches it), not in
 *       {@code list()}, not in {@code children.properties} (never adopted), no events. Killed (SIGKILL)
 *       on {@code stop}, {@code delete}, {@code close}, {@code errored}, an end by itself.
 *   <li>It exits when its side-channel connection ends or cannot be made (a daemon crash closes it;
 *       {@code ReadyChannel.close} closes every connection as the daemon's exit does). A spare left by
 *       a crashed daemon that somehow still runs carries the name's marker, so the next start ends it.
 * </ul>
 */
package dev.understudy.engine.supervise;

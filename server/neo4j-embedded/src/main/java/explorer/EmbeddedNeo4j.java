package explorer;

import inet.ipaddr.IPAddressString;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.neo4j.commandline.admin.security.PasswordCommand;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Embedded Neo4j Community (5.26 LTS) exposing Bolt on 127.0.0.1 only, with authentication on.
 *
 * <p>Auth: the first line on stdin is the password of the {@code neo4j} user for this run. The
 * parent generates it and hands it over through the pipe, so it never appears in a command line,
 * an environment or a file another user can read. A fresh store gets it as its initial password
 * before the DBMS first starts (so no moment exists with the default {@code neo4j/neo4j}); an
 * existing store has it set in-process on the system database right after start. Other processes
 * on the machine, and web pages speaking Bolt over WebSocket, therefore cannot open a session.
 *
 * <p>Protocol with the parent process: stdout carries exactly one {@code NEO4J_READY {json}} or
 * {@code NEO4J_ERROR {json}} line, then {@code NEO4J_STOPPED} after a clean shutdown. Neo4j's own
 * logs go to {@code <home>/logs}; stderr is for fatal errors/stack traces only. The process stops
 * on SIGTERM/SIGINT/SIGHUP and when stdin reaches EOF (the parent keeps a pipe open, so the JVM
 * follows the parent even if that is SIGKILLed).
 *
 * <p>Usage: {@code explorer.EmbeddedNeo4j --home DIR --port N|0 --pagecache SIZE
 * [--tx-max-memory SIZE] [--tx-total-memory SIZE] [--import DIR [--import-memory SIZE]]
 * [--no-stdin-watch]} with the password as the first line of stdin. With {@code --import}, a store
 * whose default database was never created is first loaded from the CSV files in DIR by Neo4j's
 * offline importer ({@link BulkImport}); READY then says {@code "imported":true}.
 */
public final class EmbeddedNeo4j {

    static final String LOOPBACK = "127.0.0.1";

    /**
     * dbms.security.procedures.allowlist. Verified on 5.26.30: this only filters procedures and
     * functions loaded from plugin jars ({@code <home>/plugins}); Neo4j's built-in procedures
     * (db.*, dbms.*, tx.*, including DBMS-mode ones such as dbms.killConnections) are always
     * registered and callable. The Node side must therefore check CALLed procedure names itself.
     */
    static final String PROCEDURE_ALLOWLIST = "db.*,dbms.components,dbms.queryJmx";

    /** internal.dbms.cypher_ip_blocklist: LOAD CSV may not reach any IPv4/IPv6 address. */
    static final String IP_BLOCKLIST_ALL = "0.0.0.0/0,::/0";

    static final String USAGE = "usage: explorer.EmbeddedNeo4j --home <dir> --port <n|0> --pagecache <size, e.g. 256m>"
            + " [--tx-max-memory <size, e.g. 256m>] [--tx-total-memory <size>]"
            + " [--import <dir of nodes-*.csv, relationships-*.csv> [--import-memory <size>]] [--no-stdin-watch]"
            + " (the neo4j user's password is the first line of stdin)";

    /** Neo4j refuses passwords shorter than this by default; ours are far longer. */
    static final int MIN_PASSWORD_LENGTH = 8;

    // ------------------------------------------------------------------ state

    private enum Phase { STARTING, RUNNING, FAILED, STOPPING }

    /** Guards phase, stopRequested and every protocol line written to stdout. */
    private static final Object STATE = new Object();
    private static Phase phase = Phase.STARTING;
    private static boolean stopRequested;

    /** The real stdout, reserved for protocol lines. System.out is pointed at stderr. */
    private static PrintStream protocol;

    private static volatile DatabaseManagementService dbms;
    private static final CountDownLatch buildFinished = new CountDownLatch(1);
    private static volatile OutputStream userLogStream;

    private EmbeddedNeo4j() {}

    // ------------------------------------------------------------------ main

    public static void main(String[] argv) {
        protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        // Anything a library prints through System.out must not corrupt the protocol on stdout.
        System.setOut(System.err);

        Args args;
        try {
            args = parseArgs(argv);
        } catch (BadArgs e) {
            fail("BAD_ARGS", e.getMessage());
            return;
        }

        String password;
        try {
            password = readPasswordLine(System.in);
        } catch (IOException | BadArgs e) {
            fail("BAD_ARGS", e.getMessage());
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedNeo4j::shutdownHook, "neo4j-shutdown"));
        installSignalHandlers();
        if (args.stdinWatch) startStdinWatcher();

        Path home = args.home;
        try {
            Files.createDirectories(home);
            Files.createDirectories(home.resolve("import"));
            Files.createDirectories(home.resolve("logs"));
            if (!Files.isWritable(home)) throw new IOException("directory is not writable");
        } catch (IOException | RuntimeException e) {
            buildFinished.countDown();
            fail("BAD_ARGS", "cannot use --home " + home + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): pass a writable directory");
            return;
        }

        // Fast pre-checks: otherwise these failures only surface after the ~8 s it takes to start
        // the DBMS. If they race, the same conditions are recognised from Neo4j's own exception.
        // Store lock first, like Neo4j itself (a second launcher on the same home and port is
        // really a store conflict).
        String lockDetail = storeLockHeldElsewhere(home);
        if (lockDetail != null) {
            buildFinished.countDown();
            fail("STORE_LOCKED", storeLockedMessage(home, lockDetail));
            return;
        }
        if (args.port != 0 && !portIsFree(args.port)) {
            buildFinished.countDown();
            fail("PORT_IN_USE", portInUseMessage(args.port, "address already in use"));
            return;
        }

        // Before anything opens the store: a killed import's remainder goes, then a never-created
        // default database is loaded by the offline importer if the parent asked for it.
        boolean imported = false;
        long importMs = 0;
        try {
            if (BulkImport.clearUnfinished(home)) {
                System.err.println("removed the remainder of an offline import that did not finish");
            }
            if (args.importDir != null && BulkImport.defaultDatabaseAbsent(home)) {
                // The parent's start timeout pauses between these two lines: an import takes as long
                // as the data is large.
                protocolLine("NEO4J_IMPORTING {\"dir\":" + json(args.importDir.toString()) + "}");
                long started = System.nanoTime();
                BulkImport.run(home, args.importDir, args.importMemory);
                importMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                imported = true;
                protocolLine("NEO4J_IMPORTED {\"ms\":" + importMs + "}");
            }
        } catch (Throwable t) {
            buildFinished.countDown();
            System.err.println("offline import failed:");
            t.printStackTrace(System.err);
            fail("IMPORT_FAILED", "The offline import from " + args.importDir + " failed: " + rootMessage(t)
                    + ". Nothing was kept; see " + home.resolve("logs").resolve("import.log") + " and "
                    + home.resolve("logs").resolve("import.report") + ".");
            return;
        }
        if (imported) {
            // Asked to stop during the import: nothing to wait for in the shutdown hook, no DBMS yet.
            synchronized (STATE) {
                if (stopRequested) buildFinished.countDown();
            }
            if (stopRequestedDuringStartup()) return;
        }

        DatabaseManagementService service;
        boolean freshStore = false;
        try {
            freshStore = seedInitialPassword(home, password);
            userLogStream = new FileOutputStream(home.resolve("logs").resolve("neo4j.log").toFile(), true);
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(userLogStream, Level.INFO));
            configure(builder, args);
            service = builder.build();
            dbms = service;
        } catch (Throwable t) {
            buildFinished.countDown();
            failStartup(t, args);
            return;
        } finally {
            buildFinished.countDown();
        }

        try {
            // For a store that already existed: make this run's password the only one that works.
            if (!freshStore) {
                service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            }
            GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!db.isAvailable(500)) {
                if (stopRequestedDuringStartup()) return;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("default database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                            + "' did not become available within 5 minutes");
                }
            }
            ConnectorPortRegister ports = ((GraphDatabaseAPI) db).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class);
            HostnamePort bolt = ports.getLocalAddress(ConnectorType.BOLT);
            if (bolt == null) throw new IllegalStateException("the Bolt connector did not register a bound address");
            int port = bolt.getPort();
            String line = "NEO4J_READY {\"uri\":" + json("bolt://" + LOOPBACK + ":" + port)
                    + ",\"port\":" + port
                    + ",\"version\":" + json(Version.getKernelVersion())
                    + ",\"edition\":\"community\""
                    + ",\"imported\":" + imported
                    + ",\"importMs\":" + importMs
                    + ",\"home\":" + json(home.toString()) + "}";
            synchronized (STATE) {
                if (stopRequested) {
                    // asked to stop while starting: skip READY, just shut down (prints NEO4J_STOPPED)
                    phase = Phase.STOPPING;
                } else {
                    protocol.println(line);
                    protocol.flush();
                    phase = Phase.RUNNING;
                    return; // Neo4j's non-daemon threads keep the JVM alive until shutdown
                }
            }
            System.exit(0);
        } catch (Throwable t) {
            failStartup(t, args);
        }
    }

    private static boolean stopRequestedDuringStartup() {
        synchronized (STATE) {
            if (!stopRequested) return false;
            phase = Phase.STOPPING;
        }
        System.exit(0);
        return true;
    }

    // ------------------------------------------------------------------ configuration

    static void configure(DatabaseManagementServiceBuilder b, Args a) {
        Path home = a.home;
        // Bolt only, on loopback, plain bolt:// (no TLS). Port 0 = the OS picks a free port.
        b.setConfig(BoltConnector.enabled, true);
        b.setConfig(BoltConnector.listen_address, new SocketAddress(LOOPBACK, a.port));
        b.setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        b.setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(LOOPBACK));
        b.setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(LOOPBACK));
        b.setConfig(HttpConnector.enabled, false);
        b.setConfig(HttpsConnector.enabled, false);
        // No server-side routing (it would open a second listener on :7688).
        b.setConfig(GraphDatabaseSettings.routing_enabled, false);
        // No usage data collection / phoning home.
        b.setConfig(GraphDatabaseSettings.udc_enabled, false);
        // Netty's graceful shutdown waits a 5 s quiet period per event loop group (~10 s in
        // total). Nothing needs that for a local console, so stop promptly.
        b.setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        b.setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3));

        // Memory: page cache always explicit (the default is half the RAM); heap is -Xmx.
        b.setConfig(GraphDatabaseSettings.pagecache_memory, a.pagecache);
        // One transaction may not take more than its share of the heap: a console query that builds
        // a huge list fails with a MemoryLimitExceeded error instead of running the JVM out of memory.
        if (a.txMax != null) b.setConfig(GraphDatabaseSettings.memory_transaction_max_size, a.txMax);
        if (a.txTotal != null) b.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, a.txTotal);

        // Logs (debug.log, neo4j.log, ...) go to <home>/logs, never stdout.
        b.setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"));

        // Auth on: loopback alone is no boundary (any local process, and any web page through Bolt's
        // WebSocket, can reach 127.0.0.1). The password comes from the parent (see the class comment).
        b.setConfig(GraphDatabaseSettings.auth_enabled, true);
        // The query collector (db.stats.collect/retrieve) would keep query texts and parameters.
        b.setConfig(GraphDatabaseInternalSettings.data_collector_max_recent_query_count, 0);
        b.setConfig(GraphDatabaseSettings.allow_file_urls, false);
        b.setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"));
        b.setConfig(GraphDatabaseSettings.procedure_allowlist, List.of(PROCEDURE_ALLOWLIST.split(",")));
        b.setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of());
        // 5.26's builder has no setConfigRaw(Map<String,String>); internal.dbms.cypher_ip_blocklist
        // is set through its typed (internal) setting instead, from the same string.
        List<IPAddressString> blocked = new ArrayList<>();
        for (String cidr : IP_BLOCKLIST_ALL.split(",")) blocked.add(new IPAddressString(cidr.trim()));
        b.setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, blocked);
    }

    // ------------------------------------------------------------------ arguments

    static final class Args {
        Path home;
        int port = -1;
        long pagecache = -1;
        Long txMax;
        Long txTotal;
        boolean stdinWatch = true;
        Path importDir;
        /** Off-heap memory the importer may use (its own default is 90 % of the machine's RAM). */
        long importMemory = 256L * 1024 * 1024;
    }

    static final class BadArgs extends Exception {
        private static final long serialVersionUID = 1L;

        BadArgs(String m) {
            super(m);
        }
    }

    static Args parseArgs(String[] argv) throws BadArgs {
        Args a = new Args();
        List<String> list = new ArrayList<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            if (s.startsWith("--") && eq > 0) { // --key=value as well as --key value
                list.add(s.substring(0, eq));
                list.add(s.substring(eq + 1));
            } else {
                list.add(s);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            String k = list.get(i);
            if (k.equals("--no-stdin-watch")) {
                a.stdinWatch = false;
                continue;
            }
            if (!List.of("--home", "--port", "--pagecache", "--tx-max-memory", "--tx-total-memory", "--import",
                    "--import-memory").contains(k)) {
                throw new BadArgs("unknown argument '" + k + "'. " + USAGE);
            }
            if (i + 1 >= list.size() || list.get(i + 1).isEmpty() || list.get(i + 1).startsWith("--")) {
                throw new BadArgs("missing value for " + k + ". " + USAGE);
            }
            String v = list.get(++i);
            switch (k) {
                case "--home":
                    a.home = Paths.get(v).toAbsolutePath().normalize();
                    break;
                case "--port":
                    try {
                        a.port = Integer.parseInt(v.trim());
                    } catch (NumberFormatException e) {
                        throw new BadArgs("--port must be an integer 0-65535 (0 = pick a free port), got '" + v + "'");
                    }
                    if (a.port < 0 || a.port > 65535) {
                        throw new BadArgs("--port must be 0-65535 (0 = pick a free port), got " + a.port);
                    }
                    break;
                case "--pagecache":
                    a.pagecache = parseBytes("--pagecache", v);
                    break;
                case "--import":
                    a.importDir = Paths.get(v).toAbsolutePath().normalize();
                    if (!Files.isDirectory(a.importDir)) throw new BadArgs("--import " + v + " is not a directory");
                    break;
                case "--import-memory":
                    a.importMemory = parseBytes("--import-memory", v);
                    break;
                case "--tx-total-memory":
                    a.txTotal = parseBytes("--tx-total-memory", v);
                    break;
                default: // --tx-max-memory
                    a.txMax = parseBytes("--tx-max-memory", v);
                    break;
            }
        }
        if (a.home == null) throw new BadArgs("--home is required. " + USAGE);
        if (a.port < 0) throw new BadArgs("--port is required (0 = pick a free port). " + USAGE);
        if (a.pagecache < 0) throw new BadArgs("--pagecache is required (e.g. 256m). " + USAGE);
        return a;
    }

    /** Reads one line from the raw stream, byte by byte, so nothing after it is consumed. */
    static String readPasswordLine(InputStream in) throws IOException, BadArgs {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() > 4096) throw new BadArgs("the password line on stdin is longer than 4096 bytes");
            line.write(c);
        }
        String password = line.toString(StandardCharsets.UTF_8).strip();
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new BadArgs("write the neo4j user's password (at least " + MIN_PASSWORD_LENGTH
                    + " characters) as the first line of stdin");
        }
        return password;
    }

    /**
     * A store whose system database was never created takes its first user from
     * {@code data/dbms/auth.ini} (what {@code neo4j-admin dbms set-initial-password} writes): the
     * DBMS then never runs with the default password. Returns true when it did so (a fresh store).
     */
    static boolean seedInitialPassword(Path home, String password) throws Exception {
        Path systemStore = home.resolve("data").resolve("databases").resolve(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (Files.isDirectory(systemStore)) return false;
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            if (fs.fileExists(file)) fs.deleteFile(file);
            FileUserRepository users = new FileUserRepository(fs, file, NullLogProvider.getInstance(),
                    EmptyMemoryTracker.INSTANCE);
            users.start();
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), PasswordCommand.secureHasher);
            users.create(new User("neo4j", null, credential, false, false));
            users.shutdown();
        }
        return true;
    }

    static long parseBytes(String name, String v) throws BadArgs {
        long n;
        try {
            n = SettingValueParsers.BYTES.parse(v.trim());
        } catch (RuntimeException e) {
            throw new BadArgs(name + " must be a size such as 256m or 1g, got '" + v + "'");
        }
        if (n <= 0) throw new BadArgs(name + " must be a positive size such as 256m or 1g, got '" + v + "'");
        return n;
    }

    // ------------------------------------------------------------------ failures

    private static void failStartup(Throwable t, Args a) {
        // Full trace on stderr for humans; the one protocol line on stdout is for the parent.
        System.err.println("embedded neo4j failed to start:");
        t.printStackTrace(System.err);
        String root = rootMessage(t);
        if (isStoreLocked(t)) {
            fail("STORE_LOCKED", storeLockedMessage(a.home, root));
        } else if (hasCause(t, BindException.class) || containsMessage(t, "Address already in use")) {
            fail("PORT_IN_USE", portInUseMessage(a.port, root));
        } else {
            fail("START_FAILED", "Neo4j failed to start: " + root + ". See " + a.home.resolve("logs").resolve("debug.log")
                    + " and stderr for details.");
        }
    }

    static String portInUseMessage(int port, String detail) {
        String which = port == 0 ? "a free port on " + LOOPBACK : "port " + port + " on " + LOOPBACK;
        return "Cannot bind the Bolt connector to " + which + " (" + detail + "). Free that port (stop whatever "
                + "listens on it) or set NEO4J_BOLT_PORT to another port, or to 0 for a random free one.";
    }

    static String storeLockedMessage(Path home, String detail) {
        return "The Neo4j store in " + home + " is locked by another process (" + detail + "). Stop the other "
                + "process that uses this data directory (e.g. another explorer server or embedded Neo4j), "
                + "or point DATA_DIR at a different directory.";
    }

    /** True if 127.0.0.1:port can be bound right now (the probe socket is closed at once). */
    static boolean portIsFree(int port) {
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true); // like Netty: ignore TIME_WAIT leftovers, fail on a live listener
            ss.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A running Neo4j holds an exclusive lock on {@code <home>/data/databases/store_lock}. Returns
     * a description if another process holds it now; null if it is free or cannot be checked
     * (then Neo4j's own check decides). The probe lock is released and the channel closed before
     * Neo4j opens the file.
     */
    static String storeLockHeldElsewhere(Path home) {
        Path lock = home.resolve("data").resolve("databases").resolve("store_lock");
        if (!Files.isRegularFile(lock)) return null;
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) return "lock file " + lock + " is held";
            l.release();
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static boolean isStoreLocked(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String cn = c.getClass().getName();
            if (cn.equals("org.neo4j.io.locker.FileLockException")
                    || cn.equals("org.neo4j.io.pagecache.impl.FileLockException")
                    || c instanceof java.nio.channels.OverlappingFileLockException) {
                return true;
            }
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase();
            if (m.contains("store_lock") || m.contains("database_lock") || m.contains("locked by another process")) {
                return true;
            }
        }
        return false;
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }

    static boolean containsMessage(Throwable t, String needle) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(needle)) return true;
        }
        return false;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        m = (m == null || m.isBlank()) ? root.getClass().getName() : root.getClass().getSimpleName() + ": " + m;
        return m.replaceAll("\\s+", " ").trim();
    }

    private static void protocolLine(String line) {
        synchronized (STATE) {
            protocol.println(line);
            protocol.flush();
        }
    }

    /** Prints the single NEO4J_ERROR line and exits with status 2. */
    private static void fail(String code, String message) {
        synchronized (STATE) {
            phase = Phase.FAILED;
            protocol.println("NEO4J_ERROR {\"code\":" + json(code) + ",\"message\":" + json(message) + "}");
            protocol.flush();
        }
        System.err.flush();
        // The shutdown hook stops whatever did start.
        System.exit(2);
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * A stop request (signal or stdin EOF). While starting, it is deferred to the main thread,
     * which then skips READY and exits as soon as build() returns; a second request exits at
     * once (the shutdown hook still waits for build() and closes the store).
     */
    static void requestStop() {
        synchronized (STATE) {
            switch (phase) {
                case STARTING:
                    if (!stopRequested) {
                        stopRequested = true;
                        return;
                    }
                    phase = Phase.STOPPING;
                    break;
                case RUNNING:
                    phase = Phase.STOPPING;
                    break;
                default: // FAILED or STOPPING: an exit is already under way
                    return;
            }
        }
        Thread t = new Thread(() -> System.exit(0), "neo4j-exit");
        t.start();
    }

    private static void installSignalHandlers() {
        // Default SIGTERM/SIGINT handling would run the hook but exit with 143/130; this makes a
        // clean stop exit 0. sun.misc.Signal lives in jdk.unsupported; if unavailable, the
        // default handling still runs the shutdown hook.
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> requestStop());
            } catch (Throwable ignored) {
                // signal not available/handled by the JVM: default behaviour applies
            }
        }
    }

    private static void startStdinWatcher() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // input is ignored; only EOF matters (parent gone or pipe closed)
                }
            } catch (IOException ignored) {
                // a broken stdin counts as EOF
            }
            requestStop();
        }, "neo4j-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void shutdownHook() {
        try {
            // A stop during build() waits for it, so the store is closed cleanly (no recovery).
            buildFinished.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DatabaseManagementService s = dbms;
        if (s == null) return;
        boolean ok = true;
        try {
            s.shutdown();
        } catch (Throwable t) {
            ok = false;
            System.err.println("error during neo4j shutdown: " + t);
            t.printStackTrace(System.err);
        }
        try {
            OutputStream log = userLogStream;
            if (log != null) log.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
        synchronized (STATE) {
            if (ok && phase != Phase.FAILED) {
                protocol.println("NEO4J_STOPPED");
                protocol.flush();
            }
        }
    }

    // ------------------------------------------------------------------ json

    static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

package explorer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

/**
 * Owns the first load of a store through Neo4j's offline importer ({@code neo4j-admin database
 * import full}, run in-process), before the DBMS opens the default database.
 *
 * <p>The Node side writes the CSV files (server/seed/import-files.ts): {@code nodes-*.csv} and
 * {@code relationships-*.csv}, each with its header as the first line, labels and types in
 * {@code :LABEL}/{@code :TYPE} columns, arrays split on U+001F. The import only runs into a default
 * database that was never created: a store with data keeps it, and the caller loads through Cypher.
 *
 * <p>A marker file ({@code data/databases/import-incomplete}) is written before the import and stays
 * after it: the Node side removes it once it has written what follows the import through Cypher (the
 * schema, the Dataset node, the documents). A start that finds it clears the default database, so a
 * load killed at any point, in the importer or after it, leaves a store that loads again from the
 * start instead of half a dataset.
 */
final class BulkImport {

    /** The importer's own array delimiter (';') occurs in quotes; this control character does not. */
    static final String ARRAY_DELIMITER = "U+001F";

    private BulkImport() {}

    static Path databaseDir(Path home) {
        return home.resolve("data").resolve("databases").resolve(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    }

    static Path transactionsDir(Path home) {
        return home.resolve("data").resolve("transactions").resolve(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    }

    static Path marker(Path home) {
        return home.resolve("data").resolve("databases").resolve("import-incomplete");
    }

    /**
     * Clears what an import that did not finish left (its marker, the default database and its
     * transaction logs). Returns true when there was such a remainder.
     */
    static boolean clearUnfinished(Path home) throws IOException {
        if (!Files.exists(marker(home))) return false;
        deleteTree(databaseDir(home));
        deleteTree(transactionsDir(home));
        Files.delete(marker(home));
        return true;
    }

    /** True if the default database was never created (the importer's precondition). */
    static boolean defaultDatabaseAbsent(Path home) {
        return !Files.exists(databaseDir(home)) && !Files.exists(transactionsDir(home));
    }

    /**
     * Imports the CSV files in {@code dir} into the default database of {@code home}. The importer's
     * progress goes to {@code <home>/logs/import.log}, bad entries to {@code import.report}; any bad
     * entry fails the import (the data was validated, so one means a bug), and what it wrote is
     * removed again.
     */
    static void run(Path home, Path dir, long offHeapBytes) throws Exception {
        List<String> args = new ArrayList<>();
        // The database name goes before the repeated --nodes/--relationships options: after them,
        // picocli takes it for one more file of the last group.
        args.add(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        List<Path> nodes = csvFiles(dir, "nodes-");
        if (nodes.isEmpty()) throw new IOException("no nodes-*.csv file in " + dir);
        for (Path f : nodes) args.add("--nodes=" + f);
        for (Path f : csvFiles(dir, "relationships-")) args.add("--relationships=" + f);
        args.add("--array-delimiter=" + ARRAY_DELIMITER);
        args.add("--bad-tolerance=0");
        args.add("--max-off-heap-memory=" + offHeapBytes);
        args.add("--report-file=" + home.resolve("logs").resolve("import.report"));

        Files.createDirectories(marker(home).getParent());
        Files.writeString(marker(home), "an offline import into this store has not finished\n");
        Path log = home.resolve("logs").resolve("import.log");
        try (PrintStream out = new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8);
                DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
            ImportCommand.Full command = new ImportCommand.Full(new ExecutionContext(home, home.resolve("conf"), out, out, fs));
            new CommandLine(command).parseArgs(args.toArray(new String[0]));
            command.call();
        } catch (Exception | Error e) {
            clearUnfinished(home);
            throw e;
        }
    }

    private static List<Path> csvFiles(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".csv"))
                    .sorted()
                    .toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

package dev.faultline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The folders a node expects under its home; all are created empty. */
record NodeHome(Path root) {
    Path config() {
        return root.resolve("config");
    }

    Path data() {
        return root.resolve("data");
    }

    Path logs() {
        return root.resolve("logs");
    }

    static NodeHome create(Path root) throws IOException {
        NodeHome home = new NodeHome(root.toAbsolutePath());
        // plugins/ and modules/ stay empty: every plugin comes from the classpath.
        Path[] dirs = {home.config(), home.data(), home.logs(), root.resolve("plugins"), root.resolve("modules")};
        for (Path dir : dirs) {
            Files.createDirectories(dir);
        }
        return home;
    }

    /** Best effort: a file still held open by a dying thread must not fail the shutdown. */
    void deleteQuietly() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("[launcher] could not delete " + root + ": " + e);
        }
    }
}

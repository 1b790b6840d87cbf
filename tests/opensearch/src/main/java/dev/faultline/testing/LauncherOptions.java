package dev.faultline.testing;

import java.nio.file.Path;

/**
 * Command line: {@code [--home DIR] [--http-port N] [--delete-home]}.
 *
 * <p>--home defaults to a new temporary folder; --http-port defaults to 0 (any free port);
 * --delete-home removes the home folder after the node closes, so a parent that dies without
 * cleaning up leaves nothing behind.
 */
record LauncherOptions(Path home, int httpPort, boolean deleteHome) {
    private static final String USAGE =
        "usage: OpenSearchLauncher [--home DIR] [--http-port N] [--delete-home]";

    static LauncherOptions parse(String[] args) {
        Path home = null;
        int httpPort = 0;
        boolean deleteHome = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(valueAfter(args, i++));
                case "--http-port" -> httpPort = Integer.parseInt(valueAfter(args, i++));
                case "--delete-home" -> deleteHome = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        return new LauncherOptions(home, httpPort, deleteHome);
    }

    private static String valueAfter(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
        }
        return args[i + 1];
    }
}

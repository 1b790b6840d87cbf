package dev.faultline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.opensearch.Version;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;
import org.opensearch.plugins.PluginsService;

/**
 * Starts one OpenSearch node in this JVM for tests.
 *
 * <p>Options: see {@link LauncherOptions}. Stdout carries exactly one line,
 * {@code OPENSEARCH_READY http://HOST:PORT}, once HTTP is bound; everything else goes to stderr
 * (warnings, progress) or {@code HOME/logs/opensearch.log} (the full log). The node stops on
 * SIGTERM or when stdin reaches end-of-file, so a parent that dies takes the node with it.
 */
public final class OpenSearchLauncher {
    private static final String READY_PREFIX = "OPENSEARCH_READY ";
    private static final PrintStream progress = System.err;

    private OpenSearchLauncher() {}

    public static void main(String[] args) throws Exception {
        LauncherOptions options = LauncherOptions.parse(args);
        NodeHome home = NodeHome.create(
            options.home() != null ? options.home() : Files.createTempDirectory("faultline-opensearch-"));

        // Read by log4j2.properties; must be set before the first logger is created.
        System.setProperty("faultline.opensearch.logs", home.logs().toString());
        // Netty may only be told the processor count once per JVM; OpenSearch's own launcher
        // sets this too. Kept here so a hand-run launcher behaves like the harness-run one.
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");

        exitWhenStdinCloses();

        Settings settings = TestNodeSettings.build(home, options.httpPort());
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.config(), () -> TestNodeSettings.NODE_NAME);
        progress.println("[launcher] starting OpenSearch " + Version.CURRENT + " in " + home.root());

        Node node = new ClasspathPluginNode(environment, BundledPlugins.ALL);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(node);
            if (options.deleteHome()) {
                home.deleteQuietly();
            }
        }, "node-shutdown"));
        try {
            node.start();
            node.client().admin().cluster().prepareUpdateSettings()
                .setPersistentSettings(TestNodeSettings.PERSISTENT)
                .get();
        } catch (Exception | LinkageError e) {
            progress.println("[launcher] node failed to start: " + e);
            e.printStackTrace(progress);
            System.exit(1);
        }

        progress.println("[launcher] plugins: " + pluginNames(node));
        String url = httpUrl(node);
        progress.println("[launcher] HTTP bound at " + url);
        System.out.println(READY_PREFIX + url);
        System.out.flush();

        // OpenSearch's threads are all daemons (its own launcher keeps a dedicated thread alive),
        // so this one must stay until System.exit from the stdin watcher or a signal.
        Thread.currentThread().join();
    }

    /** The parent keeps our stdin open for as long as it wants the node; EOF means it is gone. */
    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) != -1) {
                    // Input is ignored; only its end matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as EOF.
            }
            progress.println("[launcher] stdin closed, stopping");
            System.exit(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String httpUrl(Node node) {
        TransportAddress address = node.injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress();
        return "http://" + address.getAddress() + ":" + address.getPort();
    }

    private static String pluginNames(Node node) {
        return node.injector()
            .getInstance(PluginsService.class)
            .info()
            .getPluginInfos()
            .stream()
            .map(PluginInfo::getName)
            .collect(Collectors.joining(", "));
    }

    private static void closeQuietly(Node node) {
        try {
            node.close();
            if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                progress.println("[launcher] node did not close within 20s");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            progress.println("[launcher] error while closing node: " + e);
        }
    }
}

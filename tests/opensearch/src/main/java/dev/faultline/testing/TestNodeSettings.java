package dev.faultline.testing;

import org.opensearch.common.settings.Settings;

/** Settings for a throwaway single-node cluster bound to loopback. */
final class TestNodeSettings {
    private TestNodeSettings() {}

    static final String CLUSTER_NAME = "faultline-test";
    static final String NODE_NAME = "faultline-test-node";

    /**
     * Applied through the cluster-settings API once the node runs: index creation reads this
     * default from the cluster state, so as a node setting it would be listed but ignored. One
     * node can never hold a replica; zero keeps indices and data streams green.
     */
    static final Settings PERSISTENT = Settings.builder()
        .put("cluster.default_number_of_replicas", 0)
        .build();

    static Settings build(NodeHome home, int httpPort) {
        return Settings.builder()
            .put("cluster.name", CLUSTER_NAME)
            .put("node.name", NODE_NAME)
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            // 0 asks the OS for a free port; the launcher reports the one actually bound.
            .put("http.port", Integer.toString(httpPort))
            .put("transport.port", "0")
            .put("path.home", home.root().toString())
            .put("path.data", home.data().toString())
            .put("path.logs", home.logs().toString())
            // A test machine's disk may be nearly full; the watermarks would then block writes.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    }
}

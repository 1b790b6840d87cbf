package dev.faultline.testing;

import java.util.Collection;

import org.opensearch.env.Environment;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * A node whose plugins come from the classpath instead of a plugins/ folder. Node's public
 * constructor only loads plugins from disk; the protected one takes classes, so this subclass
 * exists only to reach it.
 */
final class ClasspathPluginNode extends Node {
    ClasspathPluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        // true: reject private index settings, as a packaged node does.
        super(environment, plugins, true);
    }
}

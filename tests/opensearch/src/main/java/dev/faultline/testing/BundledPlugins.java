package dev.faultline.testing;

import java.util.List;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * The modules a packaged OpenSearch ships that our storage backend depends on. Referring to the
 * classes directly (not by name) makes a missing jar a compile error rather than a plugin that
 * is quietly absent at run time.
 */
final class BundledPlugins {
    private BundledPlugins() {}

    static final List<Class<? extends Plugin>> ALL = List.of(
        Netty4Plugin.class, // HTTP and transport layers
        CommonAnalysisPlugin.class, // standard analyzers, tokenizers and filters
        PainlessPlugin.class, // scripts for update-by-query and scripted sorts
        ReindexPlugin.class, // _reindex, _update_by_query, _delete_by_query
        MapperExtrasPlugin.class // scaled_float, rank_feature, search_as_you_type, ...
    );
}

/**
 * The real OpenSearch node of the tests (tests/opensearch): started once per
 * test file in-process from Maven jars; its start is printed to the log.
 */
export { startOpenSearch, type OpenSearchNode } from '../../../tests/opensearch/harness.ts';

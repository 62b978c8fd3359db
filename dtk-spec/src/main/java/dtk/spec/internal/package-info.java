/**
 * Loader internals (YAML reading, schema mapping, merging, rules, binding); not used outside
 * dtk-spec.
 */
package dtk.spec.internal;

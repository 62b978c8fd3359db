/** Report writers and helpers used only by the dtk commands; not an API. */
package dtk.cli.internal;

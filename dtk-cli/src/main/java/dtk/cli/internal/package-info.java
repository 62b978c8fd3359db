/** What only the launcher needs: recording the class-data-sharing archive; not an API. */
package dtk.cli.internal;

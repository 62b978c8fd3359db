/** dtk-cli. */
package dtk.cli;

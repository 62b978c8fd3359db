/** dtk-exec. */
package dtk.exec;

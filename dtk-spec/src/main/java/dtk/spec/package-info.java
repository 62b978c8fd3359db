/** dtk-spec. */
package dtk.spec;

/** dtk-render. */
package dtk.render;

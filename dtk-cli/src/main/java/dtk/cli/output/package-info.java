/**
 * Every format dtk prints: the validation reports (text, JSON, SARIF with the rule catalog, GitHub
 * annotations), the plan and apply forms (text and JSON), and the live progress lines. Commands
 * decide what to show; this package decides how it looks, escaping every value that came from a
 * spec or a registry.
 */
package dtk.cli.output;

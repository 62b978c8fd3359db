/**
 * The dtk spec language: {@link dtk.spec.SpecLoader} loads spec files (safe YAML, the JSON schema
 * in {@code schemas/}, {@code extends}, {@code --set} {@link dtk.spec.Overrides}, interpolation
 * names and semantic rules) into {@link dtk.spec.model.Spec} records, and reports every problem as
 * a {@link dtk.spec.Diagnostic} at the user's text.
 */
package dtk.spec;

package dtk.spec.model;

/** {@code kind:} of a spec file. */
public enum Kind {
  /** A buildable toolkit: one image per platform and kernel version. */
  DriverToolkit,
  /** A shared base for {@code extends:}, never built on its own. */
  DriverToolkitDefaults
}

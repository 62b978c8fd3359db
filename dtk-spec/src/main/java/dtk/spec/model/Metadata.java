package dtk.spec.model;

import java.util.Objects;

/**
 * {@code metadata: { name: centos, description: CentOS Stream 9 driver toolkit }}; the name is the
 * target name.
 */
public record Metadata(String name, String description) {
  public Metadata {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
  }
}

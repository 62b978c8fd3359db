package dtk.spec.model;

import java.util.Objects;

/** {@code user: { name: builder, uid: 1001 }}: a non-root user created in the image. */
public record UserSpec(String name, int uid) {
  public UserSpec {
    Objects.requireNonNull(name, "name");
  }
}

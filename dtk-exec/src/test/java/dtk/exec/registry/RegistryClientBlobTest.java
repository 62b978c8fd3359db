package dtk.exec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dtk.exec.Platform;
import dtk.exec.http.LoopbackServer;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layer blobs are streamed: the digest and size are checked as bytes pass, a body may take longer
 * than the per-request deadline while bytes keep coming, and a pause longer than the read timeout
 * fails naming the host and the layer.
 */
class RegistryClientBlobTest {
  /** --timeout 2 s: read timeout 1 s, deadline 2 s. */
  private static final RegistryOptions TWO_SECONDS =
      new RegistryOptions(false, null, Duration.ofSeconds(2));

  private static final byte[] BODY = "layer bytes, not a real tar".getBytes(StandardCharsets.UTF_8);

  private static RegistryClient client() {
    return new RegistryClient(TWO_SECONDS, Map.of("HOME", "/nonexistent"));
  }

  @Test
  void aBlobStreamsPastTheDeadlineWhileBytesKeepComing_andItsDigestIsChecked() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200);
              for (byte b :
                  BODY) { // 27 bytes, 120 ms apart: about 3.2 s in all, longer than the 2 s
                // deadline
                out.write(b);
                out.flush();
                Thread.sleep(120);
              }
              c.close();
            })) {
      ImageRef ref = ImageRef.parse(s.host() + "/dtk/base:1");
      try (InputStream in = client().openBlob(ref, Digest.sha256(BODY), BODY.length)) {
        assertThat(in.readAllBytes()).isEqualTo(BODY);
      }
    }
  }

  @Test
  void aBlobWithOtherContentFailsAtItsEnd() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              LoopbackServer.head(c, 200).write(BODY);
              c.close();
            })) {
      ImageRef ref = ImageRef.parse(s.host() + "/dtk/base:1");
      Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
      Throwable t =
          catchThrowable(
              () -> {
                try (InputStream in = client().openBlob(ref, other, BODY.length)) {
                  in.readAllBytes();
                }
              });
      assertThat(t)
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "registry "
                  + s.host()
                  + " sent content for layer "
                  + other
                  + " of "
                  + ref
                  + " that does not match its digest (got "
                  + Digest.sha256(BODY)
                  + ")");
      Throwable longer =
          catchThrowable(
              () -> {
                try (InputStream in = client().openBlob(ref, Digest.sha256(BODY), 5)) {
                  in.readAllBytes();
                }
              });
      assertThat(longer)
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "registry "
                  + s.host()
                  + " sent more than the 5 bytes the manifest gives for layer "
                  + Digest.sha256(BODY)
                  + " of "
                  + ref);
    }
  }

  @Test
  void aBlobThatStallsFailsAfterTheReadTimeout() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200);
              out.write(BODY, 0, 4);
              out.flush();
              Thread.sleep(Long.MAX_VALUE);
            })) {
      ImageRef ref = ImageRef.parse(s.host() + "/dtk/base:1");
      RegistryClient client =
          client(); // made before the clock starts: the first TLS context costs a second in a cold
      // JVM
      long start = System.nanoTime();
      Throwable t =
          catchThrowable(
              () -> {
                try (InputStream in = client.openBlob(ref, Digest.sha256(BODY), BODY.length)) {
                  in.readAllBytes();
                }
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
      assertThat(t)
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "registry "
                  + s.host()
                  + " stopped sending the layer "
                  + Digest.sha256(BODY)
                  + " of image "
                  + ref
                  + ": sent nothing for 1 s (4 bytes of the body received)");
    }
  }

  @Test
  void aMissingBlobIsNamed() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              LoopbackServer.head(c, 404, "Content-Type: application/json")
                  .write(
                      "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"
                          .getBytes(StandardCharsets.UTF_8));
              c.close();
            })) {
      ImageRef ref = ImageRef.parse(s.host() + "/dtk/base:1");
      Throwable t = catchThrowable(() -> client().openBlob(ref, Digest.sha256(BODY), BODY.length));
      assertThat(t)
          .isInstanceOf(dtk.exec.registry.ImageNotFoundException.class)
          .hasMessage(
              "registry "
                  + s.host()
                  + " has no layer "
                  + Digest.sha256(BODY)
                  + " of "
                  + ref
                  + " (BLOB_UNKNOWN blob unknown to registry)");
    }
  }

  @Test
  void aPlatformTheImageLacksIsNamed() throws Exception {
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + RegistryClient.OCI_INDEX
            + "\",\"manifests\":["
            + "{\"mediaType\":\""
            + RegistryClient.OCI_MANIFEST
            + "\",\"digest\":\"sha256:"
            + "1".repeat(64)
            + "\",\"size\":1,"
            + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              LoopbackServer.head(c, 200, "Content-Type: " + RegistryClient.OCI_INDEX)
                  .write(index.getBytes(StandardCharsets.UTF_8));
              c.close();
            })) {
      ImageRef ref = ImageRef.parse(s.host() + "/dtk/base:1");
      Throwable t = catchThrowable(() -> client().platformManifest(ref, Platform.AARCH64));
      assertThat(t)
          .isInstanceOf(RegistryException.class)
          .hasMessage("image " + ref + " has no linux/arm64 image (it has linux/amd64)");
    }
  }
}

package dtk.exec.resolve.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes small tar archives for tests: ustar entries, GNU long names and pax headers. */
final class TestTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  TestTar file(String name, String content) {
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    header(name, '0', "", body.length, "");
    body(body);
    return this;
  }

  TestTar file(String name, byte[] body) {
    header(name, '0', "", body.length, "");
    body(body);
    return this;
  }

  TestTar dir(String name) {
    header(name, '5', "", 0, "");
    return this;
  }

  TestTar symlink(String name, String target) {
    header(name, '2', target, 0, "");
    return this;
  }

  TestTar hardlink(String name, String target) {
    header(name, '1', target, 0, "");
    return this;
  }

  /** A file whose name goes into a GNU 'L' entry first. */
  TestTar gnuLongName(String name, String content) {
    byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
    header("././@LongLink", 'L', "", n.length, "");
    body(n);
    return file(name.substring(0, Math.min(99, name.length())), content);
  }

  /** A file whose path is in a pax 'x' header (the ustar name is a truncated stand-in). */
  TestTar paxPath(String name, String content) {
    String rec = "path=" + name + "\n";
    int recBytes = rec.getBytes(StandardCharsets.UTF_8).length; // pax lengths count bytes
    int len = recBytes + 2;
    while (String.valueOf(len).length() + 1 + recBytes != len) {
      len++;
    }
    String line = len + " " + rec;
    byte[] pax = line.getBytes(StandardCharsets.UTF_8);
    header("PaxHeaders/x", 'x', "", pax.length, "");
    body(pax);
    return file("stand-in-name", content);
  }

  /** A file split as ustar prefix + name. */
  TestTar prefixed(String prefix, String name, String content) {
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    header(name, '0', "", body.length, prefix);
    body(body);
    return this;
  }

  byte[] bytes() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private void header(String name, char type, String link, long size, String prefix) {
    byte[] h = new byte[512];
    put(h, 0, 100, name);
    put(h, 100, 8, "0000644");
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, String.format("%011o", 0));
    h[156] = (byte) type;
    put(h, 157, 100, link);
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 345, 155, prefix);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, String.format("%06o", sum) + "\0 ");
    out.writeBytes(h);
  }

  private void body(byte[] b) {
    out.writeBytes(b);
    int pad = (512 - b.length % 512) % 512;
    out.writeBytes(new byte[pad]);
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, Math.min(len, b.length));
  }
}

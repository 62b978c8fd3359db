package dtk.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic {@code tar.gz} of text files (ustar: sorted entries, mode 0644, owner 0, one
 * fixed mtime): the same files give the same bytes, so a ConfigMap of it is the same object.
 */
final class ContextArchive {
  private ContextArchive() {}

  /** {@code files} by relative path ({@code context/Containerfile}); {@code mtime} in seconds. */
  static byte[] tarGz(Map<String, byte[]> files, long mtime) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : new TreeMap<>(files).entrySet()) {
        entry(gz, e.getKey(), e.getValue(), mtime);
      }
      gz.write(new byte[1024]); // two zero blocks end the archive
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void entry(OutputStream out, String path, byte[] data, long mtime)
      throws IOException {
    byte[] header = new byte[512];
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    if (name.length <= 100) {
      System.arraycopy(name, 0, header, 0, name.length);
    } else {
      // ustar: the part before a '/' goes to the 155-byte prefix field
      int cut = path.lastIndexOf('/', 155);
      byte[] prefix = cut < 0 ? null : path.substring(0, cut).getBytes(StandardCharsets.UTF_8);
      byte[] rest = cut < 0 ? null : path.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
      if (prefix == null || prefix.length > 155 || rest.length > 100) {
        throw new IllegalArgumentException(
            "the context file name " + path + " is too long for a tar entry");
      }
      System.arraycopy(rest, 0, header, 0, rest.length);
      System.arraycopy(prefix, 0, header, 345, prefix.length);
    }
    octal(header, 100, 8, 0644);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, data.length);
    octal(header, 136, 12, mtime);
    header[156] = '0';
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    out.write(header);
    out.write(data);
    int pad = (512 - data.length % 512) % 512;
    out.write(new byte[pad]);
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String s = Long.toOctalString(value);
    if (s.length() > length - 1) {
      throw new IllegalArgumentException("a tar field overflows: " + value);
    }
    String padded = "0".repeat(length - 1 - s.length()) + s;
    System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}

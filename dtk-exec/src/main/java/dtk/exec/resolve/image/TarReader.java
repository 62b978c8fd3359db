package dtk.exec.resolve.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streaming reader of tar archives as image layers are written: ustar (with its name prefix), GNU
 * long names and link names ({@code L}, {@code K}) and pax extended headers ({@code x}: {@code
 * path}, {@code linkpath}, {@code size}). One entry at a time: a body is read only when the caller
 * asks for it ({@link #readBody}), otherwise skipped as the stream passes, never buffered.
 */
final class TarReader {
  static final int BLOCK = 512;

  /** The most of a GNU long name or pax header read (they hold a path, not data). */
  static final int MAX_META_BYTES = 1 << 20;

  /** What an entry is. */
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER
  }

  /**
   * One entry.
   *
   * @param path normalised, absolute inside the layer: {@code /etc/os-release}
   * @param link a symlink's target as written, or a hard link's target path (normalised)
   */
  record Entry(String path, Type type, String link, long size) {}

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private long remaining; // body bytes of the current entry not yet read
  private long padding; // bytes after the body up to the next block
  private boolean end;
  private final byte[] skipBuffer = new byte[64 * 1024];

  TarReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next entry, or {@code null} at the end of the archive; skips what is left of the current
   * one.
   */
  Entry next() throws IOException {
    if (end) {
      return null;
    }
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    String longLink = null;
    Map<String, String> pax = new LinkedHashMap<>();
    while (true) {
      if (!readBlock()) {
        end = true; // an archive cut after a whole entry: what was read stands
        return null;
      }
      if (allZero(header)) {
        end = true;
        return null;
      }
      checkChecksum();
      char flag = (char) (header[156] & 0xff);
      long size = size();
      if (flag == 'L' || flag == 'K' || flag == 'x' || flag == 'g') {
        if (size > MAX_META_BYTES) {
          throw new IOException(
              "a tar "
                  + (flag == 'x' || flag == 'g' ? "pax header" : "GNU long name")
                  + " of "
                  + size
                  + " bytes (more than "
                  + MAX_META_BYTES
                  + ")");
        }
        byte[] meta = readFully((int) size);
        skip(pad(size));
        if (flag == 'L') {
          longName = cString(meta, 0, meta.length);
        } else if (flag == 'K') {
          longLink = cString(meta, 0, meta.length);
        } else if (flag == 'x') {
          pax.putAll(parsePax(meta));
        }
        continue; // global pax headers ('g') hold defaults dtk does not need
      }
      String name = longName != null ? longName : ustarName();
      String link = longLink != null ? longLink : cString(header, 157, 100);
      if (pax.containsKey("path")) {
        name = pax.get("path");
      }
      if (pax.containsKey("linkpath")) {
        link = pax.get("linkpath");
      }
      if (pax.containsKey("size")) {
        try {
          size = Long.parseLong(pax.get("size").strip());
        } catch (NumberFormatException e) {
          throw new IOException("a pax header gives size '" + pax.get("size") + "' for " + name);
        }
      }
      Type type;
      switch (flag) {
        case '0':
        case '\0':
        case '7':
          type = Type.FILE;
          break;
        case '5':
          type = Type.DIRECTORY;
          break;
        case '2':
          type = Type.SYMLINK;
          break;
        case '1':
          type = Type.HARDLINK;
          break;
        default:
          type = Type.OTHER;
      }
      if (type == Type.FILE && name.endsWith("/")) {
        type = Type.DIRECTORY; // pre-POSIX archives mark directories by the slash only
      }
      if (type == Type.HARDLINK || type == Type.SYMLINK || type == Type.DIRECTORY) {
        size = type == Type.HARDLINK || type == Type.SYMLINK ? 0 : size;
      }
      remaining = size;
      padding = pad(size);
      String path = normalize(name);
      return new Entry(path, type, type == Type.HARDLINK ? normalize(link) : link, size);
    }
  }

  /** Reads the current entry's body (the caller checked its size against its own cap). */
  byte[] readBody() throws IOException {
    if (remaining > Integer.MAX_VALUE - 16) {
      throw new IOException("entry too large to read: " + remaining + " bytes");
    }
    byte[] b = readFully((int) remaining);
    remaining = 0;
    return b;
  }

  /**
   * {@code /a/b}: leading {@code ./} and {@code /} and trailing slashes dropped, {@code .} segments
   * removed, {@code ..} applied (never above the root).
   */
  static String normalize(String name) {
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : name.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(seg);
      }
    }
    return "/" + String.join("/", parts);
  }

  private String ustarName() {
    String name = cString(header, 0, 100);
    // POSIX ustar ("ustar\0" + "00") has a name prefix at 345; old GNU ("ustar  \0") keeps other
    // data there
    boolean posix =
        header[257] == 'u'
            && header[258] == 's'
            && header[259] == 't'
            && header[260] == 'a'
            && header[261] == 'r'
            && header[262] == 0;
    if (posix) {
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private long size() throws IOException {
    if ((header[124] & 0x80) != 0) { // base-256, for sizes of 8 GiB and more
      long v = header[124] & 0x7f;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (header[i] & 0xff);
      }
      return v;
    }
    return octal(124, 12, "size");
  }

  private long octal(int off, int len, String field) throws IOException {
    long v = 0;
    boolean any = false;
    for (int i = off; i < off + len; i++) {
      int c = header[i] & 0xff;
      if (c == 0 || c == ' ') {
        if (any) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IOException(
            "not a tar archive: the " + field + " field of a header is not octal");
      }
      v = v * 8 + (c - '0');
      any = true;
    }
    return v;
  }

  private void checkChecksum() throws IOException {
    long want = octal(148, 8, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : header[i];
      unsigned += b & 0xff;
      signed += i >= 148 && i < 156 ? ' ' : header[i]; // some old writers summed signed bytes
    }
    if (want != unsigned && want != signed) {
      throw new IOException(
          "not a tar archive (or a corrupt one): a header's checksum does not match");
    }
  }

  static Map<String, String> parsePax(byte[] meta) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < meta.length) {
      int sp = i;
      while (sp < meta.length && meta[sp] != ' ') {
        sp++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(meta, i, sp - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("a malformed pax header record");
      }
      if (len <= sp - i + 1 || i + len > meta.length || meta[i + len - 1] != '\n') {
        throw new IOException("a malformed pax header record (length " + len + ")");
      }
      String rec = new String(meta, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq > 0) {
        out.put(rec.substring(0, eq), rec.substring(eq + 1));
      }
      i += len;
    }
    return out;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static long pad(long size) {
    long r = size % BLOCK;
    return r == 0 ? 0 : BLOCK - r;
  }

  private boolean readBlock() throws IOException {
    int n = in.readNBytes(header, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n < BLOCK) {
      throw new EOFException("the tar archive ends inside a header");
    }
    return true;
  }

  private byte[] readFully(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("the tar archive ends inside an entry");
    }
    return b;
  }

  private void skip(long n) throws IOException {
    byte[] buf = skipBuffer;
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new EOFException("the tar archive ends inside an entry");
      }
      n -= r;
    }
  }
}

package io.autoagent.core.config.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Minimal DER encoding to wrap PKCS#1 and SEC1 keys into PKCS#8. */
final class Der {
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private Der() {}

  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    return sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1)));
  }

  /** SEC1 {@code ECPrivateKey}: the curve is its {@code [0]} parameter. */
  static byte[] sec1ToPkcs8(byte[] sec1) throws PemTls.PemException {
    byte[] curve = curveOid(sec1);
    byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curve));
    return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, sec1)));
  }

  private static byte[] curveOid(byte[] sec1) throws PemTls.PemException {
    int[] seq = header(sec1, 0);
    int pos = seq[0];
    int end = seq[0] + seq[1];
    while (pos < end) {
      int tag = sec1[pos] & 0xff;
      int[] h = header(sec1, pos);
      if (tag == 0xa0) {
        int[] oid = header(sec1, h[0]);
        return Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
      }
      pos = h[0] + h[1];
    }
    throw new PemTls.PemException("holds an EC private key without its curve");
  }

  /** {content offset, content length} of the element at {@code pos}. */
  private static int[] header(byte[] der, int pos) throws PemTls.PemException {
    if (pos + 2 > der.length) {
      throw new PemTls.PemException("holds a damaged private key");
    }
    int len = der[pos + 1] & 0xff;
    int offset = pos + 2;
    if (len > 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[offset + i] & 0xff);
      }
      offset += n;
    }
    if (offset + len > der.length) {
      throw new PemTls.PemException("holds a damaged private key");
    }
    return new int[] {offset, len};
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

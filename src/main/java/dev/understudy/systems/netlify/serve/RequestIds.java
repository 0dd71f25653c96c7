package dev.understudy.systems.netlify.serve;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids as Netlify's look: ULIDs (48 bits of milliseconds, 80 random bits, Crockford base32). */
final class RequestIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private RequestIds() {}

  static String next() {
    char[] out = new char[26];
    long time = System.currentTimeMillis();
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 10; i < 26; i++) {
      out[i] = ALPHABET[(int) (a & 31)];
      a = (a >>> 5) | (b << 59);
      b >>>= 5;
    }
    return new String(out);
  }
}

package io.metricgen.engine.signal;

/**
 * Counter-based randomness: a value is a pure function of (key, step), so any step can be computed
 * without the ones before it, in any process. SplitMix64's finalizer does the mixing; StrictMath
 * keeps results bit-identical across JVMs.
 */
public final class Rng {

  private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

  private Rng() {}

  /** SplitMix64's finalizer: a bijective 64-bit mix. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /** Combines a parent key with a salt (a shape's position in its tree). */
  public static long derive(long key, long salt) {
    return mix(key ^ mix(salt * GOLDEN + 1));
  }

  /** A uniform double in [0, 1) for (key, step). */
  public static double unit(long key, long step) {
    return (mix(key + step * GOLDEN) >>> 11) * 0x1.0p-53;
  }

  /** A standard normal value for (key, step), by Box-Muller over two uniforms. */
  public static double gaussian(long key, long step) {
    double u1 = unit(key, 2 * step);
    double u2 = unit(key, 2 * step + 1);
    return StrictMath.sqrt(-2 * StrictMath.log1p(-u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /** FNV-1a over a string's UTF-16 units: a stable 64-bit hash for series identities. */
  public static long hash(CharSequence s) {
    long h = 0xcbf2_9ce4_8422_2325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100_0000_01b3L;
    }
    return h;
  }
}

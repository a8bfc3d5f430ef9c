package io.metricgen.engine.promql.eval;

/** Where Go's math package and Java's differ in results that PromQL shows. */
public final class GoMath {

  private static final double LN2 = 6.93147180559945286227e-01;
  private static final double NEAR_ZERO = 1.0 / (1 << 28);
  private static final double LARGE = 1 << 28;

  private GoMath() {}

  // Go's sin, cos and tan (Cephes, with Payne-Hanek reduction above 2^29): Java's differ in the
  // last bits, and for large arguments far more, and PromQL shows every bit.
  private static final double[] SIN = {
    1.58962301576546568060e-10,
    -2.50507477628578072866e-8,
    2.75573136213857245213e-6,
    -1.98412698295895385996e-4,
    8.33333333332211858878e-3,
    -1.66666666666666307295e-1
  };
  private static final double[] COS = {
    -1.13585365213876817300e-11,
    2.08757008419747316778e-9,
    -2.75573141792967388112e-7,
    2.48015872888517045348e-5,
    -1.38888888888730564116e-3,
    4.16666666666665929218e-2
  };
  private static final double[] TAN_P = {
    -1.30936939181383777646e4, 1.15351664838587416140e6, -1.79565251976484877988e7
  };
  private static final double[] TAN_Q = {
    1.00000000000000000000e0,
    1.36812963470692954678e4,
    -1.32089234440210967447e6,
    2.50083801823357915839e7,
    -5.38695755929454629881e7
  };
  private static final double PI4A = 7.85398125648498535156e-1;
  private static final double PI4B = 3.77489470793079817668e-8;
  private static final double PI4C = 2.69515142907905952645e-15;
  private static final double REDUCE_THRESHOLD = 1 << 29;
  private static final double FOUR_OVER_PI = 1.2732395447351628;
  private static final long[] M_PI4 = {
    0x0000000000000001L,
    0x45f306dc9c882a53L,
    0xf84eafa3ea69bb81L,
    0xb6c52b3278872083L,
    0xfca2c757bd778ac3L,
    0x6e48dc74849ba5c0L,
    0x0c925dd413a32439L,
    0xfc3bd63962534e7dL,
    0xd1046bea5d768909L,
    0xd338e04d68befc82L,
    0x7323ac7306a673e9L,
    0x3908bf177bf25076L,
    0x3ff12fffbc0b301fL,
    0xde5e2316b414da3eL,
    0xda6cfd9e4f96136eL,
    0x9e8c7ecd3cbfd45aL,
    0xea4f758fd7cbe2f6L,
    0x7a0e73ef14a525d4L,
    0xd7f6bf623f1aba10L,
    0xac06608df8f6d757L
  };

  /** The octant (j) and the remainder (z) of x / (π/4), for x ≥ 0. */
  private static double reduce(double x, long[] octant) {
    if (x >= REDUCE_THRESHOLD) {
      return trigReduce(x, octant);
    }
    long j = (long) (x * FOUR_OVER_PI);
    double y = j;
    if ((j & 1) == 1) {
      j++;
      y++;
    }
    octant[0] = j & 7; // the octant modulo 2π; tan reads only its bit 1, which this keeps
    return ((x - y * PI4A) - y * PI4B) - y * PI4C;
  }

  private static double trigReduce(double x, long[] octant) {
    double pi4 = Math.PI / 4;
    if (x < pi4) {
      octant[0] = 0;
      return x;
    }
    long ix = Double.doubleToRawLongBits(x);
    int exp = (int) ((ix >>> 52) & 0x7ff) - 1023 - 52;
    ix &= ~(0x7ffL << 52);
    ix |= 1L << 52;
    int digit = (exp + 61) / 64;
    int bitshift = (exp + 61) % 64;
    long z0 = (M_PI4[digit] << bitshift) | shiftRight(M_PI4[digit + 1], 64 - bitshift);
    long z1 = (M_PI4[digit + 1] << bitshift) | shiftRight(M_PI4[digit + 2], 64 - bitshift);
    long z2 = (M_PI4[digit + 2] << bitshift) | shiftRight(M_PI4[digit + 3], 64 - bitshift);
    long z2hi = unsignedMultiplyHigh(z2, ix);
    long z1hi = unsignedMultiplyHigh(z1, ix);
    long z1lo = z1 * ix;
    long z0lo = z0 * ix;
    long lo = z1lo + z2hi;
    long carry = Long.compareUnsigned(lo, z1lo) < 0 ? 1 : 0;
    long hi = z0lo + z1hi + carry;
    long j = hi >>> 61;
    hi = hi << 3 | lo >>> 61;
    int lz = Long.numberOfLeadingZeros(hi);
    long e = 1023 - (lz + 1);
    hi = (hi << (lz + 1)) | shiftRight(lo, 64 - (lz + 1));
    hi >>>= 64 - 52;
    hi |= e << 52;
    double z = Double.longBitsToDouble(hi);
    if ((j & 1) == 1) {
      j++;
      j &= 7;
      z--;
    }
    octant[0] = j;
    return z * pi4;
  }

  // Math.unsignedMultiplyHigh arrived in Java 18.
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  // Go's shifts by 64 or more give 0; Java's take the count modulo 64.
  private static long shiftRight(long v, int n) {
    return n >= 64 ? 0 : v >>> n;
  }

  static double sin(double x) {
    if (x == 0 || Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Double.NaN;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    long[] octant = new long[1];
    double z = reduce(x, octant);
    long j = octant[0];
    if (j > 3) {
      sign = !sign;
      j -= 4;
    }
    double zz = z * z;
    double y = j == 1 || j == 2 ? 1.0 - 0.5 * zz + zz * zz * cosPoly(zz) : z + z * zz * sinPoly(zz);
    return sign ? -y : y;
  }

  static double cos(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.NaN;
    }
    boolean sign = false;
    x = Math.abs(x);
    long[] octant = new long[1];
    double z = reduce(x, octant);
    long j = octant[0];
    if (j > 3) {
      j -= 4;
      sign = !sign;
    }
    if (j > 1) {
      sign = !sign;
    }
    double zz = z * z;
    double y = j == 1 || j == 2 ? z + z * zz * sinPoly(zz) : 1.0 - 0.5 * zz + zz * zz * cosPoly(zz);
    return sign ? -y : y;
  }

  static double tan(double x) {
    if (x == 0 || Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Double.NaN;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    long[] octant = new long[1];
    double z = reduce(x, octant);
    long j = octant[0];
    double zz = z * z;
    double y;
    if (zz > 1e-14) {
      y =
          z
              + z
                  * (zz
                      * (((TAN_P[0] * zz) + TAN_P[1]) * zz + TAN_P[2])
                      / ((((zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]) * zz + TAN_Q[4]));
    } else {
      y = z;
    }
    if ((j & 2) == 2) {
      y = -1 / y;
    }
    return sign ? -y : y;
  }

  private static double sinPoly(double zz) {
    return (((((SIN[0] * zz) + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5];
  }

  private static double cosPoly(double zz) {
    return (((((COS[0] * zz) + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5];
  }

  /**
   * Go 1.19's {@code math.Pow} (the Go that built Prometheus 2.42): its special cases, and integer
   * powers by repeated squaring, which round otherwise than Java's {@code Math.pow}.
   */
  static double pow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.NaN;
    }
    if (x == 0) {
      if (y < 0) {
        return isOddInt(y) ? Math.copySign(Double.POSITIVE_INFINITY, x) : Double.POSITIVE_INFINITY;
      }
      if (y > 0) {
        return isOddInt(y) ? x : 0;
      }
    }
    if (Double.isInfinite(y)) {
      if (x == -1) {
        return 1;
      }
      return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (Double.isInfinite(x)) {
      if (x < 0) {
        return pow(1 / x, -y);
      }
      return y < 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    if (y == 0.5) {
      return Math.sqrt(x);
    }
    if (y == -0.5) {
      return 1 / Math.sqrt(x);
    }
    double ay = Math.abs(y);
    double yi = Math.floor(ay);
    double yf = ay - yi;
    if (yf != 0 && x < 0) {
      return Double.NaN;
    }
    if (yi >= 0x1p63) {
      if (x == -1) {
        return 1;
      }
      return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
    }
    double a1 = 1.0;
    long ae = 0;
    if (yf != 0) {
      if (yf > 0.5) {
        yf--;
        yi++;
      }
      a1 = exp(yf * log(x));
    }
    // Frexp: x = x1 · 2^xe with x1 in [0.5, 1).
    double x1;
    long xe;
    if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
      x1 = x;
      xe = 0;
    } else {
      int e = Math.getExponent(x);
      double scaled = x;
      int adjust = 0;
      if (e == Double.MIN_EXPONENT - 1) {
        scaled = x * 0x1p52;
        adjust = -52;
        e = Math.getExponent(scaled);
      }
      xe = e + 1 + adjust;
      x1 = Math.scalb(scaled, -(e + 1));
    }
    for (long i = (long) yi; i != 0; i >>= 1) {
      if (xe < -(1 << 12) || (1 << 12) < xe) {
        ae += xe;
        break;
      }
      if ((i & 1) == 1) {
        a1 *= x1;
        ae += xe;
      }
      x1 *= x1;
      xe <<= 1;
      if (x1 < .5) {
        x1 += x1;
        xe--;
      }
    }
    if (y < 0) {
      a1 = 1 / a1;
      ae = -ae;
    }
    return ldexp(a1, ae);
  }

  private static boolean isOddInt(double x) {
    double xi = x < 0 ? Math.ceil(x) : Math.floor(x);
    return x - xi == 0 && Math.abs(xi) < 0x1p63 && (((long) xi) & 1) == 1;
  }

  private static double ldexp(double frac, long exp) {
    if (exp > 4096) {
      exp = 4096;
    } else if (exp < -4096) {
      exp = -4096;
    }
    return Math.scalb(frac, (int) exp);
  }

  /** Whether Go's Exp takes its FMA path here: it does on CPUs with AVX2 and FMA. */
  private static final boolean FMA = cpuHas("avx2") && cpuHas("fma");

  private static boolean cpuHas(String flag) {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return (" " + line.substring(line.indexOf(':') + 1) + " ").contains(" " + flag + " ");
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // No /proc: assume a CPU without the flag.
    }
    return false;
  }

  /**
   * Go's Exp as its amd64 assembly computes it (Shibata's method, with or without FMA as the CPU
   * allows): it rounds otherwise than Java's, and returns 0 rather than subnormals.
   */
  static double exp(double x) {
    if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
      return x;
    }
    if (x == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    if (x > 7.09782712893384e+02) {
      return Double.POSITIVE_INFINITY;
    }
    final double log2e = 1.4426950408889634073599246810018920;
    final double ln2u = 0.69314718055966295651160180568695068359375;
    final double ln2l = 0.28235290563031577122588448175013436025525412068e-12;
    double t = Math.rint(x * log2e);
    int bx = t >= Integer.MAX_VALUE || t <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) t;
    double k = bx;
    double r;
    if (FMA) {
      r = Math.fma(-ln2u, k, x);
      r = Math.fma(-ln2l, k, r);
    } else {
      r = x - ln2u * k;
      r = r - ln2l * k;
    }
    r *= 0.0625;
    double[] c = {
      2.4801587301587301587e-5,
      1.9841269841269841270e-4,
      1.3888888888888888889e-3,
      8.3333333333333333333e-3,
      4.1666666666666666667e-2,
      1.6666666666666666667e-1,
      0.5,
      1.0
    };
    double p = c[0];
    if (FMA) {
      for (int i = 1; i < c.length; i++) {
        p = Math.fma(p, r, c[i]);
      }
      r *= p;
      for (int i = 0; i < 3; i++) {
        r *= r + 2.0;
      }
      r = Math.fma(r, r + 2.0, 1.0);
    } else {
      for (int i = 1; i < c.length; i++) {
        p = p * r + c[i];
      }
      r *= p;
      for (int i = 0; i < 4; i++) {
        r *= r + 2.0;
      }
      r += 1.0;
    }
    long e = (long) bx + 0x3FF;
    if (e <= 0) {
      return 0;
    }
    if (e >= 0x7FF) {
      return Double.POSITIVE_INFINITY;
    }
    return r * Double.longBitsToDouble(e << 52);
  }

  static double sinh(double x) {
    final double p0 = -0.6307673640497716991184787251e+6;
    final double p1 = -0.8991272022039509355398013511e+5;
    final double p2 = -0.2894211355989563807284660366e+4;
    final double p3 = -0.2630563213397497062819489e+2;
    final double q0 = -0.6307673640497716991212077277e+6;
    final double q1 = 0.1521517378790019070696485176e+5;
    final double q2 = -0.173678953558233699533450911e+3;
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double temp;
    if (x > 21) {
      temp = exp(x) / 2;
    } else if (x > 0.5) {
      temp = (exp(x) - exp(-x)) / 2;
    } else {
      double sq = x * x;
      temp = (((p3 * sq + p2) * sq + p1) * sq + p0) * x;
      temp = temp / (((sq + q2) * sq + q1) * sq + q0);
    }
    return sign ? -temp : temp;
  }

  static double cosh(double x) {
    x = Math.abs(x);
    if (x > 21) {
      return exp(x) / 2;
    }
    double ex = exp(x);
    return (ex + 1 / ex) / 2;
  }

  static double tanh(double x) {
    final double maxlog = 8.8029691931113054295988e+01;
    double z = Math.abs(x);
    if (z > 0.5 * maxlog) {
      return x < 0 ? -1 : 1;
    }
    if (z >= 0.625) {
      double s = exp(2 * z);
      z = 1 - 2 / (s + 1);
      return x < 0 ? -z : z;
    }
    if (x == 0) {
      return x;
    }
    double s = x * x;
    return x
        + x
            * s
            * ((-9.64399179425052238628E-1 * s + -9.92877231001918586564E1) * s
                + -1.61468768441708447952E3)
            / (((s + 1.12811678491632931402E2) * s + 2.23548839060100448583E3) * s
                + 4.84406305325125486048E3);
  }

  /** Go's Log10: Log(x)·(1/Ln10), one rounding more than Java's. */
  static double log10(double x) {
    return log(x) * 0.4342944819032518;
  }

  /**
   * Go's Log as its amd64 assembly computes it (the algorithm of FreeBSD's e_log.c, simplified): it
   * rounds otherwise than Java's intrinsic now and then.
   */
  static double log(double x) {
    long bits = Double.doubleToRawLongBits(x);
    if ((bits & ~(1L << 63)) == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (bits < 0) {
      return Double.NaN;
    }
    if (bits >= 0x7FF0000000000000L) {
      return x;
    }
    double f1 = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FE0000000000000L);
    double k = (int) ((bits >>> 52) & 0x7FF) - 0x3FE;
    if (f1 < 7.07106781186547524401e-01) {
      k -= 1;
      f1 *= 2;
    }
    double f = f1 - 1;
    double s = f / (2.0 + f);
    double s2 = s * s;
    double s4 = s2 * s2;
    double t1 =
        s2
            * (6.666666666666735130e-01
                + s4
                    * (2.857142874366239149e-01
                        + s4 * (1.818357216161805012e-01 + s4 * 1.479819860511658591e-01)));
    double t2 =
        s4
            * (3.999999999940941908e-01
                + s4 * (2.222219843214978396e-01 + s4 * 1.531383769920937332e-01));
    double r = t1 + t2;
    double hfsq = 0.5 * f * f;
    return k * 6.93147180369123816490e-01
        - ((hfsq - (s * (hfsq + r) + k * 1.90821492927058770002e-10)) - f);
  }

  private static double xatan(double x) {
    final double p0 = -8.750608600031904122785e-01;
    final double p1 = -1.615753718733365076637e+01;
    final double p2 = -7.500855792314704667340e+01;
    final double p3 = -1.228866684490136173410e+02;
    final double p4 = -6.485021904942025371773e+01;
    final double q0 = +2.485846490142306297962e+01;
    final double q1 = +1.650270098316988542046e+02;
    final double q2 = +4.328810604912902668951e+02;
    final double q3 = +4.853903996359136964868e+02;
    final double q4 = +1.945506571482613964425e+02;
    double z = x * x;
    z =
        z
            * ((((p0 * z + p1) * z + p2) * z + p3) * z + p4)
            / (((((z + q0) * z + q1) * z + q2) * z + q3) * z + q4);
    return x * z + x;
  }

  private static double satan(double x) {
    final double morebits = 6.123233995736765886130e-17;
    final double tan3pio8 = 2.41421356237309504880;
    if (x <= 0.66) {
      return xatan(x);
    }
    if (x > tan3pio8) {
      return Math.PI / 2 - xatan(1 / x) + morebits;
    }
    return Math.PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * morebits;
  }

  /** Go's Atan (Cephes). */
  static double atan(double x) {
    if (x == 0) {
      return x;
    }
    return x > 0 ? satan(x) : -satan(-x);
  }

  /** Go's Atan2, on its Atan. */
  static double atan2(double y, double x) {
    if (Double.isNaN(y) || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (y == 0) {
      return x >= 0 && !(x == 0 && 1 / x < 0) ? Math.copySign(0, y) : Math.copySign(Math.PI, y);
    }
    if (x == 0) {
      return Math.copySign(Math.PI / 2, y);
    }
    if (Double.isInfinite(x)) {
      if (x > 0) {
        return Double.isInfinite(y) ? Math.copySign(Math.PI / 4, y) : Math.copySign(0, y);
      }
      return Double.isInfinite(y) ? Math.copySign(3 * Math.PI / 4, y) : Math.copySign(Math.PI, y);
    }
    if (Double.isInfinite(y)) {
      return Math.copySign(Math.PI / 2, y);
    }
    double q = atan(y / x);
    if (x < 0) {
      return q <= 0 ? q + Math.PI : q - Math.PI;
    }
    return q;
  }

  /** Go's Asin, on its Atan. */
  static double asin(double x) {
    if (x == 0) {
      return x;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    if (x > 1) {
      return Double.NaN;
    }
    double temp = Math.sqrt(1 - x * x);
    temp = x > 0.7 ? Math.PI / 2 - satan(temp / x) : satan(x / temp);
    return sign ? -temp : temp;
  }

  static double acos(double x) {
    return Math.PI / 2 - asin(x);
  }

  /** Go's {@code math.Max}: +Inf before NaN. */
  static double max(double x, double y) {
    if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(x, y);
  }

  /** Go's {@code math.Min}: −Inf before NaN. */
  static double min(double x, double y) {
    if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.min(x, y);
  }

  /** Go's Log2: exact for powers of two. */
  static double log2(double x) {
    if (x > 0 && !Double.isInfinite(x)) {
      int exp = Math.getExponent(x);
      double frac;
      if (exp == Double.MIN_EXPONENT - 1) {
        // Subnormal: normalise first.
        double scaled = x * 0x1p54;
        exp = Math.getExponent(scaled) - 54;
        frac = scaled / Math.scalb(1.0, Math.getExponent(scaled) + 1);
      } else {
        frac = x / Math.scalb(1.0, exp + 1);
      }
      // x = frac · 2^(exp+1) with frac in [0.5, 1), as Go's Frexp.
      if (frac == 0.5) {
        return exp;
      }
      return log(frac) * (1 / LN2) + (exp + 1);
    }
    return log(x) * (1 / LN2);
  }

  static double asinh(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double temp;
    if (x > LARGE) {
      temp = log(x) + LN2;
    } else if (x > 2) {
      temp = log(2 * x + 1 / (Math.sqrt(x * x + 1) + x));
    } else if (x < NEAR_ZERO) {
      temp = x;
    } else {
      temp = Math.log1p(x + x * x / (1 + Math.sqrt(1 + x * x)));
    }
    return sign ? -temp : temp;
  }

  static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= LARGE) {
      return log(x) + LN2;
    }
    if (x > 2) {
      return log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    boolean sign = x < 0;
    if (sign) {
      x = -x;
    }
    double temp;
    if (x < NEAR_ZERO) {
      temp = x;
    } else if (x < 0.5) {
      temp = x + x;
      temp = 0.5 * Math.log1p(temp + temp * x / (1 - x));
    } else {
      temp = 0.5 * Math.log1p((x + x) / (1 - x));
    }
    return sign ? -temp : temp;
  }

  /**
   * Go's {@code strconv.ParseFloat(s, 64)} for the texts it takes: decimal and hexadecimal numbers,
   * {@code Inf} and {@code NaN} in any case with an optional sign; null for the rest.
   */
  private static final java.util.regex.Pattern FLOAT_CHARS =
      java.util.regex.Pattern.compile("(?i)[0-9._a-fpx+-]+");

  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("[0-9]*\\.?[0-9]*(e[+-]?[0-9]+)?");
  private static final java.util.regex.Pattern DIGIT = java.util.regex.Pattern.compile("[0-9]");

  public static Double parseFloat(String s) {
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    double sign = s.startsWith("-") ? -1 : 1;
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (t.isEmpty() || !FLOAT_CHARS.matcher(t).matches()) {
      return null;
    }
    if (t.contains("_")) {
      return null;
    }
    try {
      if (lower.startsWith("0x")) {
        return sign * Double.parseDouble(lower.contains("p") ? t : t + "p0");
      }
      if (DECIMAL.matcher(lower).matches() && DIGIT.matcher(lower).find()) {
        return sign * Double.parseDouble(t);
      }
      return null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

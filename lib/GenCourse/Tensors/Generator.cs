namespace GenCourse;

/// <summary>
/// A seeded random number generator (xoshiro256** seeded through splitmix64). It uses only integer
/// arithmetic and IEEE-exact float operations, so a seed gives the same numbers on every machine and runtime.
/// </summary>
public sealed class Generator
{
    ulong s0, s1, s2, s3;
    double? spareNormal;

    /// <summary>A generator seeded with <paramref name="seed"/> (TorchSharp's signature; the embedded engine has only the CPU).</summary>
    public Generator(ulong seed = 0, torch.Device? device = null)
    {
        torch.RequireCpu(device, "Generator");
        Reseed(seed);
    }

    /// <summary>The seed this generator was last seeded with.</summary>
    public long initial_seed() => (long)Seed;

    internal ulong Seed { get; private set; }

    /// <summary>Restarts the stream from <paramref name="seed"/>.</summary>
    public Generator manual_seed(long seed) => Reseed((ulong)seed);

    Generator Reseed(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
        spareNormal = null;
        return this;
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    internal ulong NextUInt64()
    {
        ulong result = Rotl(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Rotl(s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    internal double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    internal long NextInt64(long n)
    {
        if (n <= 0) throw new ArgumentException($"NextInt64: the upper bound must be positive, got {n}");
        ulong range = (ulong)n;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong r = NextUInt64();
            ulong hi = Math.BigMul(r, range, out ulong lo);
            if (lo >= threshold) return (long)hi;
        }
    }

    /// <summary>Standard normal by Marsaglia's polar method (pairs; the second value is kept for the next call).</summary>
    internal double NextNormal()
    {
        if (spareNormal is double spare)
        {
            spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * PortableLog(s) / s);
        spareNormal = v * factor;
        return u * factor;
    }

    /// <summary>
    /// Natural log from +, *, / only (bit-identical everywhere, unlike the platform libm):
    /// x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh((m-1)/(m+1)) by its series.
    /// </summary>
    internal static double PortableLog(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > 1.4142135623730951) { m *= 0.5; e++; }
        double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
        for (int k = 1; k < 60; k += 2)
        {
            sum += term / k;
            term *= s2;
        }
        return 2 * sum + e * 0.6931471805599453;
    }
}

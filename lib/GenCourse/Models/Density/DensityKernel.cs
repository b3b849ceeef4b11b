namespace GenCourse.Models.Density;

/// <summary>The radial kernels of <see cref="KernelDensity"/>, K(u) with u = |x - x_i| / h and K(0) = 1.</summary>
internal enum DensityKernel
{
    /// <summary>exp(-u^2 / 2).</summary>
    Gaussian,
    /// <summary>1 for u &lt; 1.</summary>
    Tophat,
    /// <summary>1 - u^2 for u &lt; 1.</summary>
    Epanechnikov,
    /// <summary>exp(-u).</summary>
    Exponential,
    /// <summary>1 - u for u &lt; 1.</summary>
    Linear,
    /// <summary>cos(pi u / 2) for u &lt; 1.</summary>
    Cosine,
}

internal static class DensityKernels
{
    public static readonly string[] Names = ["gaussian", "tophat", "epanechnikov", "exponential", "linear", "cosine"];

    public static DensityKernel Parse(string name, string op)
    {
        int i = Array.IndexOf(Names, name);
        if (i < 0)
            throw new ArgumentException($"{op}: unknown kernel \"{name}\"; expected one of {string.Join(", ", Names)}", "kernel");
        return (DensityKernel)i;
    }

    public static string Name(this DensityKernel kernel) => Names[(int)kernel];

    /// <summary>
    /// log of 1 / integral of K(|x| / h) over R^d, so that (1/n) sum_i K(|x - x_i| / h) times it is a density.
    /// Equals scikit-learn 1.2's <c>_log_kernel_norm</c> for every kernel and dimension, except the cosine kernel
    /// in even d: scikit-learn's series drops terms there (its 2-D cosine KDE integrates to 0.36, and d = 4 gives NaN);
    /// we use the exact integral, which coincides with scikit-learn's in odd d.
    /// </summary>
    public static double LogNormalization(this DensityKernel kernel, double h, int d)
    {
        double factor = kernel switch
        {
            DensityKernel.Gaussian => 0.5 * d * Math.Log(2 * Math.PI),
            DensityKernel.Tophat => LogUnitBallVolume(d),
            DensityKernel.Epanechnikov => LogUnitBallVolume(d) + Math.Log(2.0 / (d + 2)),
            DensityKernel.Exponential => LogSphereSurface(d - 1) + LogGamma(d),
            DensityKernel.Linear => LogUnitBallVolume(d) - Math.Log(d + 1.0),
            DensityKernel.Cosine => Math.Log(CosineRadialIntegral(d)) + LogSphereSurface(d - 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
        };
        return -factor - d * Math.Log(h);
    }

    /// <summary>log V_n, V_n = pi^(n/2) / Gamma(n/2 + 1) the volume of the unit n-ball (n &gt;= -1).</summary>
    public static double LogUnitBallVolume(int n) => 0.5 * n * Math.Log(Math.PI) - LogGamma(0.5 * n + 1);

    /// <summary>log S_n, S_n = 2 pi V_(n-1) the surface of the unit n-sphere in R^(n+1).</summary>
    static double LogSphereSurface(int n) => Math.Log(2 * Math.PI) + LogUnitBallVolume(n - 1);

    /// <summary>int_0^1 cos(pi r / 2) r^(d-1) dr = sum_k (-1)^k (pi/2)^(2k) / ((2k)! (2k + d)), a fast alternating series.</summary>
    static double CosineRadialIntegral(int d)
    {
        double a2 = Math.PI * Math.PI / 4, term = 1, sum = 0;
        for (int k = 0; k < 40; k++)
        {
            sum += term / (2 * k + d);
            term *= -a2 / ((2 * k + 1) * (2 * k + 2));
        }
        return sum;
    }

    /// <summary>log Gamma(x) for x a positive multiple of 1/2, by Gamma(x + 1) = x Gamma(x) from Gamma(1) = 1, Gamma(1/2) = sqrt(pi).</summary>
    static double LogGamma(double x)
    {
        if (!(x > 0) || Math.Abs(2 * x - Math.Round(2 * x)) > 1e-12)
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma: expects a positive multiple of 1/2");
        bool half = Math.Round(2 * x) % 2 == 1;
        double result = half ? 0.5 * Math.Log(Math.PI) : 0;
        for (double y = half ? 0.5 : 1; y < x - 0.25; y++) result += Math.Log(y);
        return result;
    }
}

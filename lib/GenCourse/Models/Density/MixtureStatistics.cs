namespace GenCourse.Models.Density;

/// <summary>
/// Responsibility-weighted sums that the M-step needs, taken around a shift m_c (the means of the E-step's
/// parameters) so that second moments do not cancel: N_c = sum_n r_nc, S1_c = sum_n r_nc (x_n - m_c),
/// S2_c = sum_n r_nc (x_n - m_c)(x_n - m_c)^T; plus the total log-likelihood sum_n log p(x_n).
/// </summary>
internal sealed class MixtureStatistics
{
    public MixtureStatistics(int components, int dimension, double[] shift)
    {
        (Components, Dimension, Shift) = (components, dimension, shift);
        Weight = new double[components];
        First = new double[components * dimension];
        Second = new double[components * dimension * dimension];
    }

    public int Components { get; }

    public int Dimension { get; }

    /// <summary>m_c, row-major [K, d].</summary>
    public double[] Shift { get; }

    /// <summary>N_c = sum_n r_nc.</summary>
    public double[] Weight { get; }

    /// <summary>S1_c, row-major [K, d].</summary>
    public double[] First { get; }

    /// <summary>S2_c, row-major [K, d, d].</summary>
    public double[] Second { get; }

    /// <summary>sum_n log p(x_n) (0 when the responsibilities were given rather than computed).</summary>
    public double LogLikelihood { get; set; }

    /// <summary>Adds another partial sum (same shift) into this one.</summary>
    public void Add(MixtureStatistics other)
    {
        for (int i = 0; i < Weight.Length; i++) Weight[i] += other.Weight[i];
        for (int i = 0; i < First.Length; i++) First[i] += other.First[i];
        for (int i = 0; i < Second.Length; i++) Second[i] += other.Second[i];
        LogLikelihood += other.LogLikelihood;
    }
}

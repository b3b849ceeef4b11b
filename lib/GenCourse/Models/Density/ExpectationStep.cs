using System.Numerics.Tensors;

namespace GenCourse.Models.Density;

/// <summary>
/// The E-step of EM for a Gaussian mixture, fused with the sums of the following M-step: one pass over the data
/// computes log w_c N(x_n | mu_c, Sigma_c), the log-likelihood log p(x_n) by log-sum-exp over c, the
/// responsibilities r_nc = w_c N(x_n | c) / p(x_n), and accumulates <see cref="MixtureStatistics"/>.
/// Points are processed in blocks transposed to columns (SIMD over points), chunks of blocks go to the cores,
/// and partial sums are added in chunk order, so the result does not depend on the number of threads.
/// </summary>
internal static class ExpectationStep
{
    const int Block = 256, BlocksPerChunk = 16;
    static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// E-step with parameters p. Writes log p(x_n) to <paramref name="logLikelihoods"/> and r_nc (row-major [n, K])
    /// to <paramref name="responsibilities"/> when given; returns the statistics around the means of p
    /// (when <paramref name="accumulate"/>) with the total log-likelihood.
    /// </summary>
    public static MixtureStatistics Run(Points x, MixtureParameters p, bool accumulate,
        double[]? logLikelihoods = null, double[]? responsibilities = null) =>
        Pass(x, p.Components, p.Means, accumulate, p.Kind is CovarianceKind.Full or CovarianceKind.Tied, (scratch, start, length) =>
        {
            LogJoint(scratch, p, length);
            double sum = Normalize(scratch, p.Components, length);
            if (logLikelihoods is not null) scratch.LogSumExp.AsSpan(0, length).CopyTo(logLikelihoods.AsSpan(start, length));
            if (responsibilities is not null)
                for (int c = 0; c < p.Components; c++)
                    for (int b = 0; b < length; b++) responsibilities[(start + b) * p.Components + c] = scratch.Resp[c * Block + b];
            return sum;
        });

    /// <summary>The statistics of given responsibilities (row-major [n, K]) around <paramref name="shift"/> (an initialisation).</summary>
    public static MixtureStatistics FromResponsibilities(Points x, double[] responsibilities, int components, double[] shift,
        CovarianceKind kind) =>
        Pass(x, components, shift, true, kind is CovarianceKind.Full or CovarianceKind.Tied, (scratch, start, length) =>
        {
            for (int c = 0; c < components; c++)
                for (int b = 0; b < length; b++) scratch.Resp[c * Block + b] = responsibilities[(start + b) * components + c];
            return 0;
        });

    sealed class Scratch(int components, int dimension)
    {
        public readonly double[] Columns = new double[dimension * Block];
        public readonly double[] Resp = new double[components * Block];
        public readonly double[] LogSumExp = new double[Block];
        public readonly double[] Work = new double[3 * Block];
        public readonly double[] Centred = new double[dimension * Block];
    }

    /// <summary>Runs <paramref name="block"/> (which fills Resp and returns its log-likelihood sum) on every block, then accumulates.</summary>
    static MixtureStatistics Pass(Points x, int components, double[] shift, bool accumulate, bool fullScatter,
        Func<Scratch, int, int, double> block)
    {
        int n = x.Count, d = x.Dimension;
        int chunkSize = Block * BlocksPerChunk, chunks = (n + chunkSize - 1) / chunkSize;
        var partials = new MixtureStatistics[chunks];
        Parallel.For(0, chunks, () => new Scratch(components, d), (chunk, _, scratch) =>
        {
            var partial = new MixtureStatistics(components, d, shift);
            for (int start = chunk * chunkSize; start < Math.Min(n, (chunk + 1) * chunkSize); start += Block)
            {
                int length = Math.Min(Block, n - start);
                for (int b = 0; b < length; b++)
                    for (int k = 0; k < d; k++) scratch.Columns[k * Block + b] = x.Values[(start + b) * d + k];
                partial.LogLikelihood += block(scratch, start, length);
                if (accumulate) Accumulate(scratch, partial, length, fullScatter);
            }
            partials[chunk] = partial;
            return scratch;
        }, _ => { });
        var total = new MixtureStatistics(components, d, shift);
        foreach (var partial in partials) total.Add(partial);
        return total;
    }

    /// <summary>Resp[c] = log w_c + log N(x | mu_c, Sigma_c) = log w_c + log det P_c - d/2 log 2 pi - |(x - mu_c)^T P_c|^2 / 2.</summary>
    static void LogJoint(Scratch s, MixtureParameters p, int length)
    {
        int d = p.Dimension;
        var y = s.Work.AsSpan(0, length);
        var squares = s.Work.AsSpan(Block, length);
        bool triangular = p.Kind is CovarianceKind.Full or CovarianceKind.Tied;
        for (int c = 0; c < p.Components; c++)
        {
            var precision = p.Precision.AsSpan(c * d * d, d * d);
            squares.Clear();
            for (int j = 0; j < d; j++)
            {
                // y_j = sum_{i <= j} (x_i - mu_i) P_ij  (only i = j for diagonal precisions)
                double offset = 0;
                for (int i = triangular ? 0 : j; i <= j; i++) offset += p.Means[c * d + i] * precision[i * d + j];
                y.Fill(-offset);
                for (int i = triangular ? 0 : j; i <= j; i++)
                    TensorPrimitives.MultiplyAdd(s.Columns.AsSpan(i * Block, length), precision[i * d + j], y, y);
                TensorPrimitives.MultiplyAdd(y, y, squares, squares);
            }
            double constant = Math.Log(p.Weights[c]) + p.LogDeterminant[c] - d * HalfLog2Pi;
            var logJoint = s.Resp.AsSpan(c * Block, length);
            TensorPrimitives.Multiply(squares, -0.5, logJoint);
            TensorPrimitives.Add(logJoint, constant, logJoint);
        }
    }

    /// <summary>Turns Resp from log w_c N(x | c) into responsibilities in place; LogSumExp = log p(x); returns sum log p(x).</summary>
    static double Normalize(Scratch s, int components, int length)
    {
        var max = s.LogSumExp.AsSpan(0, length);
        var term = s.Work.AsSpan(0, length);
        var sum = s.Work.AsSpan(Block, length);
        s.Resp.AsSpan(0, length).CopyTo(max);
        for (int c = 1; c < components; c++) TensorPrimitives.Max(max, s.Resp.AsSpan(c * Block, length), max);
        sum.Clear();
        for (int c = 0; c < components; c++)
        {
            TensorPrimitives.Subtract(s.Resp.AsSpan(c * Block, length), max, term);
            SimdMath.Exp(term, term);
            TensorPrimitives.Add(sum, term, sum);
        }
        double total = 0;
        for (int b = 0; b < length; b++)
        {
            max[b] += Math.Log(sum[b]);
            total += max[b];
        }
        for (int c = 0; c < components; c++)
        {
            var r = s.Resp.AsSpan(c * Block, length);
            TensorPrimitives.Subtract(r, max, r);
            SimdMath.Exp(r, r);
        }
        return total;
    }

    /// <summary>
    /// N_c += sum r, S1_c += sum r (x - m_c), S2_c += sum r (x - m_c)(x - m_c)^T for the block
    /// (only the diagonal of S2 unless <paramref name="fullScatter"/>).
    /// </summary>
    static void Accumulate(Scratch s, MixtureStatistics stats, int length, bool fullScatter)
    {
        int d = stats.Dimension;
        var centred = s.Centred.AsSpan();
        var weighted = s.Work.AsSpan(2 * Block, length);
        for (int c = 0; c < stats.Components; c++)
        {
            var r = s.Resp.AsSpan(c * Block, length);
            stats.Weight[c] += TensorPrimitives.Sum(r);
            for (int i = 0; i < d; i++)
                TensorPrimitives.Subtract(s.Columns.AsSpan(i * Block, length), stats.Shift[c * d + i], centred.Slice(i * Block, length));
            for (int i = 0; i < d; i++)
            {
                var xi = centred.Slice(i * Block, length);
                TensorPrimitives.Multiply(r, xi, weighted);
                stats.First[c * d + i] += TensorPrimitives.Sum(weighted);
                for (int j = i; j < (fullScatter ? d : i + 1); j++)
                {
                    double v = TensorPrimitives.Dot(weighted, centred.Slice(j * Block, length));
                    stats.Second[(c * d + i) * d + j] += v;
                    if (j != i) stats.Second[(c * d + j) * d + i] += v;
                }
            }
        }
    }
}

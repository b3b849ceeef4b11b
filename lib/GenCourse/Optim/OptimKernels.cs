using System.Numerics;
using GenCourse.Kernels;

namespace GenCourse.Optim;

/// <summary>Fused, vectorised parameter updates on contiguous arrays (one pass over p, g and the state).</summary>
internal static class OptimKernels
{
    /// <summary>
    /// Adam / AdamW (Kingma &amp; Ba 2015; Loshchilov &amp; Hutter 2019), PyTorch's form:
    /// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr/bc1 * m / (sqrt(max(v)) / sqrt(bc2) + eps).
    /// </summary>
    public static void Adam<T>(T[] p, int po, T[] g, int go, T[] m, T[] v, T[]? vmax, int n,
        double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled, double bc1, double bc2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b1 = T.CreateChecked(beta1), b2 = T.CreateChecked(beta2), c1 = T.One - b1, c2 = T.One - b2;
        T stepSize = T.CreateChecked(lr / bc1), invSqrtBc2 = T.CreateChecked(1 / Math.Sqrt(bc2)), e = T.CreateChecked(eps);
        T wd = T.CreateChecked(weightDecay), shrink = T.CreateChecked(1 - lr * weightDecay);
        bool l2 = weightDecay != 0 && !decoupled, decay = weightDecay != 0 && decoupled;
        Par.For(n, 1 << 15, (lo, hi) =>
        {
            int i = lo, w = Vector<T>.Count;
            for (; i + w <= hi; i += w)
            {
                var pv = new Vector<T>(p, po + i);
                var gv = new Vector<T>(g, go + i);
                if (l2) gv += pv * wd;
                if (decay) pv *= shrink;
                var mv = new Vector<T>(m, i) * b1 + gv * c1;
                var vv = new Vector<T>(v, i) * b2 + gv * gv * c2;
                mv.CopyTo(m, i);
                vv.CopyTo(v, i);
                if (vmax != null)
                {
                    vv = Vector.Max(vv, new Vector<T>(vmax, i));
                    vv.CopyTo(vmax, i);
                }
                var denom = Vector.SquareRoot(vv) * invSqrtBc2 + new Vector<T>(e);
                (pv - mv * stepSize / denom).CopyTo(p, po + i);
            }
            for (; i < hi; i++)
            {
                T pi = p[po + i], gi = g[go + i];
                if (l2) gi += pi * wd;
                if (decay) pi *= shrink;
                m[i] = m[i] * b1 + gi * c1;
                v[i] = v[i] * b2 + gi * gi * c2;
                T vi = v[i];
                if (vmax != null) vi = vmax[i] = T.Max(vmax[i], vi);
                p[po + i] = pi - stepSize * m[i] / (T.Sqrt(vi) * invSqrtBc2 + e);
            }
        });
    }
}

namespace GenCourse.Kernels;

/// <summary>
/// General matrix multiply on raw arrays: C[m,n] = A[m,k] @ B[k,n] (or C += A @ B when accumulate).
/// A's element (i,p) is at a[aOff + i*aRs + p*aCs]; B's element (p,j) at b[bOff + p*bRs + j*bCs];
/// C is row-major with leading dimension ldc. Any strides are allowed, so transposed operands cost nothing.
/// </summary>
internal static class Gemm
{
    public static void Run(int m, int n, int k,
        float[] a, int aOff, int aRs, int aCs,
        float[] b, int bOff, int bRs, int bCs,
        float[] c, int cOff, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) s += a[aOff + i * aRs + p * aCs] * b[bOff + p * bRs + j * bCs];
                c[cOff + i * ldc + j] = s;
            }
    }

    public static void Run(int m, int n, int k,
        double[] a, int aOff, int aRs, int aCs,
        double[] b, int bOff, int bRs, int bCs,
        double[] c, int cOff, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = accumulate ? c[cOff + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) s += a[aOff + i * aRs + p * aCs] * b[bOff + p * bRs + j * bCs];
                c[cOff + i * ldc + j] = s;
            }
    }

    /// <summary>Batched form: matrix t uses offsets aOff + t*aBatch, bOff + t*bBatch, cOff + t*cBatch.</summary>
    public static void RunBatched(int batch, int m, int n, int k,
        float[] a, int aOff, int aBatch, int aRs, int aCs,
        float[] b, int bOff, int bBatch, int bRs, int bCs,
        float[] c, int cOff, int cBatch, int ldc, bool accumulate)
    {
        for (int t = 0; t < batch; t++)
            Run(m, n, k, a, aOff + t * aBatch, aRs, aCs, b, bOff + t * bBatch, bRs, bCs, c, cOff + t * cBatch, ldc, accumulate);
    }

    /// <summary>Batched form: matrix t uses offsets aOff + t*aBatch, bOff + t*bBatch, cOff + t*cBatch.</summary>
    public static void RunBatched(int batch, int m, int n, int k,
        double[] a, int aOff, int aBatch, int aRs, int aCs,
        double[] b, int bOff, int bBatch, int bRs, int bCs,
        double[] c, int cOff, int cBatch, int ldc, bool accumulate)
    {
        for (int t = 0; t < batch; t++)
            Run(m, n, k, a, aOff + t * aBatch, aRs, aCs, b, bOff + t * bBatch, bRs, bCs, c, cOff + t * cBatch, ldc, accumulate);
    }
}

namespace GenCourse.Kernels;

/// <summary>Walks strided views: dimension coalescing and copying a view into contiguous memory.</summary>
internal static class Strided
{
    /// <summary>Merges neighbouring dimensions that are laid out as one (same for every stride set).</summary>
    public static (int[] dims, int[][] strides) Coalesce(int[] dims, params int[][] strides)
    {
        var d = new List<int>();
        var s = strides.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1) continue;
            bool merge = d.Count > 0;
            for (int k = 0; k < strides.Length && merge; k++)
                merge = s[k][^1] == strides[k][i] * dims[i];
            if (merge)
            {
                d[^1] *= dims[i];
                for (int k = 0; k < strides.Length; k++) s[k][^1] = strides[k][i];
            }
            else
            {
                d.Add(dims[i]);
                for (int k = 0; k < strides.Length; k++) s[k].Add(strides[k][i]);
            }
        }
        if (d.Count == 0)
        {
            d.Add(1);
            foreach (var list in s) list.Add(0);
        }
        return (d.ToArray(), s.Select(l => l.ToArray()).ToArray());
    }

    /// <summary>Copies the view (offset, dims, strides) of <paramref name="src"/> into <paramref name="dst"/> in row-major order.</summary>
    public static void Copy<T>(T[] src, int offset, int[] dims, int[] strides, T[] dst, int dstOffset)
    {
        var (cd, cs) = Coalesce(dims, strides);
        var st = cs[0];
        int inner = cd[^1], innerStride = st[^1];
        int outer = 1;
        for (int i = 0; i < cd.Length - 1; i++) outer *= cd[i];
        Par.For(outer, Math.Max(1, 16384 / Math.Max(inner, 1)), (start, end) =>
        {
            var index = new int[cd.Length];
            for (int row = start; row < end; row++)
            {
                int rem = row, src0 = offset;
                for (int i = cd.Length - 2; i >= 0; i--)
                {
                    index[i] = rem % cd[i];
                    rem /= cd[i];
                    src0 += index[i] * st[i];
                }
                int d0 = dstOffset + row * inner;
                if (innerStride == 1) Array.Copy(src, src0, dst, d0, inner);
                else for (int j = 0; j < inner; j++) dst[d0 + j] = src[src0 + j * innerStride];
            }
        });
    }

    /// <summary>Storage offset of each row (all dims but the last) of a view, for row-by-row kernels.</summary>
    public static int RowOffset(int row, int[] dims, int[] strides, int offset)
    {
        int off = offset;
        for (int i = dims.Length - 2; i >= 0; i--)
        {
            off += row % dims[i] * strides[i];
            row /= dims[i];
        }
        return off;
    }

    /// <summary>Writes the view (srcOffset, dims, srcStrides) of <paramref name="src"/> into the view (dstOffset, dims, dstStrides) of <paramref name="dst"/>.</summary>
    public static void Assign<T>(T[] dst, int dstOffset, int[] dstStrides, T[] src, int srcOffset, int[] srcStrides, int[] dims)
    {
        if (dims.Contains(0)) return;   // nothing to write, and an empty view's offset may lie past its storage
        var (cd, cs) = Coalesce(dims, dstStrides, srcStrides);
        int[] ds = cs[0], ss = cs[1];
        int inner = cd[^1], di = ds[^1], si = ss[^1];
        int outer = 1;
        for (int i = 0; i < cd.Length - 1; i++) outer *= cd[i];
        Par.For(outer, Math.Max(1, 16384 / Math.Max(inner, 1)), (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int d0 = RowOffset(row, cd, ds, dstOffset), s0 = RowOffset(row, cd, ss, srcOffset);
                if (di == 1 && si == 1) Array.Copy(src, s0, dst, d0, inner);
                else for (int j = 0; j < inner; j++) dst[d0 + j * di] = src[s0 + j * si];
            }
        });
    }
}

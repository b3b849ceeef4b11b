namespace GenCourse.Kernels;

/// <summary>Gather/scatter along one dimension, on a contiguous source and contiguous int64 indices.</summary>
internal static class IndexKernels
{
    /// <summary>out[..., i, ...] = x[..., index[..., i, ...], ...] along <paramref name="dim"/>; out has the index's shape.</summary>
    public static void Gather<T>(T[] x, int xo, int[] xDims, long[] index, int io, int[] iDims, int dim, T[] y)
    {
        var xStrides = Shape.ContiguousStrides(xDims);
        ForEach(iDims, dim, xDims[dim], index, io, (n, k, xOffsetWithoutDim) => y[n] = x[xo + xOffsetWithoutDim + k * xStrides[dim]], xStrides);
    }

    /// <summary>y[..., index[..., i, ...], ...] += src[..., i, ...] along <paramref name="dim"/> (y has x's shape).</summary>
    public static void ScatterAdd<T>(T[] y, int[] yDims, long[] index, int io, int[] iDims, T[] src, int so, int dim)
        where T : System.Numerics.INumber<T>
    {
        var yStrides = Shape.ContiguousStrides(yDims);
        ForEach(iDims, dim, yDims[dim], index, io, (n, k, offset) => y[offset + k * yStrides[dim]] += src[so + n], yStrides);
    }

    // Visits every index element: n is its flat position, k the index value, offset the target offset without dim.
    static void ForEach(int[] iDims, int dim, int dimSize, long[] index, int io, Action<int, int, int> visit, int[] targetStrides)
    {
        int count = Shape.Numel(iDims);
        var coord = new int[iDims.Length];
        int offset = 0;
        for (int n = 0; n < count; n++)
        {
            long k = index[io + n];
            if (k < -dimSize || k >= dimSize)
                throw new ArgumentException($"index {k} is out of bounds for dimension {dim} with size {dimSize}");
            visit(n, (int)(k < 0 ? k + dimSize : k), offset);
            for (int d = iDims.Length - 1; d >= 0; d--)
            {
                coord[d]++;
                if (d != dim) offset += targetStrides[d];
                if (coord[d] < iDims[d]) break;
                if (d != dim) offset -= targetStrides[d] * iDims[d];
                coord[d] = 0;
            }
        }
    }

    /// <summary>y = x with dim replaced by the selected entries: x viewed [outer, size, inner].</summary>
    public static void IndexSelect<T>(T[] x, int xo, int outer, int size, int inner, long[] index, int io, int count, T[] y)
    {
        for (int i = 0; i < count; i++)
        {
            long k = index[io + i];
            if (k < -size || k >= size) throw new ArgumentException($"index_select: index {k} is out of range for a dimension of size {size}");
            if (k < 0) k += size;
            for (int o = 0; o < outer; o++)
                Array.Copy(x, xo + (o * size + k) * inner, y, (o * count + i) * inner, inner);
        }
    }

    /// <summary>y[outer, index[i], inner] += src[outer, i, inner].</summary>
    public static void IndexAdd<T>(T[] y, int outer, int size, int inner, long[] index, int io, int count, T[] src, int so)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int i = 0; i < count; i++)
        {
            long k = index[io + i];
            if (k < -size || k >= size) throw new ArgumentException($"index_add: index {k} is out of range for a dimension of size {size}");
            if (k < 0) k += size;
            for (int o = 0; o < outer; o++)
            {
                var dst = y.AsSpan((int)((o * size + k) * inner), inner);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, src.AsSpan(so + (o * count + i) * inner, inner), dst);
            }
        }
    }
}

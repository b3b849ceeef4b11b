using System.Numerics;

namespace GenCourse.Kernels;

/// <summary>
/// Where <see cref="GemmDriver{T, TKernel}"/> reads an operand from. A is seen as lines = rows of A, steps = its k
/// index; B as lines = columns of B, steps = its k index. An operand need not exist as a matrix: the convolution
/// packs its im2col operand straight from the (padded) input, and its output operand from the gradient.
/// </summary>
internal unsafe interface IPanelSource<T> where T : unmanaged
{
    /// <summary>
    /// Packs lines [line0, line0 + lines) over steps [step0, step0 + kc) into panels of <paramref name="width"/> lines:
    /// panel q starts at dst + q*width*kc and holds step p of its line r at [p*width + r]. Lines past the end of the
    /// last panel may hold anything finite: the products they feed are never stored.
    /// </summary>
    void Pack(int width, int line0, int lines, int step0, int kc, T* dst);
}

/// <summary>Where <see cref="GemmDriver{T, TKernel}"/> writes C.</summary>
internal unsafe interface ITileTarget<T> where T : unmanaged
{
    /// <summary>The array holding C.</summary>
    T[] Array { get; }

    /// <summary>
    /// Index in <see cref="Array"/> of C(i, j) when the tile C(i.., j..j+cols) lies at index + r*ldc + c, else -1
    /// (the tile is then computed aside and passed to <see cref="Write"/>, as edge tiles always are).
    /// </summary>
    nint Offset(int i, int j, int cols, out nint ldc);

    /// <summary>Stores (or adds, when <paramref name="add"/>) a rows x cols tile computed aside with row stride ld.</summary>
    void Write(int i, int j, int rows, int cols, T* tile, nint ld, bool add);
}

/// <summary>An operand held as a strided matrix: line r, step p at array[offset + r*lineStride + p*stepStride].</summary>
internal readonly unsafe struct StridedPanels<T>(T[] array, int offset, int lineStride, int stepStride) : IPanelSource<T>
    where T : unmanaged, INumber<T>
{
    public void Pack(int width, int line0, int lines, int step0, int kc, T* dst)
    {
        fixed (T* src = array)
            GemmPacking.PackPanels(width, lines, kc, src + offset + (nint)line0 * lineStride + (nint)step0 * stepStride,
                lineStride, stepStride, dst);
    }
}

/// <summary>C as a row-major matrix with leading dimension ldc starting at array[offset].</summary>
internal readonly unsafe struct StridedTile<T>(T[] array, int offset, int ldc) : ITileTarget<T> where T : unmanaged, INumber<T>
{
    public T[] Array => array;

    public nint Offset(int i, int j, int cols, out nint ld)
    {
        ld = ldc;
        return offset + (nint)i * ldc + j;
    }

    public void Write(int i, int j, int rows, int cols, T* tile, nint ld, bool add)
    {
        fixed (T* c0 = array)
        {
            T* c = c0 + Offset(i, j, cols, out _);
            for (int r = 0; r < rows; r++)
                for (int q = 0; q < cols; q++)
                    c[r * ldc + q] = add ? c[r * ldc + q] + tile[r * ld + q] : tile[r * ld + q];
        }
    }
}

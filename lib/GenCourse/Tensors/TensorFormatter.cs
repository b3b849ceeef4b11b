using System.Globalization;
using System.Text;

namespace GenCourse;

/// <summary>Prints tensors the way PyTorch does: aligned columns, 4 decimals or scientific notation, True/False for bools, summarised when large.</summary>
internal static class TensorFormatter
{
    const int Threshold = 1000, EdgeItems = 3;

    public static string Format(Tensor t)
    {
        var values = t.detach().ToArray<double>();
        bool summarise = values.Length > Threshold;
        var shown = summarise ? ShownValues(t) : values;
        var format = ChooseFormat(shown, t.dtype);
        int width = shown.Length == 0 ? 0 : shown.Max(v => format(v).Length);
        var sb = new StringBuilder("tensor(");
        if (t.dim() == 0) sb.Append(format(values[0]));
        else if (values.Length == 0) sb.Append("[]");
        else Append(sb, t.dims, 0, 0, values, format, width, summarise, "tensor(".Length);
        var suffix = new List<string>();
        if (values.Length == 0 && t.dim() > 1) suffix.Add($"size=({string.Join(", ", t.dims)})");
        // an empty int64 or bool tensor has no values to show its dtype, so PyTorch names it
        if (t.dtype == ScalarType.Float64 || (values.Length == 0 && t.dtype is ScalarType.Int64 or ScalarType.Bool)) suffix.Add($"dtype={t.dtype.TorchName()}");
        if (t.grad_fn != null) suffix.Add($"grad_fn=<{t.grad_fn}>");
        else if (t.requires_grad) suffix.Add("requires_grad=True");
        foreach (var s in suffix) sb.Append(", ").Append(s);
        return sb.Append(')').ToString();
    }

    static double[] ShownValues(Tensor t)
    {
        // The values that appear after summarising: first and last EdgeItems along every dim.
        var x = t.detach();
        for (int d = 0; d < x.dim(); d++)
            if (x.dims[d] > 2 * EdgeItems)
                x = torch.cat([x.narrow(d, 0, EdgeItems), x.narrow(d, x.dims[d] - EdgeItems, EdgeItems)], d);
        return x.ToArray<double>();
    }

    static Func<double, string> ChooseFormat(double[] values, ScalarType dtype)
    {
        var inv = CultureInfo.InvariantCulture;
        if (dtype == ScalarType.Bool) return v => v != 0 ? "True" : "False";
        if (dtype == ScalarType.Int64) return v => ((long)v).ToString(inv);
        var finite = values.Where(double.IsFinite).Select(Math.Abs).ToArray();
        static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        if (finite.Length > 0 && finite.All(v => v == Math.Floor(v)) && finite.Max() < 1e8)
            return v => double.IsFinite(v) ? v.ToString("0", inv) + "." : Special(v);
        var nonZero = finite.Where(v => v != 0).ToArray();
        bool scientific = nonZero.Length > 0 && (nonZero.Max() / nonZero.Min() > 1000 || nonZero.Max() > 1e8 || nonZero.Min() < 1e-4);
        return scientific
            ? v => double.IsFinite(v) ? v.ToString("0.0000e+00", inv) : Special(v)
            : v => double.IsFinite(v) ? v.ToString("0.0000", inv) : Special(v);
    }

    static void Append(StringBuilder sb, int[] dims, int dim, int offset, double[] values, Func<double, string> format, int width, bool summarise, int indent)
    {
        int stride = 1;
        for (int i = dim + 1; i < dims.Length; i++) stride *= dims[i];
        int n = dims[dim];
        var items = Enumerable.Range(0, n).Where(i => !summarise || n <= 2 * EdgeItems || i < EdgeItems || i >= n - EdgeItems).ToList();
        sb.Append('[');
        for (int k = 0; k < items.Count; k++)
        {
            int i = items[k];
            if (k > 0)
            {
                if (dim == dims.Length - 1) sb.Append(", ");
                else sb.Append(',').Append('\n', dims.Length - 1 - dim).Append(' ', indent + dim + 1);
            }
            if (summarise && k > 0 && items[k - 1] != i - 1)
            {
                sb.Append("...");
                if (dim == dims.Length - 1) sb.Append(", ");
                else sb.Append(",\n").Append(' ', indent + dim + 1);
            }
            if (dim == dims.Length - 1) sb.Append(format(values[offset + i]).PadLeft(width));
            else Append(sb, dims, dim + 1, offset + i * stride, values, format, width, summarise, indent);
        }
        sb.Append(']');
    }
}

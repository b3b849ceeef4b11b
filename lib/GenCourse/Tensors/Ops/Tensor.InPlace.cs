using GenCourse.Kernels;
namespace GenCourse;

// In-place operations (names end in _). They bump the storage version so autograd can detect stale saved
// tensors, and they refuse to run on tensors that require grad while grad mode is on (use them under no_grad()).
public partial class Tensor
{
    void CheckInPlace(string op, Tensor? other = null)
    {
        if (GradMode.Enabled && (requiresGrad || other?.requires_grad == true))
            throw new InvalidOperationException(
                $"{op}: in-place operation on a tensor that requires grad (shape {Shape.Format(dims)}) while gradients are recorded; " +
                "use the out-of-place version, or wrap the update in torch.no_grad() as optimizers do");
        for (int i = 0; i < dims.Length; i++)
            if (strides[i] == 0 && dims[i] > 1)
                throw new InvalidOperationException($"{op}: cannot write in place into an expanded tensor (shape {Shape.Format(dims)}, strides {Shape.Format(strides)}): several elements share one memory location; call clone() first");
    }

    /// <summary>Copies the values of <paramref name="source"/> (same shape, any dtype) into this tensor's elements.</summary>
    void Assign(Tensor source)
    {
        var src = source.Cast(dtype);
        switch (dtype)
        {
            case ScalarType.Float32: Strided.Assign(Data<float>(), offset, strides, src.Data<float>(), src.offset, src.strides, dims); break;
            case ScalarType.Float64: Strided.Assign(Data<double>(), offset, strides, src.Data<double>(), src.offset, src.strides, dims); break;
            case ScalarType.Bool: Strided.Assign(Data<bool>(), offset, strides, src.Data<bool>(), src.offset, src.strides, dims); break;
            default: Strided.Assign(Data<long>(), offset, strides, src.Data<long>(), src.offset, src.strides, dims); break;
        }
        BumpVersion();
    }

    /// <summary>Writes the result of an out-of-place computation back into this tensor.</summary>
    Tensor AssignResult(Tensor result, string op)
    {
        if (!result.dims.AsSpan().SequenceEqual(dims))
            throw new ArgumentException($"{op}: the result has shape {Shape.Format(result.dims)}, which cannot be written into a tensor of shape {Shape.Format(dims)}");
        Assign(result);
        return this;
    }

    internal void FillData(double value)
    {
        switch (dtype)
        {
            case ScalarType.Float32 when is_contiguous(): Span<float>().Fill((float)value); break;
            case ScalarType.Float64 when is_contiguous(): Span<double>().Fill(value); break;
            case ScalarType.Int64 when is_contiguous(): Span<long>().Fill((long)value); break;
            case ScalarType.Bool when is_contiguous(): Span<bool>().Fill(value != 0); break;   // nonzero is true, NaN too
            default: Assign(torch.full(shape, value, dtype: dtype)); break;
        }
        BumpVersion();
    }

    public Tensor fill_(double value)
    {
        CheckInPlace("fill_");
        FillData(value);
        return this;
    }

    public Tensor zero_() => fill_(0);

    /// <summary>Copies <paramref name="source"/> (broadcast to this shape) into this tensor.</summary>
    public Tensor copy_(Tensor source)
    {
        CheckInPlace("copy_", source);
        return AssignResult(source.detach().expand(shape), "copy_");
    }

    public Tensor add_(Tensor other, double alpha = 1) { CheckInPlace("add_", other); return AssignResult(detach().add(other.detach(), alpha), "add_"); }
    public Tensor add_(double s) { CheckInPlace("add_"); return AssignResult(detach().add(s), "add_"); }
    public Tensor sub_(Tensor other) { CheckInPlace("sub_", other); return AssignResult(detach().sub(other.detach()), "sub_"); }
    public Tensor sub_(double s) { CheckInPlace("sub_"); return AssignResult(detach().sub(s), "sub_"); }
    public Tensor mul_(Tensor other) { CheckInPlace("mul_", other); return AssignResult(detach().mul(other.detach()), "mul_"); }
    public Tensor mul_(double s) { CheckInPlace("mul_"); return AssignResult(detach().mul(s), "mul_"); }
    public Tensor div_(Tensor other) { CheckInPlace("div_", other); return AssignResult(detach().div(other.detach()), "div_"); }
    public Tensor div_(double s) { CheckInPlace("div_"); return AssignResult(detach().div(s), "div_"); }
    public Tensor clamp_(double? min = null, double? max = null) { CheckInPlace("clamp_"); return AssignResult(detach().clamp(min, max), "clamp_"); }
    public Tensor masked_fill_(Tensor mask, double value) { CheckInPlace("masked_fill_"); return AssignResult(detach().masked_fill(mask, value), "masked_fill_"); }

    /// <summary>Fills with samples from U[from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null)
    {
        CheckInPlace("uniform_");
        var gen = torch.Gen(generator);
        var values = new double[Count];
        for (int i = 0; i < values.Length; i++) values[i] = from + (to - from) * gen.NextDouble();
        return AssignResult(FromArray(values, ScalarType.Float64, dims), "uniform_");
    }

    /// <summary>Fills with samples from N(mean, std^2).</summary>
    public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null)
    {
        CheckInPlace("normal_");
        var gen = torch.Gen(generator);
        var values = new double[Count];
        for (int i = 0; i < values.Length; i++) values[i] = mean + std * gen.NextNormal();
        return AssignResult(FromArray(values, ScalarType.Float64, dims), "normal_");
    }

    /// <summary>Fills with 1 with probability p, else 0.</summary>
    public Tensor bernoulli_(double p = 0.5, Generator? generator = null)
    {
        CheckInPlace("bernoulli_");
        var gen = torch.Gen(generator);
        var values = new double[Count];
        for (int i = 0; i < values.Length; i++) values[i] = gen.NextDouble() < p ? 1 : 0;
        return AssignResult(FromArray(values, ScalarType.Float64, dims), "bernoulli_");
    }
}

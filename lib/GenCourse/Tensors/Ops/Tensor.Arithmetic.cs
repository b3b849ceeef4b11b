using GenCourse.Kernels;

namespace GenCourse;

// Binary arithmetic with broadcasting. Each op's local derivative sits next to its forward computation;
// SumTo folds a gradient back onto an operand's (broadcast) shape.
public partial class Tensor
{
    /// <summary>Records a broadcasting binary op; <paramref name="da"/>/<paramref name="db"/> map the output gradient to each operand's (before SumTo).</summary>
    static Tensor Binary(Tensor a, Tensor b, BinaryOp op, string name, Func<Tensor, Tensor> da, Func<Tensor, Tensor> db, params Tensor[] saved)
    {
        var y = Elementwise.Zip(a, b, op, Elementwise.Name(op));
        if (!y.dtype.IsFloatingPoint()) return y;
        var (aShape, bShape) = (a.dims, b.dims);
        bool needA = a.requires_grad, needB = b.requires_grad;
        return Engine.Record(y, name, [a, b], g => [needA ? da(g).SumTo(aShape) : null, needB ? db(g).SumTo(bShape) : null], saved);
    }

    /// <summary>Records a tensor-scalar op; <paramref name="integral"/> when the scalar was a C# integer (it decides a bool tensor's result dtype).</summary>
    Tensor Scalar(double s, BinaryOp op, bool scalarFirst, string name, Func<Tensor, Tensor, Tensor> backward, bool savesInputs = false, bool integral = false)
    {
        var y = Elementwise.ZipScalar(this, s, op, scalarFirst, integral);
        return Engine.Record(y, name, [this], g => [backward(g, y)], savesInputs ? [this, y] : []);
    }

    public Tensor add(Tensor other) => Binary(this, other, BinaryOp.Add, "AddBackward", g => g, g => g);

    /// <summary>this + alpha * other.</summary>
    public Tensor add(Tensor other, double alpha) => alpha == 1 ? add(other) : add(other * alpha);

    public Tensor sub(Tensor other) => Binary(this, other, BinaryOp.Sub, "SubBackward", g => g, g => -g);

    public Tensor mul(Tensor other)
    {
        var self = this;
        return Binary(this, other, BinaryOp.Mul, "MulBackward", g => g * other, g => g * self, this, other);
    }

    public Tensor div(Tensor other)
    {
        var self = this;
        // d/db = -a / b^2, computed as (a / b) / b like PyTorch: b * b under- or overflows for |b| beyond 1e+-154
        return Binary(this, other, BinaryOp.Div, "DivBackward", g => g / other, g => -g * (self / other) / other, this, other);
    }

    /// <summary>this ^ exponent elementwise; d/da = b a^(b-1) (0 where b = 0), d/db = a^b log a (0 where a = 0 and b &gt;= 0), as in PyTorch.</summary>
    public Tensor pow(Tensor exponent)
    {
        var self = this;
        return Binary(this, exponent, BinaryOp.Pow, "PowBackward",
            g => torch.where(exponent.eq(0), 0.0, g * (exponent * self.pow(exponent - 1))),
            g => torch.where(self.eq(0) * exponent.ge(0), 0.0, g * (self.pow(exponent) * self.log())), this, exponent);
    }

    /// <summary>atan2(this, other), the angle of (other, this); d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2) (both 0 where x^2 + y^2 is 0, as in PyTorch).</summary>
    public Tensor atan2(Tensor other)
    {
        var y = this;
        Tensor OverSquaredRadius(Tensor g)
        {
            var r2 = other * other + y * y;
            var origin = r2.eq(0);
            return torch.where(origin, 0.0, g / torch.where(origin, 1.0, r2));   // 1 under the mask keeps second derivatives finite
        }
        return Binary(this, other, BinaryOp.Atan2, "Atan2Backward", g => OverSquaredRadius(g) * other, g => -OverSquaredRadius(g) * y, this, other);
    }

    public Tensor maximum(Tensor other)
    {
        var self = this;
        // ties split the gradient evenly, as in PyTorch
        return Binary(this, other, BinaryOp.Maximum, "MaximumBackward",
            g => g * (self.gt(other) + self.eq(other) * 0.5),
            g => g * (self.lt(other) + self.eq(other) * 0.5), this, other);
    }

    public Tensor minimum(Tensor other)
    {
        var self = this;
        return Binary(this, other, BinaryOp.Minimum, "MinimumBackward",
            g => g * (self.lt(other) + self.eq(other) * 0.5),
            g => g * (self.gt(other) + self.eq(other) * 0.5), this, other);
    }

    /// <summary>a - b trunc(a / b), the remainder with the sign of the dividend (torch.fmod); d/da = 1, d/db = -trunc(a / b).</summary>
    public Tensor fmod(Tensor other)
    {
        var self = this;
        return Binary(this, other, BinaryOp.Fmod, "FmodBackward", g => g, g => -g * Trunc(self / other), this, other);
    }

    public Tensor fmod(double other) => Scalar(other, BinaryOp.Fmod, false, "FmodBackward", (g, _) => g);

    /// <summary>a - b floor(a / b), the remainder with the sign of the divisor (torch.remainder, Python's %); d/da = 1, d/db = -floor(a / b).</summary>
    public Tensor remainder(Tensor other)
    {
        var self = this;
        return Binary(this, other, BinaryOp.Remainder, "RemainderBackward", g => g, g => -g * FloorDivide(self, other), this, other);
    }

    /// <summary>
    /// floor(a / b) as PyTorch's div(rounding_mode="floor") computes it, from fmod: (a - fmod(a, b)) / b, one less where
    /// fmod and b differ in sign. floor(a / b) itself is wrong where a / b underflows (1e-310 / -1e300 is -0, floor -0, not -1).
    /// </summary>
    static Tensor FloorDivide(Tensor a, Tensor b)
    {
        using var _ = torch.no_grad();   // piecewise constant: no derivative
        var mod = a.fmod(b);
        var quotient = (a - mod) / b;
        var div = torch.where(mod.ne(0).logical_and(b.lt(0).ne(mod.lt(0))), quotient - 1, quotient);
        return torch.where(b.eq(0), a / b, div.round());
    }

    public Tensor remainder(double other) => Scalar(other, BinaryOp.Remainder, false, "RemainderBackward", (g, _) => g);

    static Tensor Trunc(Tensor q) => q.sign() * q.abs().floor();

    public Tensor add(double s) => Add(s, integral: false);

    public Tensor sub(double s) => Sub(s, integral: false);

    public Tensor mul(double s) => Mul(s, integral: false);

    Tensor Add(double s, bool integral) => Scalar(s, BinaryOp.Add, false, "AddBackward", (g, _) => g, integral: integral);

    Tensor Sub(double s, bool integral) => Scalar(s, BinaryOp.Sub, false, "SubBackward", (g, _) => g, integral: integral);

    Tensor Mul(double s, bool integral) => Scalar(s, BinaryOp.Mul, false, "MulBackward", (g, _) => g * s, integral: integral);

    public Tensor div(double s) => Scalar(s, BinaryOp.Div, false, "DivBackward", (g, _) => g / s);

    /// <summary>this ^ p; d/dx = p x^(p-1).</summary>
    public Tensor pow(double p)
    {
        var self = this;
        var y = Elementwise.Map(this, UnaryOp.PowScalar, p);
        return Engine.Record(y, "PowBackward", [this],
            g => [p == 0 ? g * 0 : p == 2 ? g * self * 2 : g * self.pow(p - 1) * p], this);
    }

    static Tensor RSub(double s, Tensor a, bool integral = false) => a.Scalar(s, BinaryOp.Sub, true, "RsubBackward", (g, _) => -g, integral: integral);

    // s / a; d/da = -s / a^2 = -y / a.
    static Tensor RDiv(double s, Tensor a) => a.Scalar(s, BinaryOp.Div, true, "RdivBackward", (g, y) => -g * y / a, savesInputs: true);

    public Tensor eq(Tensor other) => Elementwise.Zip(this, other, BinaryOp.Eq, "eq");
    public Tensor ne(Tensor other) => Elementwise.Zip(this, other, BinaryOp.Ne, "ne");
    public Tensor lt(Tensor other) => Elementwise.Zip(this, other, BinaryOp.Lt, "lt");
    public Tensor le(Tensor other) => Elementwise.Zip(this, other, BinaryOp.Le, "le");
    public Tensor gt(Tensor other) => Elementwise.Zip(this, other, BinaryOp.Gt, "gt");
    public Tensor ge(Tensor other) => Elementwise.Zip(this, other, BinaryOp.Ge, "ge");
    public Tensor eq(double s) => Elementwise.ZipScalar(this, s, BinaryOp.Eq, false);
    public Tensor ne(double s) => Elementwise.ZipScalar(this, s, BinaryOp.Ne, false);
    public Tensor lt(double s) => Elementwise.ZipScalar(this, s, BinaryOp.Lt, false);
    public Tensor le(double s) => Elementwise.ZipScalar(this, s, BinaryOp.Le, false);
    public Tensor gt(double s) => Elementwise.ZipScalar(this, s, BinaryOp.Gt, false);
    public Tensor ge(double s) => Elementwise.ZipScalar(this, s, BinaryOp.Ge, false);

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator +(Tensor a, double s) => a.add(s);
    public static Tensor operator +(double s, Tensor a) => a.add(s);
    public static Tensor operator -(Tensor a, double s) => a.sub(s);
    public static Tensor operator -(double s, Tensor a) => RSub(s, a);
    public static Tensor operator *(Tensor a, double s) => a.mul(s);
    public static Tensor operator *(double s, Tensor a) => a.mul(s);
    public static Tensor operator /(Tensor a, double s) => a.div(s);
    public static Tensor operator /(double s, Tensor a) => RDiv(s, a);
    // C# integers, as TorchSharp's int Scalars: with a bool tensor they give int64 (mask * 2), where a double gives the
    // default float dtype (mask * 1.0); with float and int64 tensors they act as the double overloads.
    public static Tensor operator +(Tensor a, long s) => a.Add(s, integral: true);
    public static Tensor operator +(long s, Tensor a) => a.Add(s, integral: true);
    public static Tensor operator -(Tensor a, long s) => a.Sub(s, integral: true);
    public static Tensor operator -(long s, Tensor a) => RSub(s, a, integral: true);
    public static Tensor operator *(Tensor a, long s) => a.Mul(s, integral: true);
    public static Tensor operator *(long s, Tensor a) => a.Mul(s, integral: true);
    public static Tensor operator /(Tensor a, long s) => a.div(s);
    public static Tensor operator /(long s, Tensor a) => RDiv(s, a);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >(Tensor a, double s) => a.gt(s);
    public static Tensor operator <(Tensor a, double s) => a.lt(s);
    public static Tensor operator >=(Tensor a, double s) => a.ge(s);
    public static Tensor operator <=(Tensor a, double s) => a.le(s);

    /// <summary>Sums a broadcast gradient back down to <paramref name="target"/> (the inverse of expand).</summary>
    internal Tensor SumTo(int[] target)
    {
        if (dims.AsSpan().SequenceEqual(target)) return this;
        int lead = dims.Length - target.Length;
        var reduce = new List<int>();
        for (int i = 0; i < dims.Length; i++)
            if (i < lead || (target[i - lead] == 1 && dims[i] != 1)) reduce.Add(i);
        var summed = reduce.Count > 0 ? SumOver(reduce.ToArray(), keepdim: true) : this;
        return summed.reshape(Array.ConvertAll(target, d => (long)d));
    }
}

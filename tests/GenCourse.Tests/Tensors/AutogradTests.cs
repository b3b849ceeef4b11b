using GenCourse;
using static GenCourse.torch;

namespace GenCourse.Tests.Tensors;

public class AutogradTests
{
    [Fact]
    public void Backward_AccumulatesIntoGradAcrossCalls()
    {
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        (x * x).sum().backward();
        (x * 3).sum().backward();
        Assert.Equal(new double[] { 5, 7, 9 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Backward_ReusedTensorSumsBothPaths()
    {
        var x = tensor(2.0, float64, requires_grad: true);
        var y = x * x;
        (y + y * x).backward();   // d/dx (x^2 + x^3) = 2x + 3x^2 = 16
        Assert.Equal(16.0, x.grad!.item<double>(), 12);
    }

    [Fact]
    public void Backward_NonScalarWithoutGradient_Throws()
    {
        var x = randn(new long[] { 3 }, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2).backward());
        Assert.Contains("scalar outputs", ex.Message);
    }

    [Fact]
    public void Backward_SecondTimeWithoutRetainGraph_Throws()
    {
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = (x.exp()).sum();
        y.backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.Contains("second time", ex.Message);
    }

    [Fact]
    public void Backward_RetainGraph_AllowsSecondPass()
    {
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = x.exp().sum();
        y.backward(retain_graph: true);
        y.backward();
        Assert.Equal(2 * Math.E, x.grad!.ToArray<double>()[0], 12);
    }

    [Fact]
    public void InPlaceChangeOfSavedTensor_IsDetectedAtBackward()
    {
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var w = tensor(new double[] { 3, 4 });
        var y = (x * w).sum();
        w.add_(1);
        var ex = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.Contains("modified in place", ex.Message);
        Assert.Contains("MulBackward", ex.Message);
    }

    [Fact]
    public void InPlaceOnTensorRequiringGrad_IsRefusedUnlessNoGrad()
    {
        var p = zeros(new long[] { 2 }, requires_grad: true);
        Assert.Throws<InvalidOperationException>(() => p.add_(1));
        using (no_grad()) p.add_(1);
        Assert.Equal(new float[] { 1, 1 }, p.ToArray<float>());
    }

    [Fact]
    public void NoGrad_RecordsNothing_AndRestoresMode()
    {
        var x = randn(new long[] { 2 }, requires_grad: true);
        Tensor y;
        using (no_grad())
        {
            y = x * 2;
            Assert.False(is_grad_enabled());
            using (enable_grad()) Assert.True((x * 2).requires_grad);
        }
        Assert.False(y.requires_grad);
        Assert.True(is_grad_enabled());
    }

    [Fact]
    public void Detach_CutsTheGraph_ButSharesData()
    {
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var d = (x * 2).detach();
        Assert.False(d.requires_grad);
        Assert.Null(d.grad_fn);
    }

    [Fact]
    public void RetainGrad_KeepsNonLeafGradient()
    {
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var h = x * 3;
        h.retain_grad();
        (h * h).sum().backward();
        Assert.Equal(new double[] { 6, 12 }, h.grad!.ToArray<double>());
        Assert.Equal(new double[] { 18, 36 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Grads_NeverShareMemory_WithEachOtherOrTheCallersGradient()
    {
        // a + b hands the same gradient tensor to both leaves; the view and the clone hand back the caller's own.
        var a = tensor(new double[] { 1, 2 }, requires_grad: true);
        var b = tensor(new double[] { 3, 4 }, requires_grad: true);
        var c = tensor(new double[] { 5, 6 }, requires_grad: true);
        var d = tensor(new double[] { 7, 8 }, requires_grad: true);
        var gy = tensor(new double[] { 1, 10 });
        (a + b).backward(gy);
        c.reshape(2).backward(gy);
        d.clone().backward(gy);
        using (no_grad())
        {
            a.grad!.mul_(2);
            c.grad!.mul_(3);
            d.grad!.mul_(4);
        }
        Assert.Equal(new double[] { 2, 20 }, a.grad!.ToArray<double>());
        Assert.Equal(new double[] { 1, 10 }, b.grad!.ToArray<double>());
        Assert.Equal(new double[] { 3, 30 }, c.grad!.ToArray<double>());
        Assert.Equal(new double[] { 4, 40 }, d.grad!.ToArray<double>());
        Assert.Equal(new double[] { 1, 10 }, gy.ToArray<double>());
    }

    [Fact]
    public void RetainedGrad_AndLeafGrad_DoNotShareMemory()
    {
        // h = x + 0 passes h's gradient straight on to x: both .grad tensors would be the same buffer.
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var h = x + 0;
        h.retain_grad();
        (h * h).sum().backward();
        using (no_grad()) h.grad!.mul_(10);
        Assert.Equal(new double[] { 2, 4 }, x.grad!.ToArray<double>());
        Assert.Equal(new double[] { 20, 40 }, h.grad!.ToArray<double>());
    }

    [Fact]
    public void AutogradGrad_DoesNotTouchLeafGrad_AndGivesSecondDerivative()
    {
        var x = tensor(new double[] { 0.3, -1.2 }, requires_grad: true);
        var y = x.tanh().sum();
        var g = autograd.grad([y], [x], retain_graph: true, create_graph: true)[0];   // 1 - tanh^2
        var gg = autograd.grad([g.sum()], [x])[0]!;                          // -2 tanh (1 - tanh^2)
        Assert.Null(x.grad);
        var xs = x.detach().ToArray<double>();
        var expected = xs.Select(v => -2 * Math.Tanh(v) * (1 - Math.Tanh(v) * Math.Tanh(v))).ToArray();
        Assert.Equal(expected[0], gg.ToArray<double>()[0], 12);
        Assert.Equal(expected[1], gg.ToArray<double>()[1], 12);
    }

    [Fact]
    public void AutogradGrad_FreesTheGraphUnlessRetained_AsTorchSharpDoes()
    {
        // TorchSharp's retain_graph defaults to false even with create_graph (PyTorch's default is create_graph)
        var x = tensor(new double[] { 0.3, -1.2 }, requires_grad: true);
        var g = autograd.grad([x.tanh().sum()], [x], create_graph: true)[0];
        Assert.Throws<InvalidOperationException>(() => autograd.grad([g.sum()], [x]));
    }

    [Fact]
    public void AutogradGrad_GradientPenaltyTrainsThroughGradientNorm()
    {
        // WGAN-GP style: penalty = (||d D(x)/dx|| - 1)^2 with D(x) = w . x; d penalty / dw = 2 (||w|| - 1) w / ||w||.
        var w = tensor(new double[] { 3, 4 }, requires_grad: true);
        var x = tensor(new double[] { 0.5, -0.25 }, requires_grad: true);
        var d = (w * x).sum();
        var gradX = autograd.grad([d], [x], create_graph: true)[0]!;
        var penalty = (gradX.norm() - 1).pow(2);
        penalty.backward();
        var g = w.grad!.ToArray<double>();
        Assert.Equal(2 * 4 * 3 / 5.0, g[0], 12);
        Assert.Equal(2 * 4 * 4 / 5.0, g[1], 12);
    }

    [Fact]
    public void AutogradGrad_UnusedInput_ThrowsUnlessAllowed()
    {
        var x = randn(new long[] { 2 }, requires_grad: true);
        var z = randn(new long[] { 2 }, requires_grad: true);
        var y = (x * 2).sum();
        Assert.Throws<ArgumentException>(() => autograd.grad([y], [z], retain_graph: true));
        Assert.Null(autograd.grad([y], [z], allow_unused: true)[0]);
    }

    [Fact]
    public void LongChain_DoesNotOverflowTheStack()
    {
        var x = tensor(1.0, float64, requires_grad: true);
        var y = x;
        for (int i = 0; i < 20000; i++) y = y * 1.0001;
        y.backward();
        Assert.Equal(Math.Pow(1.0001, 20000), x.grad!.item<double>(), 6);
    }

    [Fact]
    public void Graph_ListsNodesFromOutputToLeaves()
    {
        var w = tensor(new double[] { 1, 2 }, requires_grad: true);
        var x = tensor(new double[] { 3, 4 });
        var text = autograd.graph((w * x).sum());
        Assert.Equal("SumBackward -> []\n  MulBackward -> [2]\n    leaf [2] (requires grad)", text);
    }

    [Fact]
    public void Backward_OneGradientForTwoLeaves_GivesEachItsOwnBuffer()
    {
        // AddBackward hands the same fresh gradient (from MulBackward) to both leaves: one may take it, the other copies.
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = tensor(new double[] { 4, 5, 6 }, requires_grad: true);
        ((x + y) * 2).sum().backward();
        using (no_grad()) x.grad!.add_(10);
        Assert.Equal(new double[] { 12, 12, 12 }, x.grad!.ToArray<double>());
        Assert.Equal(new double[] { 2, 2, 2 }, y.grad!.ToArray<double>());
    }

    [Fact]
    public void Linear_WeightGradient_IsContiguousAndMatchesTheFormula()
    {
        // y = x W^T uses the weight transposed; its gradient dW = G^T x must still come out in the weight's layout.
        var x = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var weight = tensor(new double[] { 0.5, -1, 2, 1, 0, -0.5, 1.5, 2, -1, 0.25, 1, 3 }, [4, 3], requires_grad: true);
        var g = tensor(new double[] { 1, 2, 3, 4, -1, 0, 2, 1 }, [2, 4]);
        nn.functional.linear(x, weight).backward(g);
        Assert.True(weight.grad!.is_contiguous());
        Assert.Equal(g.t().mm(x).ToArray<double>(), weight.grad!.ToArray<double>());
    }

    [Fact]
    public void Mm_GradientOfATransposedOperand_HasTheOperandsLayout()
    {
        var w = tensor(new double[] { 0.5, -1, 2, 1, 0, -0.5, 1.5, 2, -1, 0.25, 1, 3 }, [4, 3], requires_grad: true);
        var x = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var wt = w.t();
        var g = autograd.grad([x.mm(wt).sum()], [wt])[0]!;
        Assert.Equal(wt.stride(), g.stride());
        Assert.Equal(x.t().mm(ones([2, 4], dtype: float64)).ToArray<double>(), g.contiguous().ToArray<double>());
    }
}

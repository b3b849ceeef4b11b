using GenCourse;
using GenCourse.Modules;
using static GenCourse.torch;
using static GenCourse.torch.nn;
using F = GenCourse.torch.nn.functional;

namespace GenCourse.Tests.NN;

public class ModuleTests
{
    sealed class TwoLayer : Module<Tensor, Tensor>
    {
        public readonly Linear fc1 = nn.Linear(3, 4), fc2 = nn.Linear(4, 2);
        readonly Parameter scale = new(ones(1));
        readonly Tensor counter = zeros(1);
        Linear Alias => fc1;

        public override Tensor forward(Tensor x) => fc2.forward(fc1.forward(x).relu()) * scale;
    }

    sealed class Shared : Module<Tensor, Tensor>
    {
        public readonly Linear a = nn.Linear(2, 2);
        public readonly Linear b;

        public Shared() => b = a;

        public override Tensor forward(Tensor x) => b.forward(a.forward(x));
    }

    [Fact]
    public void Discovery_FindsParametersBuffersAndChildrenInDeclarationOrder()
    {
        var m = new TwoLayer();
        Assert.Equal(new[] { "scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }.Order(), m.named_parameters().Select(p => p.name).Order());
        Assert.Equal(["fc1", "fc2"], m.named_children().Select(c => c.name));
        Assert.Equal(["counter"], m.named_buffers().Select(b => b.name));
        Assert.Equal(1 + 3 * 4 + 4 + 4 * 2 + 2, m.parameter_count());
    }

    [Fact]
    public void SharedModule_IsListedOnce()
    {
        var m = new Shared();
        Assert.Equal(2, m.parameters().Count());
        Assert.Single(m.named_children());
    }

    [Fact]
    public void Sequential_NamesChildrenByIndex_AndForwardsInOrder()
    {
        manual_seed(3);
        var seq = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 1));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], seq.named_parameters().Select(p => p.name));
        var x = randn(4, 3);
        var expected = ((Linear)seq[2]).forward(((Linear)seq[0]).forward(x).relu());
        Assert.Equal(expected.ToArray<float>(), seq.forward(x).ToArray<float>());
        Assert.Contains("(0): Linear(in_features=3, out_features=5, bias=True)", seq.ToString());
    }

    [Fact]
    public void StateDict_RoundTripsIntoAFreshModel()
    {
        manual_seed(1);
        var a = new TwoLayer();
        manual_seed(2);
        var b = new TwoLayer();
        var x = randn(2, 3);
        Assert.NotEqual(a.forward(x).ToArray<float>(), b.forward(x).ToArray<float>());
        b.load_state_dict(a.state_dict());
        Assert.Equal(a.forward(x).ToArray<float>(), b.forward(x).ToArray<float>());
    }

    [Fact]
    public void LoadStateDict_ReportsMissingUnexpectedAndShapeErrors()
    {
        var m = new TwoLayer();
        var state = m.state_dict();
        state.Remove("fc2.bias");
        state["extra"] = zeros(1);
        var ex = Assert.Throws<ArgumentException>(() => m.load_state_dict(state));
        Assert.Contains("fc2.bias", ex.Message);
        Assert.Contains("extra", ex.Message);
        var (missing, unexpected) = m.load_state_dict(state, strict: false);
        Assert.Equal(["fc2.bias"], missing);
        Assert.Equal(["extra"], unexpected);
        var bad = m.state_dict();
        bad["fc1.weight"] = zeros(3, 4);
        Assert.Contains("[3, 4]", Assert.Throws<ArgumentException>(() => m.load_state_dict(bad)).Message);
    }

    [Fact]
    public void TrainEval_PropagatesToChildren()
    {
        var m = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5));
        m.eval();
        Assert.All(m.modules(), x => Assert.False(x.training));
        var x = ones(4, 2);
        Assert.Equal(m.forward(x).ToArray<float>(), m.forward(x).ToArray<float>());
        m.train();
        Assert.True(m[1].training);
    }

    [Fact]
    public void To_ConvertsParametersAndBuffers()
    {
        var m = new TwoLayer();
        m.to(float64);
        Assert.All(m.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(m.buffers(), b => Assert.Equal(ScalarType.Float64, b.dtype));
        Assert.Equal(ScalarType.Float64, m.forward(randn(new long[] { 1, 3 }, dtype: float64)).dtype);
    }

    [Fact]
    public void Linear_InitialisedWithinPyTorchBounds()
    {
        var l = nn.Linear(100, 50, generator: new Generator(0));
        double bound = 1 / Math.Sqrt(100);
        Assert.InRange(l.weight.abs().max().item<float>(), 0.9 * bound, bound);
        Assert.InRange(l.bias!.abs().max().item<float>(), 0.5 * bound, bound);
    }

    [Fact]
    public void Conv2dLayer_MatchesFunctional()
    {
        var conv = nn.Conv2d(2, 3, 3, stride: 2, padding: 1, generator: new Generator(1));
        var x = randn(new long[] { 2, 2, 7, 7 }, generator: new Generator(2));
        var expected = F.conv2d(x, conv.weight, conv.bias, [2], [1]);
        Assert.Equal(expected.ToArray<float>(), conv.forward(x).ToArray<float>());
        Assert.Equal(new long[] { 2, 3, 4, 4 }, conv.forward(x).shape);
        Assert.Equal(new long[] { 2, 3, 14, 14 }, nn.ConvTranspose2d(3, 3, 4, stride: 2, padding: 1).forward(randn(2, 3, 7, 7)).shape);
    }

    [Fact]
    public void BatchNorm_TracksRunningStatsInTraining_UsesThemInEval()
    {
        var bn = nn.BatchNorm2d(2);
        var x = randn(new long[] { 8, 2, 3, 3 }, generator: new Generator(4)) * 3 + 1;
        var y = bn.forward(x);
        Assert.InRange(y.mean().item<float>(), -1e-5, 1e-5);
        var batchMean = x.mean([0, 2, 3]).ToArray<float>();
        Assert.Equal(0.1f * batchMean[0], bn.running_mean!.ToArray<float>()[0], 5);
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
        bn.eval();
        var z = bn.forward(x);
        var expected = (x - bn.running_mean.reshape(1, 2, 1, 1)) / (bn.running_var!.reshape(1, 2, 1, 1) + 1e-5).sqrt();
        Assert.True(allclose(expected, z, 1e-5, 1e-5));
        Assert.Throws<ArgumentException>(() => bn.forward(randn(2, 2)));
    }

    [Fact]
    public void GruCell_GradientMatchesFiniteDifferences()
    {
        var cell = nn.GRUCell(3, 2, dtype: float64, generator: new Generator(5));
        var h = Tensors.GradCheck.Input(7, 2, 2);
        Tensors.GradCheck.Check(a => cell.forward(a[0], a[1]), [Tensors.GradCheck.Input(6, 2, 3), h]);
    }

    [Fact]
    public void LstmCell_MatchesTheGateEquations()
    {
        var cell = nn.LSTMCell(2, 3, dtype: float64, generator: new Generator(8));
        var x = randn(new long[] { 1, 2 }, generator: new Generator(9), dtype: float64);
        var (h, c) = cell.forward(x);
        var gates = x.matmul(cell.weight_ih.t()) + cell.bias_ih! + cell.bias_hh!;
        var i = gates.narrow(1, 0, 3).sigmoid();
        var g = gates.narrow(1, 6, 3).tanh();
        var o = gates.narrow(1, 9, 3).sigmoid();
        Assert.True(allclose(i * g, c, 1e-12));
        Assert.True(allclose(o * (i * g).tanh(), h, 1e-12));
        var lstm = nn.LSTM(2, 3, num_layers: 2, batch_first: true);
        var (output, (hn, cn)) = lstm.forward(randn(4, 5, 2));
        Assert.Equal(new long[] { 4, 5, 3 }, output.shape);
        Assert.Equal(new long[] { 2, 4, 3 }, hn.shape);
    }

    [Fact]
    public void SpectralNorm_ConvergesToTheLargestSingularValue()
    {
        var layer = nn.Linear(2, 2, hasBias: false, dtype: float64);
        using (no_grad()) layer.weight.copy_(tensor(new double[] { 3, 0, 0, 1 }, [2, 2]));
        var sn = utils.spectral_norm(layer, generator: new Generator(1));
        for (int i = 0; i < 30; i++) sn.forward(ones(new long[] { 1, 2 }, float64));
        Assert.Equal(3.0, sn.Sigma().item<double>(), 6);
        var y = sn.forward(ones(new long[] { 1, 2 }, float64)).ToArray<double>();
        Assert.Equal(1.0, y[0], 6);
        Assert.Equal(1 / 3.0, y[1], 6);
    }

    [Fact]
    public void ClipGradNorm_ScalesToMaxNorm_AndReturnsTheOriginalNorm()
    {
        var p = new Parameter(zeros(2));
        p.grad = tensor(new float[] { 3, 4 });
        double norm = utils.clip_grad_norm_([p], 1.0);
        Assert.Equal(5.0, norm, 5);
        Assert.Equal(1.0, p.grad.norm().item<float>(), 4);
        var v = utils.parameters_to_vector([p]);
        utils.vector_to_parameters(v + 1, [p]);
        Assert.Equal(new float[] { 1, 1 }, p.ToArray<float>());
    }

    [Fact]
    public void Orthogonal_IsOrthonormal()
    {
        var w = empty(new long[] { 4, 6 }, float64);
        init.orthogonal_(w, generator: new Generator(2));
        Assert.True(allclose(w.matmul(w.t()), eye(4, dtype: float64), 1e-10, 1e-10));
    }

    [Fact]
    public void CrossEntropy_LabelSmoothing_MatchesHandComputation()
    {
        var logits = tensor(new double[] { 2, 0, -1 }, [1, 3]);
        var target = tensor(new long[] { 0 });
        var logp = logits.log_softmax(1).ToArray<double>();
        double expected = 0.9 * -logp[0] + 0.1 * -(logp.Sum() / 3);
        Assert.Equal(expected, F.cross_entropy(logits, target, label_smoothing: 0.1).item<double>(), 12);
        Assert.Equal(-logp[0], F.nll_loss(logits.log_softmax(1), target).item<double>(), 12);
    }

    [Fact]
    public void CrossEntropy_IgnoreIndex_LeavesThoseTargetsOutOfSumAndMean()
    {
        var logits = tensor(new double[] { 2, 0, -1, 0.5, 1, -2, 0, 0, 3 }, [3, 3], requires_grad: true);
        var target = tensor(new long[] { 0, 2, 1 });
        var logp = logits.detach().log_softmax(1).ToArray<double>();
        Assert.Equal(-(logp[0] + logp[7]) / 2, F.cross_entropy(logits, target, ignore_index: 2).item<double>(), 12);
        F.cross_entropy(logits, target, ignore_index: 2, reduction: nn.Reduction.Sum).backward();
        Assert.Equal(new double[] { 0, 0, 0 }, logits.grad![1].ToArray<double>());   // the ignored row gets no gradient
        Assert.True(double.IsNaN(F.cross_entropy(logits, tensor(new long[] { 2, 2, 2 }), ignore_index: 2).item<double>()));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_IsStableForLargeLogits()
    {
        var loss = F.binary_cross_entropy_with_logits(tensor(new float[] { 100, -100 }), tensor(new float[] { 0, 1 }), reduction: nn.Reduction.None);
        Assert.Equal(new float[] { 100, 100 }, loss.ToArray<float>());
    }
}

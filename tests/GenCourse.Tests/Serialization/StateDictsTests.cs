using GenCourse.Serialization;
using static GenCourse.torch;

namespace GenCourse.Tests.Serialization;

public class StateDictsTests
{
    static Dictionary<string, Tensor> StateOf(nn.Module m) => m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

    [Fact]
    public void Load_CopiesEveryParameter()
    {
        var source = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        var target = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        StateDicts.Load(target, StateOf(source));
        foreach (var (name, p) in source.named_parameters())
            Assert.Equal(p.data<float>().ToArray(), target.state_dict()[name].data<float>().ToArray());
    }

    [Fact]
    public void Load_MissingOrUnexpectedName_IsAnErrorWhenStrict()
    {
        var model = nn.Sequential(nn.Linear(3, 4));
        var missing = StateOf(model);
        missing.Remove("0.bias");
        var e = Assert.Throws<ArgumentException>(() => StateDicts.Load(model, missing, source: "file 'w.safetensors'"));
        Assert.Contains("\"0.bias\" of shape [4] is not in file 'w.safetensors'", e.Message);

        var extra = StateOf(model);
        extra["1.weight"] = zeros(2, 2);
        e = Assert.Throws<ArgumentException>(() => StateDicts.Load(model, extra));
        Assert.Contains("has \"1.weight\", which the model does not have", e.Message);

        StateDicts.Load(model, missing, strict: false);   // non-strict: loads what is there
    }

    [Fact]
    public void Load_ShapeMismatch_NamesTheParameterAndBothShapesAndChangesNothing()
    {
        var model = nn.Sequential(nn.Linear(3, 4));
        var before = model.state_dict()["0.weight"].data<float>().ToArray();
        var other = StateOf(nn.Sequential(nn.Linear(5, 4)));
        var e = Assert.Throws<ArgumentException>(() => StateDicts.Load(model, other));
        Assert.Contains("\"0.weight\" has shape [4, 5] in the state dict but [4, 3] in the model", e.Message);
        Assert.Equal(before, model.state_dict()["0.weight"].data<float>().ToArray());
    }
}

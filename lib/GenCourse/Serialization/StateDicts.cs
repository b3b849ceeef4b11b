namespace GenCourse.Serialization;

/// <summary>Loads saved parameters into a model on either engine, checking names and shapes first.</summary>
public static class StateDicts
{
    /// <summary>
    /// Copies <paramref name="state"/> into <paramref name="model"/>'s parameters and buffers. A saved tensor whose shape
    /// differs from the model's is an error naming the first such parameter and both shapes; with
    /// <paramref name="strict"/>, so are names missing from either side. <paramref name="source"/> names where the
    /// state comes from (e.g. the checkpoint file) in those messages.
    /// </summary>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> state, bool strict = true, string source = "the state dict")
    {
        var own = model.state_dict();
        string what = model.GetType().Name;
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var saved))
            {
                if (strict) throw new ArgumentException($"{what}: \"{name}\" of shape {Shape.Format(target.shape)} is not in {source}; " +
                    $"it has {string.Join(", ", state.Keys.Order(StringComparer.Ordinal).Take(8))}{(state.Count > 8 ? ", ..." : "")}");
                continue;
            }
            if (!saved.shape.SequenceEqual(target.shape))
                throw new ArgumentException($"{what}: \"{name}\" has shape {Shape.Format(saved.shape)} in {source} but {Shape.Format(target.shape)} in the model " +
                    "(was it saved from a model built with other sizes?)");
        }
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (strict && unexpected.Count > 0)
            throw new ArgumentException($"{what}: {source} has \"{unexpected[0]}\"{(unexpected.Count > 1 ? $" and {unexpected.Count - 1} more" : "")}, which the model does not have");
        model.load_state_dict(state.ToDictionary(kv => kv.Key, kv => kv.Value), strict);
    }
}

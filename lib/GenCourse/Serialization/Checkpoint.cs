using System.Globalization;

namespace GenCourse.Serialization;

/// <summary>
/// A training checkpoint in one safetensors file: the model's <c>state_dict()</c> (stored under "model."), optionally
/// optimizer state tensors (under "optimizer."), and the epoch and step as metadata, so training can resume.
/// For weights alone (to share or to load in PyTorch) use <see cref="SafeTensors.Save"/> on the state_dict directly.
/// <code>
/// new Checkpoint(model.state_dict(), epoch: 3, step: 1410).Save("vae.safetensors");
/// var checkpoint = Checkpoint.Load("vae.safetensors");
/// checkpoint.LoadModel(model);
/// </code>
/// </summary>
public sealed class Checkpoint
{
    const string ModelPrefix = "model.", OptimizerPrefix = "optimizer.";
    const string FormatKey = "format", FormatValue = "gencourse-checkpoint", EpochKey = "epoch", StepKey = "step";

    /// <param name="model">The model's parameters and buffers by name (its state_dict).</param>
    /// <param name="epoch">Completed epochs.</param>
    /// <param name="step">Completed optimizer steps.</param>
    /// <param name="optimizer">Optimizer state tensors by name (e.g. Adam's moments), if any.</param>
    /// <param name="metadata">Further strings to keep (hyper-parameters, notes); "format", "epoch" and "step" are reserved.</param>
    public Checkpoint(IReadOnlyDictionary<string, Tensor> model, int epoch = 0, long step = 0,
        IReadOnlyDictionary<string, Tensor>? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (epoch < 0 || step < 0) throw new ArgumentException($"Checkpoint: epoch ({epoch}) and step ({step}) must be non-negative");
        metadata ??= new Dictionary<string, string>();
        foreach (var reserved in new[] { FormatKey, EpochKey, StepKey })
            if (metadata.ContainsKey(reserved))
                throw new ArgumentException($"Checkpoint: the metadata key '{reserved}' is reserved", nameof(metadata));
        Model = model;
        Optimizer = optimizer ?? new Dictionary<string, Tensor>();
        Epoch = epoch;
        Step = step;
        Metadata = metadata;
    }

    public IReadOnlyDictionary<string, Tensor> Model { get; }

    public IReadOnlyDictionary<string, Tensor> Optimizer { get; }

    public int Epoch { get; }

    public long Step { get; }

    /// <summary>The extra metadata strings (without the reserved keys).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Copies the saved model into <paramref name="model"/> (built on either engine): a parameter whose shape differs is an
    /// error that names it and both shapes.
    /// </summary>
    public void LoadModel(nn.Module model, bool strict = true) => StateDicts.Load(model, Model, strict, Source ?? "the checkpoint");

    /// <summary>The file this checkpoint was read from, if any.</summary>
    public string? Source { get; private init; }

    /// <summary>Writes the checkpoint atomically (see <see cref="SafeTensors.Save"/>).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in Model) tensors[ModelPrefix + name] = t;
        foreach (var (name, t) in Optimizer) tensors[OptimizerPrefix + name] = t;
        var metadata = new Dictionary<string, string>(Metadata)
        {
            [FormatKey] = FormatValue,
            [EpochKey] = Epoch.ToString(CultureInfo.InvariantCulture),
            [StepKey] = Step.ToString(CultureInfo.InvariantCulture),
        };
        SafeTensors.Save(tensors, path, metadata);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>; the error names the file if it is not one.</summary>
    public static Checkpoint Load(string path)
    {
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(path);
        if (!metadata.TryGetValue(FormatKey, out var format) || format != FormatValue)
            throw new InvalidDataException($"checkpoint '{path}': the metadata has no \"{FormatKey}\": \"{FormatValue}\"; it is a safetensors file but not a GenCourse checkpoint (use SafeTensors.Load)");
        if (!metadata.TryGetValue(EpochKey, out var epochText) || !int.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out int epoch))
            throw new InvalidDataException($"checkpoint '{path}': metadata \"{EpochKey}\" is missing or not a non-negative integer");
        if (!metadata.TryGetValue(StepKey, out var stepText) || !long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
            throw new InvalidDataException($"checkpoint '{path}': metadata \"{StepKey}\" is missing or not a non-negative integer");

        var model = new Dictionary<string, Tensor>();
        var optimizer = new Dictionary<string, Tensor>();
        foreach (var (name, t) in tensors)
        {
            if (name.StartsWith(ModelPrefix, StringComparison.Ordinal)) model[name[ModelPrefix.Length..]] = t;
            else if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) optimizer[name[OptimizerPrefix.Length..]] = t;
            else throw new InvalidDataException($"checkpoint '{path}': tensor '{name}' starts with neither \"{ModelPrefix}\" nor \"{OptimizerPrefix}\"");
        }
        foreach (var key in new[] { FormatKey, EpochKey, StepKey }) metadata.Remove(key);
        return new Checkpoint(model, epoch, step, optimizer, metadata) { Source = $"checkpoint '{path}'" };
    }
}

using System.Text.Json;

namespace GenCourse.Plotting;

/// <summary>
/// How a notebook states what a healthy result is, next to the number, so that a model that trains wrong fails the
/// notebook (in VS Code the cell shows the failure; <c>gencourse run</c> reports notebook, cell, name, value and range):
/// <code>Expect.InRange("test negative ELBO (nats)", nelbo, quick: (250, 300), full: (235, 250), acrossEngines: 5);</code>
/// Every figure is also written to the JSON file named by GENCOURSE_FIGURES (the runner sets it per notebook), which
/// the cross-engine comparison and the course table read.
/// </summary>
public static class Expect
{
    public const string FiguresVariable = "GENCOURSE_FIGURES";

    /// <summary>
    /// Checks that <paramref name="value"/> lies in the range of the current profile; throws
    /// <see cref="ExpectationFailedException"/> when it does not (NaN never passes). <paramref name="acrossEngines"/>
    /// is how far the embedded engine's and TorchSharp's values may differ (absolute): their random draws differ.
    /// </summary>
    public static KeyFigure InRange(string name, double value, (double low, double high) quick, (double low, double high) full, double acrossEngines)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Expect.InRange: the figure needs a name a student can read", nameof(name));
        CheckRange(name, "quick", quick);
        CheckRange(name, "full", full);
        if (!(acrossEngines >= 0)) throw new ArgumentException($"Expect.InRange(\"{name}\"): acrossEngines must be a non-negative tolerance, got {acrossEngines}", nameof(acrossEngines));
        var (low, high) = Profile.Choose(quick, full);
        var figure = new KeyFigure(name, value, low, high, acrossEngines, Profile.Current, Backend.Name);
        Record(figure);
        return figure.Passed ? figure : throw new ExpectationFailedException(figure);
    }

    /// <summary>The same healthy range under both profiles.</summary>
    public static KeyFigure InRange(string name, double value, (double low, double high) range, double acrossEngines) =>
        InRange(name, value, range, range, acrossEngines);

    static void CheckRange(string name, string profile, (double low, double high) range)
    {
        if (double.IsNaN(range.low) || double.IsNaN(range.high) || range.low > range.high)
            throw new ArgumentException($"Expect.InRange(\"{name}\"): the {profile} range [{range.low}, {range.high}] is empty or inverted; give (low, high) with low <= high");
    }

    // Rewrites the whole file (atomically) with this figure added or replaced: a re-run cell does not duplicate it.
    static void Record(KeyFigure figure)
    {
        var path = Environment.GetEnvironmentVariable(FiguresVariable);
        if (string.IsNullOrWhiteSpace(path)) return;
        var figures = File.Exists(path) ? JsonSerializer.Deserialize<List<KeyFigure>>(File.ReadAllText(path), Json) ?? [] : [];
        figures.RemoveAll(f => f.Name == figure.Name);
        figures.Add(figure);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(figures, Json));
        File.Move(temporary, path, overwrite: true);
    }

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads a figures file written while a notebook ran.</summary>
    public static IReadOnlyList<KeyFigure> ReadFigures(string path) =>
        JsonSerializer.Deserialize<List<KeyFigure>>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"figures file '{path}' holds no list of figures");
}

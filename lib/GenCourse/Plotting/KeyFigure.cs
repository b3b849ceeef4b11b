using System.Globalization;
using System.Net;

namespace GenCourse.Plotting;

/// <summary>
/// A notebook's key figure (a final loss, a test NLL, a log-likelihood) with the range a healthy run gives it under
/// the current profile, and how far the two engines may differ on it. Made by <c>Expect.InRange</c>.
/// </summary>
[TypeFormatterSource(typeof(RenderableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record KeyFigure(string Name, double Value, double Low, double High, double AcrossEngines, string Profile, string Backend) : IRenderable
{
    /// <summary>True when the value lies in [Low, High]; NaN never does.</summary>
    public bool Passed => Value >= Low && Value <= High;

    static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    public string ToPlainText() =>
        $"{(Passed ? "ok" : "FAILED")}: {Name} = {Number(Value)} (healthy range [{Number(Low)}, {Number(High)}], {Profile} profile)";

    public string ToHtml() =>
        $"<div class=\"gencourse-figure\" style=\"font-family:monospace\">{(Passed ? "&#10003;" : "&#10007;")} " +
        $"<b>{WebUtility.HtmlEncode(Name)}</b> = {Number(Value)} " +
        $"<span style=\"color:#666\">(healthy: {Number(Low)} to {Number(High)}, {Profile} profile)</span></div>";
}

/// <summary>Raised when a key figure leaves its healthy range: the notebook cell (and the notebook run) fails.</summary>
public sealed class ExpectationFailedException(KeyFigure figure) : Exception(
    $"expectation \"{figure.Name}\" failed: {figure.Value.ToString("R", CultureInfo.InvariantCulture)} is outside the healthy range " +
    $"[{figure.Low.ToString("R", CultureInfo.InvariantCulture)}, {figure.High.ToString("R", CultureInfo.InvariantCulture)}] " +
    $"of the {figure.Profile} profile")
{
    public KeyFigure Figure { get; } = figure;
}

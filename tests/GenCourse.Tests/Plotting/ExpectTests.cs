using GenCourse.Plotting;

namespace GenCourse.Tests.Plotting;

/// <summary>Expectations change the process environment (the figures file): they run one at a time.</summary>
[CollectionDefinition(nameof(FiguresFileCollection), DisableParallelization = true)]
public sealed class FiguresFileCollection;

[Collection(nameof(FiguresFileCollection))]
public class ExpectTests
{
    [Fact]
    public void InRange_ValueInside_ReturnsTheFigure()
    {
        var figure = Expect.InRange("test NLL", 250.5, (240, 260), acrossEngines: 5);
        Assert.True(figure.Passed);
        Assert.Equal((250.5, 240.0, 260.0, "embedded"), (figure.Value, figure.Low, figure.High, figure.Backend));
        Assert.Contains("test NLL</b> = 250.5", figure.ToHtml());
    }

    [Theory]
    [InlineData(5630499)]
    [InlineData(239.999)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InRange_ValueOutsideOrNaN_FailsNamingTheFigureValueAndRange(double value)
    {
        var e = Assert.Throws<ExpectationFailedException>(() => Expect.InRange("test negative ELBO", value, (240, 260), acrossEngines: 5));
        Assert.Contains("expectation \"test negative ELBO\" failed", e.Message);
        Assert.Contains("is outside the healthy range [240, 260]", e.Message);
        Assert.Contains(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.False(e.Figure.Passed);
    }

    [Theory]
    [InlineData(260, 240)]
    [InlineData(double.NaN, 1)]
    public void InRange_EmptyOrInvertedRange_IsRefusedNamingTheExpectation(double low, double high)
    {
        var e = Assert.Throws<ArgumentException>(() => Expect.InRange("KL term", 1, (low, high), (0, 1), acrossEngines: 0));
        Assert.Contains("Expect.InRange(\"KL term\"): the quick range", e.Message);
        Assert.Contains("empty or inverted", e.Message);
    }

    [Fact]
    public void InRange_NegativeToleranceOrBlankName_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Expect.InRange("x", 1, (0, 2), acrossEngines: -1));
        Assert.Throws<ArgumentException>(() => Expect.InRange(" ", 1, (0, 2), acrossEngines: 1));
    }

    [Fact]
    public void InRange_WithFiguresFile_WritesEachFigureOnceAndKeepsFailedOnes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"figures-{Guid.NewGuid():N}.json");
        Environment.SetEnvironmentVariable(Expect.FiguresVariable, path);
        try
        {
            Expect.InRange("loss", 3, (0, 10), acrossEngines: 1);
            Expect.InRange("loss", 4, (0, 10), acrossEngines: 1);   // a re-run cell replaces its figure
            Assert.Throws<ExpectationFailedException>(() => Expect.InRange("accuracy", 0.2, (0.8, 1), acrossEngines: 0.05));
            var figures = Expect.ReadFigures(path);
            Assert.Equal(["loss", "accuracy"], figures.Select(f => f.Name));
            Assert.Equal(4, figures[0].Value);
            Assert.False(figures[1].Passed);
            Assert.Equal(0.05, figures[1].AcrossEngines);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Expect.FiguresVariable, null);
            File.Delete(path);
        }
    }
}

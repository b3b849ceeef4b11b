using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using GenCourse;
using GenCourse.Plotting;
using static GenCourse.torch;

namespace GenCourse.Tests.Plotting;

public class PlottingTests
{
    [Fact]
    public void Scatter_FromTensorPoints_WritesColumnsAsXAndY()
    {
        var fig = new Figure(Plot.Scatter(tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]), name: "pts")).WithTitle("T").WithEqualAspect();
        using var doc = JsonDocument.Parse(fig.ToJson());
        var trace = doc.RootElement.GetProperty("data")[0];
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal(new[] { 1.0, 3, 5 }, trace.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(new[] { 2.0, 4, 6 }, trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("T", doc.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x", doc.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("scaleanchor").GetString());
    }

    [Fact]
    public void Scatter_RejectsPointsThatAreNotNBy2()
    {
        var ex = Assert.Throws<ArgumentException>(() => Plot.Scatter(zeros(3, 3)));
        Assert.Contains("[3, 3]", ex.Message);
    }

    [Fact]
    public void NonFiniteValues_BecomeNull()
    {
        var json = new Figure(Plot.Line(new[] { 0.0, 1 }, new[] { double.NaN, 2 })).ToJson();
        Assert.Contains("\"y\":[null,2]", json);
    }

    [Fact]
    public void Contour_WritesMatrixRows()
    {
        var z = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var doc = JsonDocument.Parse(new Figure(Plot.Contour(z, new[] { 0.0, 1, 2 }, new[] { 0.0, 1 })).ToJson());
        var rows = doc.RootElement.GetProperty("data")[0].GetProperty("z");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(6, rows[1][2].GetDouble());
    }

    [Fact]
    public void Grid_PutsEachFigureOnItsOwnAxes()
    {
        var a = new Figure(Plot.Line(new[] { 1.0, 2 })).WithTitle("a").WithXLabel("epoch");
        var b = new Figure(Plot.Line(new[] { 3.0, 4 })).WithTitle("b");
        using var doc = JsonDocument.Parse(Figure.Grid(1, 2, [a, b], sharedY: true).ToJson());
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal("x2", data[1].GetProperty("xaxis").GetString());
        var layout = doc.RootElement.GetProperty("layout");
        Assert.Equal("epoch", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.True(layout.GetProperty("xaxis").GetProperty("domain")[1].GetDouble() < layout.GetProperty("xaxis2").GetProperty("domain")[0].GetDouble());
        Assert.Equal("y", layout.GetProperty("yaxis2").GetProperty("matches").GetString());
        Assert.Equal(2, layout.GetProperty("annotations").GetArrayLength());
    }

    [Fact]
    public void Frames_AddSliderAndPlayButton()
    {
        var fig = new Figure(Plot.Line(new[] { 0.0 }));
        for (int i = 0; i < 3; i++) fig.AddFrame($"iter {i}", Plot.Line(new[] { (double)i }));
        using var doc = JsonDocument.Parse(fig.ToJson());
        Assert.Equal(3, doc.RootElement.GetProperty("frames").GetArrayLength());
        Assert.Equal(3, doc.RootElement.GetProperty("layout").GetProperty("sliders")[0].GetProperty("steps").GetArrayLength());
        Assert.Contains("Play", fig.ToJson());
    }

    [Fact]
    public void Html_UsesPagePlotlyFirst_ThenRequireJsOrCdn()
    {
        var html = new Figure(Plot.Line(new[] { 1.0 })).ToHtml();
        Assert.Contains("window.Plotly", html);
        Assert.Contains("requirejs", html);
        Assert.Contains("cdn.jsdelivr.net/npm/plotly.js-dist-min@4.1.2/plotly.min", html);
        var id = html[(html.IndexOf("id=\"") + 4)..];
        id = id[..id.IndexOf('"')];
        Assert.Contains($"newPlot('{id}'", html);
    }

    static (int w, int h, int colorType, byte[] raw) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, w = 0, h = 0, type = 0;
        var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string name = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(Crc32(png.AsSpan(pos + 4, len + 4)), crc);
            if (name == "IHDR") { w = BinaryPrimitives.ReadInt32BigEndian(data); h = BinaryPrimitives.ReadInt32BigEndian(data[4..]); type = data[9]; }
            if (name == "IDAT") idat.Write(data);
            pos += 12 + len;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        return (w, h, type, raw.ToArray());
    }

    static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void ImageGrid_EncodesAValidPngWithTheTiledPixels()
    {
        // Two 2x2 gray images: all zeros and all ones; 1 px padding, scale 1 -> 7 x 4 pixels.
        var images = cat([zeros(1, 1, 2, 2), ones(1, 1, 2, 2)]);
        var grid = new ImageGrid(images, nrow: 2, padding: 1, scale: 1);
        var (w, h, type, raw) = DecodePng(grid.PngBytes);
        Assert.Equal((7, 4, 0), (w, h, type));
        Assert.Equal(h * (w + 1), raw.Length);
        byte Pixel(int x, int y) => raw[y * (w + 1) + 1 + x];
        Assert.Equal(0, Pixel(1, 1));
        Assert.Equal(255, Pixel(4, 1));
        Assert.Equal(255, Pixel(5, 2));
        Assert.Contains("data:image/png;base64,", grid.ToHtml());
    }

    [Fact]
    public void ImageGrid_WithLabels_CaptionsEveryImage()
    {
        var grid = new ImageGrid(rand(3, 28, 28), labels: ["a", "b", "c"]);
        Assert.Equal(3, grid.ToHtml().Split("<span>").Length - 1);
        Assert.Throws<ArgumentException>(() => new ImageGrid(rand(3, 28, 28), labels: ["a"]));
        Assert.Throws<ArgumentException>(() => new ImageGrid(rand(3, 2, 5, 5)));
    }

    [Fact]
    public void TrainingHistory_RecordsAndPlotsSeries()
    {
        var h = new TrainingHistory("vae");
        for (int i = 0; i < 5; i++) h.Log(i, ("loss", 10.0 - i), ("kl", tensor(0.5 * i)));
        Assert.Equal(6.0, h.Last("loss"));
        Assert.Equal(2.0, h.Last("kl"));
        using var doc = JsonDocument.Parse(h.Plot().ToJson());
        Assert.Equal(2, doc.RootElement.GetProperty("data").GetArrayLength());
        Assert.Contains("loss=6", h.ToPlainText());
        Assert.Throws<KeyNotFoundException>(() => h["elbo"]);
    }

    [Fact]
    public void Table_AlignsText_AndRejectsWrongRowLength()
    {
        var t = new Table("K", "NLL").AddRow(1, 95.123456789).AddRow(100, 90.5);
        Assert.Equal("  K      NLL\n  1  95.1235\n100     90.5", t.ToPlainText());
        Assert.Contains("<td>95.1235</td>", t.ToHtml());
        Assert.Throws<ArgumentException>(() => t.AddRow(1));
    }

    [Fact]
    public void FormatterConvention_IsDiscoverableByName()
    {
        // What .NET Interactive and the runner do: find the attribute by name, create the source, call CreateTypeFormatters.
        foreach (var value in new object[] { new Figure(), zeros(2), new Table("a") })
        {
            var attr = value.GetType().GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetValue(attr)!;
            var source = Activator.CreateInstance(sourceType)!;
            var formatters = ((IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).ToList();
            var mimes = formatters.Select(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)!).ToList();
            Assert.Contains("text/html", mimes);
            Assert.Contains("text/plain", mimes);
            var writer = new StringWriter();
            var html = formatters.First(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == "text/html");
            Assert.True((bool)html.GetType().GetMethod("Format")!.Invoke(html, [value, writer])!);
            Assert.NotEmpty(writer.ToString());
        }
    }

    [Fact]
    public void NotebookDisplay_UsesTheRunnerHook_AndHandlesUpdate()
    {
        var shown = new List<object?>();
        var handle = new RecordingHandle(shown);
        AppDomain.CurrentDomain.SetData(Notebook.DisplayHook, new Func<object?, string?, object>((v, _) => { shown.Add(v); return handle; }));
        try
        {
            var h = Notebook.Display("first");
            h.Update("second");
            Assert.Equal(new object?[] { "first", "second" }, shown);
        }
        finally
        {
            AppDomain.CurrentDomain.SetData(Notebook.DisplayHook, null);
        }
    }

    public sealed class RecordingHandle(List<object?> log)
    {
        public void Update(object value) => log.Add(value);
    }

    [Fact]
    public void Profile_ReadsTheEnvironment()
    {
        var old = Environment.GetEnvironmentVariable(Profile.Variable);
        try
        {
            Environment.SetEnvironmentVariable(Profile.Variable, "quick");
            Assert.Equal(1, Profile.Choose(quick: 1, full: 20));
            Environment.SetEnvironmentVariable(Profile.Variable, "slow");
            Assert.Throws<InvalidOperationException>(() => Profile.Current);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Profile.Variable, old);
        }
    }

    [Fact]
    public void Pca_FindsTheAxesOfLargestVariance()
    {
        // Points stretched 3x along (1, 1)/sqrt 2 and 1x along (1, -1)/sqrt 2.
        var g = new Generator(4);
        var a = randn(new long[] { 20000, 1 }, generator: g, dtype: float64) * 3;
        var b = randn(new long[] { 20000, 1 }, generator: g, dtype: float64);
        var pts = cat([a + b, a - b], 1) / Math.Sqrt(2) + 5;
        var (project, variances) = Projection.Pca(pts, 2);
        Assert.InRange(variances[0], 8.7, 9.3);
        Assert.InRange(variances[1], 0.95, 1.05);
        var p = project(pts);
        Assert.InRange(p.mean(0).abs().max().item<double>(), 0, 1e-9);
        Assert.InRange(Math.Abs(p.select(1, 0).var().item<double>() - variances[0]), 0, 1e-6);
        var pca = Projection.Pca(pts, 2);
        Assert.True(allclose(pca.Reconstruct(pca.Project(pts)), pts, 1e-9, 1e-9));
    }

    [Fact]
    public void ScatterByClass_MakesOneNamedTracePerClass()
    {
        var traces = Plot.ScatterByClass(tensor(new float[] { 0, 0, 1, 1, 2, 2 }, [3, 2]), tensor(new long[] { 1, 0, 1 }), ["zero", "one"]);
        Assert.Equal(2, traces.Length);
        var json = new Figure(traces).ToJson();
        Assert.Contains("\"name\":\"zero\"", json);
        Assert.Contains("\"x\":[0,2]", json);
    }
}
